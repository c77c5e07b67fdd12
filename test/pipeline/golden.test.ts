// Golden signals: every signal the project raises on its fixtures and corpus samples, recorded in
// test/fixtures/golden/ and compared on every run (see test/fixtures/golden/README.md).
// `UPDATE_GOLDEN=1 npx vitest run test/pipeline/golden.test.ts` rewrites the files.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanCommand } from '../../src/cli/scan-command.js';
import type { Signal } from '../../src/core/signal.js';
import { LogSignalProcessor } from '../../src/otel/log-signal-processor.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures');
const goldenDir = join(fixtures, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** The fields of a signal that the golden files keep. */
interface GoldenSignal {
  detector: string;
  name: string;
  key?: string;
  time: string | number;
  severity: string;
  message: string;
  evidence: unknown;
}

const pick = (s: Partial<Signal> & { time: string | number }): GoldenSignal => ({
  detector: s.detector as string,
  name: s.name as string,
  key: s.key,
  time: s.time,
  severity: s.severity as string,
  message: s.message as string,
  evidence: s.evidence,
});

/** Compare with the golden file (or write it with UPDATE_GOLDEN=1). */
function golden(name: string, actual: Record<string, unknown>): void {
  const path = join(goldenDir, `${name}.json`);
  const text = `${JSON.stringify(actual, null, 1)}\n`;
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`no golden file ${path}: run with UPDATE_GOLDEN=1 to create it`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, text);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

// `logsignal scan --format jsonl` in process, stdout captured.
let captured: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);
beforeEach(() => {
  captured = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
});
afterEach(() => {
  process.stdout.write = realWrite;
});

async function scanSignals(path: string, preset: string): Promise<GoldenSignal[]> {
  captured = [];
  await scanCommand([path, '--preset', preset, '--format', 'jsonl', '--year', '2025', '--no-progress'], new Date(Date.UTC(2026, 0, 1)));
  return captured
    .join('')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => pick(JSON.parse(l)));
}

const cliFiles = readdirSync(join(fixtures, 'cli'))
  .filter((f) => f !== 'README.md')
  .sort()
  .map((f) => join(fixtures, 'cli', f));
const securityFiles = [
  join(fixtures, 'security', 'apache-access-sample.txt'),
  join(fixtures, 'security', 'corpus-sample.jsonl'),
  ...readdirSync(join(fixtures, 'security', 'crowdsec'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(fixtures, 'security', 'crowdsec', f)),
];
const corpusFiles = [
  join(fixtures, 'templates', 'app-lines.txt'),
  ...readdirSync(join(goldenDir, 'corpora'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(goldenDir, 'corpora', f)),
];

const SCANS: [string, string[], string[]][] = [
  ['cli', cliFiles, ['default', 'web', 'security', 'ci']],
  ['security', securityFiles, ['web', 'security']],
  ['corpus', corpusFiles, ['default', 'web', 'ci']],
];

describe('golden signals: logsignal scan', () => {
  for (const [group, files, presets] of SCANS) {
    for (const file of files) {
      it(`${group}/${basename(file)}`, async () => {
        const out: Record<string, GoldenSignal[]> = {};
        for (const p of presets) out[p] = await scanSignals(file, p);
        golden(`scan-${group}-${basename(file)}`, out);
      });
    }
  }
});

/** Each line of a file as one record body through a real LoggerProvider, 100 ms apart. */
/** Configs of the processor runs: two presets and a template-heavy one (short warm-ups, 5 s buckets). */
const PROCESSOR_CONFIGS: Record<string, object> = {
  default: { preset: 'default' },
  web: { preset: 'web' },
  templates: { preset: 'none', detectors: [{ newTemplate: { warmupRecords: 50 } }, { templateRate: { bucket: '5s', warmupBuckets: 3 } }, { errorRateZScore: { bucket: '5s' } }] },
};

function processorRun(file: string, config: object): { signals: GoldenSignal[]; flagged: number; templates: string } {
  const signals: GoldenSignal[] = [];
  const tags: string[] = [];
  let flagged = 0;
  const capture: LogRecordProcessor = {
    onEmit(r: ReadableLogRecord) {
      if (r.eventName === 'logsignal.signal') return;
      if (r.attributes['logsignal.anomaly'] === true) flagged++;
      const id = r.attributes['logsignal.template.id'];
      if (id !== undefined) tags.push(String(id));
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const processor = LogSignalProcessor.fromConfig(
    { ...config, templates: { attributes: true } },
    {
      next: [capture],
      tickInterval: 0,
      clock: () => 0,
      maxSignalsPerMinute: 1_000_000,
      onSignal: (s) => signals.push(pick(s)),
    },
  );
  const logger = new LoggerProvider({ processors: [processor] }).getLogger('golden');
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const start = Date.UTC(2026, 0, 1);
  lines.forEach((body, i) => logger.emit({ timestamp: start + i * 100, body }));
  processor.tick(start + lines.length * 100 + 3_600_000);
  return { signals, flagged, templates: tags.join(' ') };
}

describe('golden signals: LogSignalProcessor', () => {
  const files = [join(fixtures, 'cli', 'app.log'), join(fixtures, 'cli', 'access.log'), join(fixtures, 'security', 'apache-access-sample.txt'), ...corpusFiles];
  for (const file of files) {
    it(basename(file), () => {
      const out: Record<string, unknown> = {};
      for (const [name, config] of Object.entries(PROCESSOR_CONFIGS)) out[name] = processorRun(file, config);
      golden(`processor-${basename(file)}`, out);
    });
  }
});
