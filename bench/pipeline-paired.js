// `node --expose-gc bench/pipeline-paired.js`: the processor's overhead on the bare SDK pipeline
// (BatchLogRecordProcessor, no-op exporter) as paired ratios, for a machine too loaded for
// bench/throughput.js's per-run medians to show differences of a few percent.
//
// Every configuration has its own LoggerProvider. Each chunk of 512 records is emitted to every
// configuration in turn (the order rotating from chunk to chunk), each building its own bodies and
// attributes at emit time with template literals (bench/records.js), so each pays for fresh
// cons-strings. The process CPU time of each configuration's chunk is taken; for each chunk, a
// configuration's time is compared with the bare pipeline's on the same records a few milliseconds
// earlier or later, and the figure is the median over all chunks of all rounds (a chunk disturbed by
// other work on the machine is an outlier the median ignores). The batch processor's exports run
// between chunks and are not in the chunk times (with the no-op exporter they are the same for all).
//
// The "floor" row is a hand-written processor doing the seed rules' test of each record inline: flatten the
// body and test one regex for both keywords on the whole body, a ring of the last 50 record times for the
// spike (counted, never tagged), a severity comparison, and on every record that has a keyword or is ERROR
// or above the same five constant SDK tags; no record reading, signal objects, cooldown, evidence, signal
// records or pipeline. It is the floor of that work done that way on these records (a reference for the
// processor's row), not a bound on every implementation: the processor's keyword rules stop at `maxChars`
// (8,192 characters by default) where the floor scans the whole body (the bodies here are shorter, so both
// scan all of it); like the floor, the processor tags every record that raised a signal (repeats the
// cooldown suppressed included), and it also tags the record that starts a spike.
//
// Options: --records N (default 100000), --rounds N (default 5, after a warm-up round), --only a,b (run the bare
// pipeline and only the rows whose number is listed, 1 = the first row after the bare one: the rows share the JIT's
// type feedback in one process, so a row run alone shows what one configuration costs in an application of its own).
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { parseArgs } from 'node:util';
import { LogSignalProcessor, PRESETS, Rule } from '../dist/index.js';
import { NoopExporter, emitAttributes, emitBody, generateParts, passThrough } from './records.js';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' }, only: { type: 'string' } } });
const N = Number(args.records);
const ROUNDS = Number(args.rounds);
const CHUNK = 512;

/** The floor of the seed rules (see the header): their required work and nothing else. */
const seedFloor = (next) => ({
  keywords: /CRITICAL|ERROR/i,
  times: new Float64Array(50).fill(Number.NEGATIVE_INFINITY),
  at: 0,
  spikes: 0,
  onEmit(record, context) {
    const body = record.body;
    let hit = false;
    if (typeof body === 'string' && body.length > 0) {
      body.charCodeAt(0); // flattened once, so the regex runs on its fast path
      hit = this.keywords.test(body);
    }
    const t = record.hrTime[0] * 1000 + record.hrTime[1] / 1e6;
    if (t - this.times[this.at] < 10_000) this.spikes++; // 50 records within 10 s
    this.times[this.at] = t;
    this.at = this.at === 49 ? 0 : this.at + 1;
    if (hit || record.severityNumber >= 17) {
      record.setAttribute('logsignal.anomaly', true);
      record.setAttribute('logsignal.detectors', ['keyword_match', 'level_match']);
      record.setAttribute('logsignal.severity', 'high');
      record.setAttribute('logsignal.kinds', ['rule']);
      record.setAttribute('logsignal.message', "Keyword 'ERROR' detected");
    }
    next[0].onEmit(record, context);
  },
  forceFlush: () => next[0].forceFlush(),
  shutdown: () => next[0].shutdown(),
});
const untemplated = PRESETS.default.filter((e) => !('newTemplate' in e) && !('templateRate' in e));
const seedRules = () => ['ERROR', 'CRITICAL', Rule.level('ERROR'), Rule.spike({ threshold: 50, window: 10 })];
const BARE = 'bare SDK pipeline (batch, no-op exporter)';
/** [name, wrap(next) or undefined] */
const ALL_CONFIGS = [
  [BARE, undefined],
  ['+ a pass-through processor', passThrough(false)],
  ["+ a pass-through processor reading each body's first character", passThrough(true)],
  ["+ the seed rules' floor (hand-written, see the header)", seedFloor],
  ['+ LogSignalProcessor, no rules', (next) => new LogSignalProcessor({ rules: [], next, tickInterval: 0 })],
  ["+ LogSignalProcessor, the seed's rules", (next) => new LogSignalProcessor({ rules: seedRules(), next, tickInterval: 0 })],
  ['+ LogSignalProcessor, default preset (fromConfig)', (next) => LogSignalProcessor.fromConfig({ preset: 'default' }, { next, tickInterval: 0 })],
  // the preset's share that is not the miner: its detectors that read no template (so nothing is mined)
  ['+ LogSignalProcessor, default preset without its template detectors', (next) => LogSignalProcessor.fromConfig({ preset: 'none', detectors: untemplated }, { next, tickInterval: 0 })],
];
const onlyRows = args.only === undefined ? undefined : new Set(args.only.split(',').map(Number));
if (onlyRows !== undefined && [...onlyRows].some((n) => !Number.isInteger(n) || n < 1 || n >= ALL_CONFIGS.length)) {
  throw new Error(`--only: row numbers from 1 to ${ALL_CONFIGS.length - 1}, comma-separated`);
}
const CONFIGS = onlyRows === undefined ? ALL_CONFIGS : ALL_CONFIGS.filter((_, i) => i === 0 || onlyRows.has(i));

