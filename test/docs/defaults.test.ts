// The option tables of docs/*.md against the code: every option of a detector's defaults object is
// documented with the same default, and every documented option is one the detector accepts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLevel } from '../../src/core/level.js';
import { KEYWORD_RULE_DEFAULTS, KeywordRule } from '../../src/rules/keyword-rule.js';
import { LEVEL_RULE_DEFAULTS, LevelRule } from '../../src/rules/level-rule.js';
import { SPIKE_RULE_DEFAULTS, SpikeRule } from '../../src/rules/spike-rule.js';
import { TEMPLATE_GROUP_DEFAULTS, TemplateGroups } from '../../src/rules/template-groups.js';
import { BRUTE_FORCE_DEFAULTS, BruteForceDetector } from '../../src/security/brute-force.js';
import { INJECTION_DEFAULTS, InjectionDetector } from '../../src/security/injection-detector.js';
import { SCANNER_DEFAULTS, ScannerDetector } from '../../src/security/scanner.js';
import { BUCKETED_DEFAULTS } from '../../src/stats/bucketed-detector.js';
import { ENTROPY_SPIKE_DEFAULTS, EntropySpike } from '../../src/stats/entropy-spike.js';
import { ERROR_RATE_DEFAULTS, ErrorRateZScore } from '../../src/stats/error-rate-zscore.js';
import { EWMA_DEFAULTS, EwmaChart } from '../../src/stats/ewma.js';
import { VOLUME_DEFAULTS, VolumeZScore } from '../../src/stats/volume.js';
import { NEW_TEMPLATE_DEFAULTS, NewTemplateDetector } from '../../src/templates/new-template.js';
import { TEMPLATE_MINER_DEFAULTS, TemplateMiner } from '../../src/templates/template-miner.js';
import { TEMPLATE_RATE_DEFAULTS, TemplateRateDetector } from '../../src/templates/template-rate.js';
import { LOG_SIGNAL_PROCESSOR_DEFAULTS, LogSignalProcessor } from '../../src/otel/log-signal-processor.js';
import { LOG_WATCHER_DEFAULTS, LogWatcher } from '../../src/watcher/log-watcher.js';

type Options = Record<string, unknown>;

interface DocumentedDetector {
  /** File under docs/ and the heading (its start) the option table follows. */
  doc: string;
  heading: string;
  defaults: Readonly<Options>;
  /** Build the detector with these options (throws on an unknown one). */
  make: (options: Options) => unknown;
  /** Values of required options, used when checking that they are known. */
  required?: Options;
}

const DETECTORS: DocumentedDetector[] = [
  { doc: 'rules-and-statistics.md', heading: '#### `Rule.contains(', defaults: KEYWORD_RULE_DEFAULTS, make: (o) => new KeywordRule('x', o) },
  { doc: 'rules-and-statistics.md', heading: '#### `Rule.level(', defaults: LEVEL_RULE_DEFAULTS, make: (o) => new LevelRule('ERROR', o) },
  { doc: 'rules-and-statistics.md', heading: '#### `Rule.spike(', defaults: SPIKE_RULE_DEFAULTS, make: (o) => new SpikeRule({ threshold: 1, window: 1, ...o }), required: { threshold: 1, window: 1 } },
  { doc: 'rules-and-statistics.md', heading: '#### `group`', defaults: TEMPLATE_GROUP_DEFAULTS, make: (o) => new TemplateGroups(o, 'group') },
  // the shared options of the bucketed detectors, accepted by each of them
  { doc: 'rules-and-statistics.md', heading: '### How the bucketed detectors work', defaults: BUCKETED_DEFAULTS, make: (o) => [new ErrorRateZScore(o), new EwmaChart(o), new VolumeZScore(o)] },
  { doc: 'rules-and-statistics.md', heading: '#### `StatRule.errorRateZScore(', defaults: ERROR_RATE_DEFAULTS, make: (o) => new ErrorRateZScore(o) },
  { doc: 'rules-and-statistics.md', heading: '#### `StatRule.ewma(', defaults: EWMA_DEFAULTS, make: (o) => new EwmaChart(o) },
  { doc: 'rules-and-statistics.md', heading: '#### `StatRule.volume(', defaults: VOLUME_DEFAULTS, make: (o) => new VolumeZScore(o) },
  { doc: 'rules-and-statistics.md', heading: '### `new EntropySpike(', defaults: ENTROPY_SPIKE_DEFAULTS, make: (o) => new EntropySpike(o) },
  { doc: 'templates.md', heading: '## Template miner', defaults: TEMPLATE_MINER_DEFAULTS, make: (o) => new TemplateMiner(o) },
  { doc: 'templates.md', heading: '## `new_template`', defaults: NEW_TEMPLATE_DEFAULTS, make: (o) => new NewTemplateDetector(o) },
  { doc: 'templates.md', heading: '## `template_rate_anomaly`', defaults: TEMPLATE_RATE_DEFAULTS, make: (o) => new TemplateRateDetector(o) },
  { doc: 'security.md', heading: '## Injection detector', defaults: INJECTION_DEFAULTS, make: (o) => new InjectionDetector(o) },
  { doc: 'security.md', heading: '## Brute-force detector', defaults: BRUTE_FORCE_DEFAULTS, make: (o) => new BruteForceDetector(o) },
  { doc: 'security.md', heading: '## Scanner detector', defaults: SCANNER_DEFAULTS, make: (o) => new ScannerDetector(o) },
  { doc: 'processor.md', heading: '## `LogWatcher`', defaults: LOG_WATCHER_DEFAULTS, make: (o) => new LogWatcher(o) },
  {
    doc: 'processor.md',
    heading: '## `LogSignalProcessor`',
    defaults: LOG_SIGNAL_PROCESSOR_DEFAULTS,
    make: (o) => {
      const p = new LogSignalProcessor(o);
      void p.shutdown();
      return p;
    },
  },
];

