// `npm run bench`: cost per record of logsignal in an OpenTelemetry pipeline, side by side in one
// process: the bare SDK pipeline (BatchLogRecordProcessor, no-op exporter), the same with logsignal
// in front, LogWatcher.process alone, and each detector alone.
//
// Options: --records N (default 1000000), --runs N (default 5), --only pipeline|detectors. Without
// --only, the template scaling table (bench/templates-scaling.js) and the per-key table
// (bench/keys-scaling.js: spike, bruteForce, scanner with 1M vs 1k keys) follow.
// Figures: median of the runs after a warm-up run, ns/record and records/s.
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { parseArgs } from 'node:util';
import { LogSignalProcessor, LogWatcher, Rule, Security, StatRule, TemplateMiner } from '../dist/index.js';
import { detectorCases } from './detector-cases.js';
import { generateRecords } from './records.js';

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

class NoopExporter {
  export(_records, done) {
    done({ code: 0 });
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

const records = generateRecords(N);
const yieldNow = () => new Promise((resolve) => setImmediate(resolve));

async function runPipeline(makeDetectors) {
  const batch = new BatchLogRecordProcessor({ exporter: new NoopExporter(), maxQueueSize: 8192, maxExportBatchSize: CHUNK, scheduledDelayMillis: 1000 });
  const processor = makeDetectors ? new LogSignalProcessor({ rules: makeDetectors(), next: [batch], tickInterval: 0 }) : batch;
  const provider = new LoggerProvider({ processors: [processor] });
  const logger = provider.getLogger('bench');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i += CHUNK) {
    const end = Math.min(N, i + CHUNK);
    for (let j = i; j < end; j++) {
      const r = records[j];
      logger.emit({ timestamp: r.time, severityNumber: r.severityNumber, severityText: r.severityText, body: r.body, attributes: r.attributes });
    }
    await yieldNow();
  }
  await provider.forceFlush();
  const ns = Number(process.hrtime.bigint() - t0);
  await provider.shutdown();
  return ns / N;
}

/** LogSignalProcessor.onEmit alone on records the SDK built (captured once), handing them to a no-op processor. */
let sdkRecords;
function runOnEmit(makeDetectors) {
  if (sdkRecords === undefined) {
    sdkRecords = [];
    const capture = { onEmit: (r) => sdkRecords.push(r), forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
    const logger = new LoggerProvider({ processors: [capture] }).getLogger('bench');
    for (const r of records) logger.emit({ timestamp: r.time, severityNumber: r.severityNumber, severityText: r.severityText, body: r.body, attributes: r.attributes });
  }
  const sink = { onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  const processor = new LogSignalProcessor({ rules: makeDetectors(), next: [sink], tickInterval: 0 });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) processor.onEmit(sdkRecords[i]);
  return Number(process.hrtime.bigint() - t0) / N;
}

async function runWatcher(makeDetectors, input = 'event') {
  const watcher = new LogWatcher({ rules: makeDetectors(), onSignal: () => {} });
  const event = { time: 0, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
  const t0 = process.hrtime.bigint();
  if (input === 'event') {
    for (let i = 0; i < N; i++) {
      const r = records[i];
      event.time = r.time;
      event.severityNumber = r.severityNumber;
      event.severityText = r.severityText;
      event.message = r.body;
      event.attributes = r.attributes;
      watcher.processEvent(event);
    }
  } else {
    for (let i = 0; i < N; i++) watcher.process(records[i].body);
  }
  return Number(process.hrtime.bigint() - t0) / N;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(cases) {
  const results = new Map(cases.map(([name]) => [name, []]));
  for (const [, fn] of cases) await fn(); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (const [name, fn] of cases) results.get(name).push(await fn());
  }
  return new Map([...results].map(([k, v]) => [k, median(v)]));
}

console.log(`logsignal throughput: ${N.toLocaleString('en')} records, median of ${RUNS} runs after warm-up, Node ${process.version}`);
console.log("Rule set (the seed's): keywords ERROR and CRITICAL, Rule.level('ERROR'), Rule.spike({ threshold: 50, window: 10 })\n");

if (args.only !== 'detectors') {
  const m = await measure([
    ['bare SDK pipeline (batch, no-op exporter)', () => runPipeline(undefined)],
    ['SDK pipeline + LogSignalProcessor', () => runPipeline(seedRules)],
    ['SDK pipeline + LogSignalProcessor, one detector of every kind', () => runPipeline(allKinds)],
    ['LogSignalProcessor.onEmit alone, on SDK records', () => runOnEmit(seedRules)],
    ['LogWatcher.processEvent alone', () => runWatcher(seedRules)],
    ['LogWatcher.processEvent alone, one detector of every kind', () => runWatcher(allKinds)],
    ['LogWatcher.process(string) alone', () => runWatcher(seedRules, 'string')],
  ]);
  console.log('| configuration | ns/record | records/s |\n|---|---:|---:|');
  for (const [k, v] of m) console.log(`| ${k} | ${v.toFixed(0)} | ${Math.round(1e9 / v).toLocaleString('en')} |`);
  const bare = m.get('bare SDK pipeline (batch, no-op exporter)');
  const withLs = m.get('SDK pipeline + LogSignalProcessor');
  const all = m.get('SDK pipeline + LogSignalProcessor, one detector of every kind');
  console.log(
    `\nOverhead of logsignal on the bare pipeline: +${(((withLs - bare) / bare) * 100).toFixed(1)}% per record with the seed's rules, +${(((all - bare) / bare) * 100).toFixed(1)}% with one detector of every kind\n`,
  );
}

if (args.only !== 'pipeline') {
  const cases = detectorCases();
  const m = await measure(cases.map(([name, make]) => [name, () => runWatcher(() => [make()])]));
  console.log('| detector alone (LogWatcher.processEvent) | ns/record |\n|---|---:|');
  for (const [k, v] of m) console.log(`| ${k} | ${v.toFixed(0)} |`);
}

// Template cost per line against the number of live templates (bench/templates-scaling.js): ratios
// measured in this run, one process per row.
if (args.only === undefined) (await import('./templates-scaling.js')).templatesScaling();
// Per-key detectors with 1M vs 1k keys (bench/keys-scaling.js), one row each, child processes.
if (args.only === undefined) (await import('./keys-scaling.js')).keysScaling({ records: N, runs: RUNS > 3 ? 3 : RUNS });