const parts = generateParts(N);
const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const yieldNow = () => new Promise((resolve) => setImmediate(resolve));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One round: every configuration over the N records, chunk by chunk; ns/record of each chunk per configuration. */
async function round() {
  const live = CONFIGS.map(([, wrap]) => {
    const batch = new BatchLogRecordProcessor({ exporter: new NoopExporter(), maxQueueSize: 8192, maxExportBatchSize: CHUNK, scheduledDelayMillis: 1000 });
    const provider = new LoggerProvider({ processors: [wrap ? wrap([batch]) : batch] });
    return { provider, logger: provider.getLogger('bench'), chunks: [] };
  });
  for (let i = 0, k = 0; i < N; i += CHUNK, k++) {
    const end = Math.min(N, i + CHUNK);
    for (let q = 0; q < live.length; q++) {
      const l = live[(q + k) % live.length];
      const logger = l.logger;
      const t0 = cpuNs();
      for (let j = i; j < end; j++) {
        const p = parts[j];
        logger.emit({ timestamp: p.time, severityNumber: p.severityNumber, severityText: p.severityText, body: emitBody(p), attributes: emitAttributes(p) });
      }
      l.chunks.push((cpuNs() - t0) / (end - i));
    }
    await yieldNow();
  }
  for (const l of live) {
    await l.provider.forceFlush();
    await l.provider.shutdown();
  }
  return live.map((l) => l.chunks);
}

console.log(`logsignal paired overhead: ${N.toLocaleString('en')} records x ${ROUNDS} rounds after a warm-up round, chunks of ${CHUNK}, Node ${process.version}`);
globalThis.gc?.();
await round();
const chunks = CONFIGS.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  globalThis.gc?.();
  const got = await round();
  got.forEach((c, i) => chunks[i].push(...c));
}
const bare = chunks[0];
console.log('| configuration | ns/record (median chunk) | over the bare pipeline (median of paired chunks) | ns over it |\n|---|---:|---:|---:|');
CONFIGS.forEach(([name], i) => {
  const c = chunks[i];
  const ratio = median(c.map((x, j) => x / bare[j])) - 1;
  const diff = median(c.map((x, j) => x - bare[j]));
  console.log(`| ${name} | ${median(c).toFixed(0)} | ${i === 0 ? '' : `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(1)}%`} | ${i === 0 ? '' : diff.toFixed(0)} |`);
});
