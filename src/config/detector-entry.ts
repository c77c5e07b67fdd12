import { ConfigError } from '../core/config-error.js';
import { relocate } from './config-file-error.js';
import type { Detector } from '../core/detector.js';
import { Rule } from '../rules/rule.js';
import { Security } from '../security/index.js';
import { StatRule } from '../stats/stat-rule.js';
import { TemplateRule } from '../templates/template-rule.js';
import type { TemplateMiner } from '../templates/template-miner.js';

/**
 * One detector in a config file: a single-key object naming the detector type, with its options,
 * e.g. `{ spike: { threshold: 50, window: '10s' } }` or `{ level: 'ERROR' }`. The options are those
 * of the code API (`Rule.spike`, `StatRule.errorRateZScore`, `Security.injection`, ...).
 */
export type DetectorEntry = Readonly<Record<string, unknown>>;

type Options = Record<string, unknown> | undefined;
type Build = (value: unknown, path: string, miner: TemplateMiner) => Detector;

const options = (value: unknown, path: string): Options => {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(path, 'an options object', value);
  return value as Record<string, unknown>;
};

/** Split `{ keywords, ...options }` style values: the short form is the first argument alone. */
function headAndOptions(value: unknown, head: string, path: string, isShort: (v: unknown) => boolean): [unknown, Options] {
  if (isShort(value)) return [value, undefined];
  const o = options(value, path);
  if (o === undefined || !(head in o)) throw new ConfigError(`${path}.${head}`, `the ${head} (required)`, undefined);
  const { [head]: first, ...rest } = o;
  return [first, rest];
}

/** Options of a template detector: its miner is the config's shared one, so `miner` and `minerOptions` are refused. */
function templateOptions(value: unknown, path: string): Options {
  const o = options(value, path);
  for (const key of ['miner', 'minerOptions']) {
    if (o !== undefined && key in o) throw new ConfigError(`${path}.${key}`, 'nothing here: the template detectors of a config share one miner, set its options under templates.miner', o[key]);
  }
  return o;
}

const isKeywords = (v: unknown) => typeof v === 'string' || Array.isArray(v);
const isLevel = (v: unknown) => typeof v === 'string' || typeof v === 'number';
const MATCH_CONDITION_KEYS = ['keyword', 'level', 'field', 'equals'];

/** Detector types a config can name, and how each is built. */
const BUILDERS: Readonly<Record<string, Build>> = Object.freeze({
  contains: (v, p) => {
    const [keywords, o] = headAndOptions(v, 'keywords', p, isKeywords);
    return Rule.contains(keywords as string | string[], o);
  },
  level: (v, p) => {
    const [level, o] = headAndOptions(v, 'level', p, isLevel);
    return Rule.level(level as string | number, o);
  },
  spike: (v, p) => Rule.spike((options(v, p) ?? {}) as never),
  match: (v, p) => {
    const o = options(v, p) ?? {};
    const condition: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) (MATCH_CONDITION_KEYS.includes(k) ? condition : rest)[k] = x;
    if (Object.keys(condition).length === 0) throw new ConfigError(p, `a condition (${MATCH_CONDITION_KEYS.join(', ')})`, o);
    return Rule.match(condition as never, rest);
  },
  errorRateZScore: (v, p) => StatRule.errorRateZScore(options(v, p)),
  ewma: (v, p) => StatRule.ewma(options(v, p)),
  volume: (v, p) => StatRule.volume(options(v, p)),
  entropySpike: (v, p) => StatRule.entropySpike(options(v, p)),
  newTemplate: (v, p, miner) => TemplateRule.newTemplate({ ...templateOptions(v, p), miner }),
  templateRate: (v, p, miner) => TemplateRule.templateRate({ ...templateOptions(v, p), miner }),
  injection: (v, p) => Security.injection(options(v, p)),
  bruteForce: (v, p) => Security.bruteForce(options(v, p)),
  scanner: (v, p) => Security.scanner(options(v, p)),
});

/** The detector types a config file can name. */
export const DETECTOR_TYPES: readonly string[] = Object.keys(BUILDERS);

/** Keys refused anywhere in a config, by name: they would reach or shadow an object's prototype. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The single type key of an entry; throws a {@link ConfigError} at `path` when it is not one. */
export function entryType(entry: unknown, path: string): string {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ConfigError(path, `a detector such as { level: ERROR } (one of ${DETECTOR_TYPES.join(', ')})`, entry);
  }
  const keys = Object.keys(entry);
  if (keys.length !== 1) throw new ConfigError(path, `exactly one detector type key (one of ${DETECTOR_TYPES.join(', ')})`, keys.join(', ') || 'none');
  if (!Object.hasOwn(BUILDERS, keys[0])) throw new ConfigError(`${path}.${keys[0]}`, `a detector type: one of ${DETECTOR_TYPES.join(', ')}`, keys[0]);
  return keys[0];
}

/**
 * Build the detector of one entry. A detector's own option error (`spike.window: ...`) is re-thrown
 * with the entry's path (`detectors[2].spike.window: ...`); functions are refused (not expressible in
 * a file).
 */
export function buildEntry(entry: DetectorEntry, path: string, miner: TemplateMiner): Detector {
  const type = entryType(entry, path);
  const value = entry[type];
  checkPlainData(value, `${path}.${type}`);
  try {
    return BUILDERS[type](value, `${path}.${type}`, miner);
  } catch (err) {
    if (!(err instanceof ConfigError) || err.path.startsWith(path)) throw err;
    throw relocate(err, `${path}.${type}`);
  }
}

/** Deepest nesting a config value may have (also stops a cyclic value, e.g. a self-referencing YAML anchor). */
const MAX_DEPTH = 32;

/**
 * Throw a {@link ConfigError} at the first function, prototype key (`__proto__`, `constructor`,
 * `prototype`) or too deep nesting inside `value`: a config is plain data. Iterative (an explicit
 * stack), so no input can exhaust the call stack.
 */
export function checkPlainData(value: unknown, path: string): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: v, path: at, depth } = item;
    if (typeof v === 'function') throw new ConfigError(at, 'data (a function cannot appear in a config; use the code API for predicates)', v);
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) throw new ConfigError(at, `plain data nested at most ${MAX_DEPTH} deep`, 'deeper (or cyclic) data');
    const isArray = Array.isArray(v);
    for (const k of Object.keys(v)) {
      if (!isArray && PROTOTYPE_KEYS.has(k)) throw new ConfigError(`${at}.${k}`, 'a setting name (prototype keys are refused)', k);
      stack.push({ value: (v as Record<string, unknown>)[k], path: isArray ? `${at}[${k}]` : `${at}.${k}`, depth: depth + 1 });
    }
  }
}