interface Row {
  option: string;
  /** The default cell as written. */
  value: string;
}

/** The rows of the first `| option | default | meaning |` table after the heading. */
function optionTable(doc: string, heading: string): Row[] {
  const lines = readFileSync(new URL(`../../docs/${doc}`, import.meta.url), 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith(heading));
  if (at < 0) throw new Error(`docs/${doc}: no heading starting with ${heading}`);
  let i = at + 1;
  while (i < lines.length && !/^\| option \| default \|/.test(lines[i])) {
    if (/^#{1,4} /.test(lines[i])) throw new Error(`docs/${doc}: no option table under ${heading}`);
    i++;
  }
  const rows: Row[] = [];
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = lines[i]
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    const name = /^`([A-Za-z]+)`$/.exec(cells[0]);
    if (name === null) throw new Error(`docs/${doc} under ${heading}: the option cell ${cells[0]} is not one \`name\``);
    rows.push({ option: name[1], value: cells[1] });
  }
  return rows;
}

/** How the docs write a default: `'10s'`, `3`, `true`, `['a', 'b']`. */
function written(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(written).join(', ')}]`;
  return String(value);
}

/** The default cell says `value`: its first code span is the value as written (a level by name or number). */
function sameDefault(option: string, cell: string, value: unknown): boolean {
  const code = /^`([^`]*)`/.exec(cell)?.[1];
  if (code === undefined) return false;
  if (code === written(value)) return true;
  if (option === 'level' && typeof value === 'number') {
    try {
      return parseLevel(code.replace(/^'|'$/g, ''), 'doc') === value;
    } catch {
      return false;
    }
  }
  return false;
}

describe('docs option tables match the code', () => {
  for (const d of DETECTORS) {
    it(`docs/${d.doc} ${d.heading}`, () => {
      const rows = optionTable(d.doc, d.heading);
      const byName = new Map(rows.map((r) => [r.option, r]));
      expect(rows.length, 'one row per option').toBe(byName.size);
      for (const [option, value] of Object.entries(d.defaults)) {
        const row = byName.get(option);
        expect(row, `${option} is documented`).toBeDefined();
        expect(sameDefault(option, row!.value, value), `${option}: the doc says ${row!.value}, the code ${written(value)}`).toBe(true);
      }
      for (const { option } of rows) expect(() => d.make({ [option]: d.required?.[option] }), `${option} is an option of the code`).not.toThrow();
      expect(() => d.make({ notAnOption: undefined }), 'the check of unknown options works').toThrow(/notAnOption/);
    });
  }
});
