import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { type Duration, parseDuration } from '../core/duration.js';
import { checkBoolean, checkChoice, checkInteger, checkOptions } from '../core/validate.js';
import { TemplateMiner, type TemplateMinerOptions } from '../templates/template-miner.js';
import { ConfigFileError, relocate } from './config-file-error.js';
import { buildEntry, type DetectorEntry, checkPlainData } from './detector-entry.js';
import { PRESET_NAMES, PRESETS, type PresetName } from './presets.js';

/**
 * A logsignal configuration, as read from `logsignal.config.yaml` / `.json` or given in code; the
 * same format drives `logsignal scan --config` and `LogSignalProcessor.fromConfig`.
 *
 * ```yaml
 * preset: web                 # default (the default) | web | security | ci | none
 * detectors:                  # added to the preset's
 *   - contains: [OutOfMemory, deadlock]
 *   - spike: { threshold: 50, window: 10s, groupBy: client.address }
 * cooldown: 10s
 * mode: both                  # processor only: attributes | events | both
 * maxSignalsPerMinute: 60     # processor only
 * templates: { attributes: true, miner: { similarity: 0.5 } }
 * ```
 */
export interface LogSignalConfig {
  /** Base set of detectors. Default `'default'`. */
  preset?: PresetName;
  /** More detectors, added to the preset's. Default none. */
  detectors?: DetectorEntry[];
  /** Repeats of one detector and key suppressed for this long. Default `'10s'`. */
  cooldown?: Duration;
  /** Processor: where signals go. Default `'both'`. */
  mode?: 'attributes' | 'events' | 'both';
  /** Processor: signal records per minute at most. Default 60. */
  maxSignalsPerMinute?: number;
  /** Template mining: `attributes` puts the template on every record (processor; default false); `miner` options of the shared miner. */
  templates?: { attributes?: boolean; miner?: TemplateMinerOptions };
}

const TOP_KEYS = ['preset', 'detectors', 'cooldown', 'mode', 'maxSignalsPerMinute', 'templates'];
const MODES = ['attributes', 'events', 'both'] as const;

/**
 * Validate a parsed config (from YAML, JSON or code) and return a copy of it (plain data: later
 * changes to `input` do not reach it). Every detector is built once, so a config that passes builds
 * later. Errors are {@link ConfigFileError}s naming `source` (a file
 * path; default `'config'`), the path in the file and what was expected.
 */
export function parseConfig(input: unknown, source = 'config'): LogSignalConfig {
  try {
    if (input === null || input === undefined) return {};
    if (typeof input !== 'object' || Array.isArray(input)) throw new ConfigError('(top level)', 'a mapping of settings', input);
    for (const [key, value] of Object.entries(input)) {
      if (!TOP_KEYS.includes(key)) throw new ConfigError(key, `one of the settings ${TOP_KEYS.join(', ')}`, key);
      checkPlainData(value, key);
    }
    const o = input as LogSignalConfig;
    if (o.preset !== undefined) checkChoice(o.preset, 'preset', PRESET_NAMES);
    if (o.detectors !== undefined && !Array.isArray(o.detectors)) throw new ConfigError('detectors', 'a list of detectors', o.detectors);
    if (o.cooldown !== undefined) parseDuration(o.cooldown, 'cooldown', true);
    if (o.mode !== undefined) checkChoice(o.mode, 'mode', MODES);
    if (o.maxSignalsPerMinute !== undefined) checkInteger(o.maxSignalsPerMinute, 'maxSignalsPerMinute', 1);
    if (o.templates !== undefined) {
      const t = checkOptions(o.templates, 'templates', ['attributes', 'miner']);
      if (t.attributes !== undefined) checkBoolean(t.attributes, 'templates.attributes');
    }
    buildDetectors(o);
    return structuredClone(o);
  } catch (err) {
    if (err instanceof ConfigFileError || !(err instanceof ConfigError)) throw err;
    throw new ConfigFileError(source, err);
  }
}

/** The detector entries a config runs: its preset's, then its own. */
export function configEntries(config: LogSignalConfig): DetectorEntry[] {
  return [...PRESETS[config.preset ?? 'default'], ...(config.detectors ?? [])];
}

/**
 * Fresh detectors for a config (a new set on every call). All template detectors share one
 * {@link TemplateMiner}: `miner` when given, else one made from `config.templates.miner`.
 */
export function buildDetectors(config: LogSignalConfig, options?: { miner?: TemplateMiner }): Detector[] {
  const miner = options?.miner ?? templateMiner(config);
  const preset = PRESETS[config.preset ?? 'default'];
  const own = config.detectors ?? [];
  return [...preset.map((e, i) => buildEntry(e, `preset ${config.preset ?? 'default'}[${i}]`, miner)), ...own.map((e, i) => buildEntry(e, `detectors[${i}]`, miner))];
}

/** A miner with the config's `templates.miner` options. */
export function templateMiner(config: LogSignalConfig): TemplateMiner {
  try {
    return new TemplateMiner(config.templates?.miner);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw relocate(err, 'templates.miner');
  }
}

/** The `LogSignalProcessor` options a config sets (the processor's `fromConfig` adds the caller's options to them). */
export interface ConfigProcessorOptions {
  detectors: Detector[];
  mode?: LogSignalConfig['mode'];
  cooldown?: Duration;
  maxSignalsPerMinute?: number;
  /** The miner the template detectors share, when `templates.attributes` is true; else absent. */
  templates?: TemplateMiner;
}

/**
 * Options for `new LogSignalProcessor(...)` from a validated config: fresh detectors sharing one
 * miner, `mode`, `cooldown`, `maxSignalsPerMinute`, and `templates` (that same miner) when
 * `templates.attributes` is true, so each record is mined once for both. Unset settings are left
 * out, so the processor's defaults apply.
 */
export function processorOptionsFromConfig(config: LogSignalConfig): ConfigProcessorOptions {
  const miner = templateMiner(config);
  const out: ConfigProcessorOptions = { detectors: buildDetectors(config, { miner }) };
  if (config.mode !== undefined) out.mode = config.mode;
  if (config.cooldown !== undefined) out.cooldown = config.cooldown;
  if (config.maxSignalsPerMinute !== undefined) out.maxSignalsPerMinute = config.maxSignalsPerMinute;
  if (config.templates?.attributes === true) out.templates = miner;
  return out;
}
