// `npm run bench`: cost per record of logsignal in an OpenTelemetry pipeline, side by side in one
// process: the bare SDK pipeline (BatchLogRecordProcessor, no-op exporter), the same with a
// pass-through processor in front (the floors: any processor; any processor that reads the message),
// with logsignal in front (no rules, the seed's rules, the default preset, one detector of every kind),
// LogSignalProcessor.onEmit alone, LogWatcher.processEvent alone, and each detector alone.
//
// Honest inputs: every row builds each record's body and attributes inside its timed loop with
// template literals from pre-drawn random parts (bench/records.js), as an application's log call
// does, so each run pays for fresh cons-strings (whoever reads a body first flattens it) and no run
// is flattered by strings an earlier run flattened. Bare and logsignal rows build them identically.
// Times are the process's CPU time (user + system), not wall-clock time. Rows are interleaved (one run of each row in turn, A B C A B C ...) after a warm-up round; the
// figure is the median; with --expose-gc (as `npm run bench` runs it) the heap is collected before each run. "peak RSS" is the highest resident set size sampled (every 512 records)
// during the row's runs: all rows share one process, so it includes what earlier rows left on the heap.
//
// Options: --records N (default 1000000), --runs N (default 5), --only pipeline|detectors. Without
// --only, the template scaling table (bench/templates-scaling.js), the per-key table
// (bench/keys-scaling.js: spike, bruteForce, scanner with 1M vs 1k keys) and the hostile stream
// against a normal one (bench/hostile-stream.js, at most 50,000 records a run) follow.
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { parseArgs } from 'node:util';
import { LogSignalProcessor, LogWatcher, Rule, Security, StatRule, TemplateMiner } from '../dist/index.js';
import { detectorCases } from './detector-cases.js';
import { NoopExporter, emitAttributes, emitBody, generateParts, passThrough } from './records.js';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, only: { type: 'string' } } });
const N = Number(args.records);
const RUNS = Number(args.runs);
const CHUNK = 512; // records between yields, so the batch processor's exports run as they would

const seedRules = () => ['ERROR', 'CRITICAL', Rule.level('ERROR'), Rule.spike({ threshold: 50, window: 10 })];
/** One detector of every kind: the seed's rules, error rate, volume, templates (one shared miner), injection. */
const allKinds = () => {
  const miner = new TemplateMiner();
  return [...seedRules(), StatRule.errorRateZScore(), StatRule.volume(), StatRule.newTemplate({ miner }), StatRule.templateRate({ miner }), Security.injection()];
};

/** An exporter that reads each string body's first character, as serialising it (OTLP protobuf or JSON) does: the first reader of a cons-string flattens it. */
class BodyReadingExporter extends NoopExporter {
  export(records, done) {
    let n = 0;
    for (const r of records) if (typeof r.body === 'string' && r.body.length > 0) n += r.body.charCodeAt(0);
    this.sum = n;
    done({ code: 0 });
  }
}

const parts = generateParts(N);
/**
 * CPU time of this process (user + system, all its threads: the GC's helpers included), ns. Used
 * instead of wall-clock time: on a shared machine a run descheduled for other people's work would
 * otherwise be charged for it.
 */
const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const yieldNow = () => new Promise((resolve) => setImmediate(resolve));
const rss = { peak: 0 };
const sampleRss = () => {
  const r = process.memoryUsage.rss();
  if (r > rss.peak) rss.peak = r;
};

/** The SDK pipeline with `wrap(batch)` in front (undefined: the bare batch processor); each record built at emit time. */
async function runPipeline(wrap, Exporter = NoopExporter) {
  const batch = new BatchLogRecordProcessor({ exporter: new Exporter(), maxQueueSize: 8192, maxExportBatchSize: CHUNK, scheduledDelayMillis: 1000 });
  const processor = wrap ? wrap([batch]) : batch;
  const provider = new LoggerProvider({ processors: [processor] });
  const logger = provider.getLogger('bench');
  const t0 = cpuNs();
  for (let i = 0; i < N; i += CHUNK) {
    const end = Math.min(N, i + CHUNK);
    for (let j = i; j < end; j++) {
      const p = parts[j];
      logger.emit({ timestamp: p.time, severityNumber: p.severityNumber, severityText: p.severityText, body: emitBody(p), attributes: emitAttributes(p) });
    }
    sampleRss();
    await yieldNow();
  }
  await provider.forceFlush();
  const ns = cpuNs() - t0;
  await provider.shutdown();
  return ns / N;
}

const withRules = (makeRules) => (next) => new LogSignalProcessor({ rules: makeRules(), next, tickInterval: 0 });
const withConfig = (config) => (next) => LogSignalProcessor.fromConfig(config, { next, tickInterval: 0 });

/** LogSignalProcessor.onEmit alone on records the SDK built (fresh ones per chunk, built untimed), handing them to a no-op processor. */
function runOnEmit(makeDetectors) {
  const chunk = [];
  // The SDK makes a record read-only once its processors' onEmit returned; made writable again here
  // (its 0.2xx field), as it is while processors run, so a flagged record's tags cost what they do in
  // a pipeline (on a read-only record setAttribute only warns).
  const writable = (r) => {
    if (r._isReadonly === true) r._isReadonly = false;
    return r;
  };
  const capture = { onEmit: (r) => chunk.push(r), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  const logger = new LoggerProvider({ processors: [capture] }).getLogger('bench');
  const sink = { onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  const processor = new LogSignalProcessor({ rules: makeDetectors(), next: [sink], tickInterval: 0 });
  let ns = 0;
  for (let i = 0; i < N; i += CHUNK) {
    const end = Math.min(N, i + CHUNK);
    chunk.length = 0;
    for (let j = i; j < end; j++) {
      const p = parts[j];
      logger.emit({ timestamp: p.time, severityNumber: p.severityNumber, severityText: p.severityText, body: emitBody(p), attributes: emitAttributes(p) });
    }
    for (let k = 0; k < chunk.length; k++) writable(chunk[k]);
    const t0 = cpuNs();
    for (let k = 0; k < chunk.length; k++) processor.onEmit(chunk[k]);
    ns += cpuNs() - t0;
    sampleRss();
  }
  return ns / N;
}

/** LogWatcher.processEvent (or .process(string)) on events built at call time. */
async function runWatcher(makeDetectors, input = 'event') {
  const watcher = new LogWatcher({ rules: makeDetectors(), onSignal: () => {} });
  const event = { time: 0, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
  const t0 = cpuNs();
  for (let i = 0; i < N; i++) {
    const p = parts[i];
    if (input === 'event') {
      event.time = p.time;
      event.severityNumber = p.severityNumber;
      event.severityText = p.severityText;
      event.message = emitBody(p);
      event.attributes = emitAttributes(p);
      watcher.processEvent(event);
    } else watcher.process(emitBody(p));
    if ((i & 511) === 0) sampleRss();
  }
  return (cpuNs() - t0) / N;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`;

/** Interleaved runs: a warm-up round, then RUNS rounds of one run per case. Median ns/record and peak RSS per case. */
async function measure(cases) {
  const results = new Map(cases.map(([name]) => [name, { ns: [], peak: 0 }]));
  const once = async (name, fn) => {
    globalThis.gc?.(); // (npm run bench passes --expose-gc) each run starts on a collected heap, not paying for the previous row's garbage
    rss.peak = 0;
    const ns = await fn();
    const r = results.get(name);
    if (rss.peak > r.peak) r.peak = rss.peak;
    return ns;
  };
  for (const [name, fn] of cases) await once(name, fn); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (const [name, fn] of cases) results.get(name).ns.push(await once(name, fn));
  }
  return new Map([...results].map(([k, v]) => [k, { ns: median(v.ns), peak: v.peak }]));
}

console.log(`logsignal throughput: ${N.toLocaleString('en')} records, median of ${RUNS} interleaved runs after a warm-up round, Node ${process.version}`);
console.log(
  "Bodies and attributes built at emit time (template literals), identically for every row. Seed rules: keywords ERROR and CRITICAL, Rule.level('ERROR'), Rule.spike({ threshold: 50, window: 10 })\n",
);

const BARE = 'bare SDK pipeline (batch, no-op exporter)';
/** The LogWatcher rows' floor: building each record's body, attributes and event, with no detector. */
const WATCHER_FLOOR = 'LogWatcher.processEvent, no detector (building each record: the floor of the rows below)';
const BARE_READING = 'bare SDK pipeline, exporter reading each body';
/** [name, run, the bare row it is compared with] */
const PIPELINE_ROWS = [
  [BARE, () => runPipeline(undefined)],
  ['+ a pass-through processor (no analysis: the floor of any processor)', () => runPipeline(passThrough(false)), BARE],
  ["+ a pass-through processor reading each body's first character (the floor of any detector reading the message)", () => runPipeline(passThrough(true)), BARE],
  ['+ LogSignalProcessor, no rules', () => runPipeline(withRules(() => [])), BARE],
  ["+ LogSignalProcessor, the seed's rules", () => runPipeline(withRules(seedRules)), BARE],
  ['+ LogSignalProcessor, default preset (fromConfig)', () => runPipeline(withConfig({ preset: 'default' })), BARE],
  ['+ LogSignalProcessor, default preset + injection on request fields', () => runPipeline(withConfig({ preset: 'default', detectors: [{ injection: {} }] })), BARE],
  ['+ LogSignalProcessor, one detector of every kind', () => runPipeline(withRules(allKinds)), BARE],
  [BARE_READING, () => runPipeline(undefined, BodyReadingExporter)],
  ["+ LogSignalProcessor, the seed's rules, exporter reading each body", () => runPipeline(withRules(seedRules), BodyReadingExporter), BARE_READING],
];

if (args.only !== 'detectors') {
  const m = await measure([
    ...PIPELINE_ROWS.map(([k, run]) => [k, run]),
    ["LogSignalProcessor.onEmit alone, on SDK records, seed's rules", () => runOnEmit(seedRules)],
    [WATCHER_FLOOR, () => runWatcher(() => [])],
    ["LogWatcher.processEvent alone, seed's rules", () => runWatcher(seedRules)],
    ['LogWatcher.processEvent alone, one detector of every kind', () => runWatcher(allKinds)],
    ["LogWatcher.process(string) alone, seed's rules", () => runWatcher(seedRules, 'string')],
  ]);
  const baseOf = new Map(PIPELINE_ROWS.map(([k, , base]) => [k, base]));
  const floor = m.get(WATCHER_FLOOR).ns;
  console.log('| configuration | ns/record | records/s | on its bare pipeline | peak RSS |\n|---|---:|---:|---:|---:|');
  for (const [k, v] of m) {
    const base = baseOf.get(k) === undefined ? undefined : m.get(baseOf.get(k)).ns;
    let over = base === undefined ? '' : `${v.ns >= base ? '+' : ''}${(((v.ns - base) / base) * 100).toFixed(1)}%`;
    if (k.startsWith('LogWatcher') && k !== WATCHER_FLOOR) over = `${(v.ns - floor).toFixed(0)} ns over the floor`;
    console.log(`| ${k} | ${v.ns.toFixed(0)} | ${Math.round(1e9 / v.ns).toLocaleString('en')} | ${over} | ${mb(v.peak)} |`);
  }
  console.log('');
}

if (args.only !== 'pipeline') {
  const cases = detectorCases();
  const FLOOR = 'no detector (building each record: the floor)';
  const m = await measure([[FLOOR, () => runWatcher(() => [])], ...cases.map(([name, make]) => [name, () => runWatcher(() => [make()])])]);
  const floor = m.get(FLOOR).ns;
  console.log('| detector alone (LogWatcher.processEvent) | ns/record | over the floor | peak RSS |\n|---|---:|---:|---:|');
  for (const [k, v] of m) console.log(`| ${k} | ${v.ns.toFixed(0)} | ${k === FLOOR ? '' : (v.ns - floor).toFixed(0)} | ${mb(v.peak)} |`);
}

// Template cost per line against the number of live templates (bench/templates-scaling.js): ratios
// measured in this run, one process per row.
if (args.only === undefined) (await import('./templates-scaling.js')).templatesScaling();
// Per-key detectors with 1M vs 1k keys (bench/keys-scaling.js), one row each, child processes.
if (args.only === undefined) (await import('./keys-scaling.js')).keysScaling({ records: N, runs: RUNS > 3 ? 3 : RUNS });
// The hostile stream against a normal one (bench/hostile-stream.js), child processes, 3 rounds: one
// detector of every kind, then the default preset.
if (args.only === undefined) {
  const { hostileStream } = await import('./hostile-stream.js');
  for (const set of ['every', 'default']) hostileStream({ records: Math.min(N, 50_000), runs: RUNS > 3 ? 3 : RUNS, rounds: 3, set });
}
