// `npm run bench:quality` (stats part): replays labelled loghub logs by their own timestamps through
// the statistical detectors and reports, per detector configuration, how many labelled alert bursts
// were signalled, how late, and how many signals fell on clean stretches. Prints markdown.
//
// Data: --data <dir> or env LOGHUB_DIR, default ../shared/datasets/loghub relative to the repo
// (/work/shared/datasets/loghub). Skips (exit 0) when absent. Build first: npx tsc -p tsconfig.build.json
//
// Definitions
// - BGL: label = first field ('-' normal, else an alert category); time = the microsecond timestamp
//   field (2005-06-03-15.42.50.675872, UTC); level = 9th field (FATAL/FAILURE 21, ERROR/SEVERE 17,
//   WARNING 13, INFO 9).
// - Alert burst: alert lines in time order, a new burst starting when the gap to the previous alert
//   line exceeds BURST_GAP (1 h).
// - A burst is signalled when a signal's bucket [bucketStart, bucketStart + bucket) overlaps
//   [first alert, last alert] of the burst; delay = signal time - first alert time (the signal is
//   raised when its bucket closes).
// - A signal is on a clean stretch when its bucket holds no alert line.
// - Replay emulates the processor's timer: before each record, tick(end of the previous record's
//   bucket) when that end has passed, so a bucket closes at its end, not at the next (maybe
//   days-later) record. The 2k samples are sparse (BGL: 2,000 lines over 214 days), so maxSkew is
//   raised to 365d for the replay: the day-long gaps are real, not clock errors.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rule, StatRule } from '../dist/index.js';
import { loghubDir, loghubLines } from './loghub.js';

const { values: args } = parseArgs({ options: { data: { type: 'string' } } });
const dataDir = loghubDir(args.data);
if (!existsSync(join(dataDir, 'BGL', 'BGL_2k.log'))) {
  console.log(`quality-stats: loghub data not found at ${dataDir} (use --data <dir> or LOGHUB_DIR); skipped.`);
  process.exit(0);
}

const BURST_GAP = 3_600_000;
const LEVELS = { FATAL: 21, FAILURE: 21, ERROR: 17, SEVERE: 17, WARNING: 13, WARN: 13, INFO: 9 };

function bgl() {
  const out = [];
  for (const line of loghubLines('BGL', dataDir)) {
    const f = line.split(' ');
    const m = /^(\d{4})-(\d\d)-(\d\d)-(\d\d)\.(\d\d)\.(\d\d)\.(\d{6})$/.exec(f[4]);
    const time = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + Math.floor(+m[7] / 1000) : Number(f[1]) * 1000;
    out.push({ time, severityNumber: LEVELS[f[8]] ?? 9, severityText: f[8] ?? '', message: f.slice(9).join(' '), attributes: {}, eventName: '', alert: f[0] !== '-' });
  }
  return out.sort((a, b) => a.time - b.time);
}

function thunderbird() {
  const out = [];
  for (const line of loghubLines('Thunderbird', dataDir)) {
    if (!line) continue;
    const f = line.split(' ');
    // epoch seconds in field 2 and the clock time in field 7 (the epoch is per line, seconds)
    const time = Number(f[1]) * 1000;
    out.push({ time, severityNumber: 9, severityText: '', message: f.slice(8).join(' '), attributes: {}, eventName: '', alert: f[0] !== '-' });
  }
  return out.sort((a, b) => a.time - b.time);
}

function hdfs() {
  const out = [];
  for (const line of loghubLines('HDFS', dataDir)) {
    const m = /^(\d\d)(\d\d)(\d\d) (\d\d)(\d\d)(\d\d) \d+ (\w+) /.exec(line);
    if (!m) continue;
    const time = Date.UTC(2000 + +m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    out.push({ time, severityNumber: LEVELS[m[7]] ?? 9, severityText: m[7], message: line, attributes: {}, eventName: '', alert: false });
  }
  return out.sort((a, b) => a.time - b.time);
}

function bursts(events) {
  const list = [];
  for (const e of events) {
    if (!e.alert) continue;
    const last = list[list.length - 1];
    if (last && e.time - last.end <= BURST_GAP) {
      last.end = e.time;
      last.lines++;
    } else list.push({ start: e.time, end: e.time, lines: 1 });
  }
  return list;
}

function replay(detector, events, bucketMs) {
  const signals = [];
  let last = NaN;
  for (const e of events) {
    if (last === last) {
      const end = Math.floor(last / bucketMs) * bucketMs + bucketMs;
      if (e.time >= end) detector.tick(end, signals);
    }
    detector.observe(e, signals);
    last = e.time;
  }
  if (last === last) detector.tick(Math.floor(last / bucketMs) * bucketMs + bucketMs, signals);
  return signals;
}

function score(signals, events, list, bucketMs) {
  const alerts = events.filter((e) => e.alert).map((e) => e.time);
  const hasAlert = (a, b) => alerts.some((t) => t >= a && t < b);
  let clean = 0;
  const delays = [];
  let hit = 0;
  for (const b of list) {
    const s = signals.find((x) => {
      const bs = Date.parse(x.evidence.bucketStart);
      return bs <= b.end && bs + bucketMs > b.start;
    });
    if (s) {
      hit++;
      delays.push(s.time - b.start);
    }
  }
  for (const s of signals) {
    const bs = Date.parse(s.evidence.bucketStart);
    if (!hasAlert(bs, bs + bucketMs)) clean++;
  }
  delays.sort((a, b) => a - b);
  const med = delays.length ? delays[Math.floor(delays.length / 2)] : NaN;
  const big = list.filter((b) => b.lines >= 3);
  const bigHit = big.filter((b) =>
    signals.some((x) => {
      const bs = Date.parse(x.evidence.bucketStart);
      return bs <= b.end && bs + bucketMs > b.start;
    }),
  ).length;
  return { hit, clean, med, max: delays.length ? delays[delays.length - 1] : NaN, big: big.length, bigHit };
}

const fmt = (ms) => (ms !== ms ? '–' : ms < 60_000 ? `${(ms / 1000).toFixed(0)} s` : ms < 3_600_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 3_600_000).toFixed(1)} h`);
const names = (signals) => {
  const c = {};
  for (const s of signals) c[s.name] = (c[s.name] ?? 0) + 1;
  return (
    Object.entries(c)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none'
  );
};

const configs = [
  ['StatRule.errorRateZScore({ bucket: 10s })', '10s', (b) => StatRule.errorRateZScore({ bucket: b, maxSkew: '365d' })],
  ['StatRule.errorRateZScore({ bucket: 1m, minCount: 3 })', '1m', (b) => StatRule.errorRateZScore({ bucket: b, minCount: 3, maxSkew: '365d' })],
  ['StatRule.errorRateZScore({ bucket: 10m, minCount: 3 })', '10m', (b) => StatRule.errorRateZScore({ bucket: b, minCount: 3, maxSkew: '365d' })],
  ['StatRule.errorRateZScore({ bucket: 1h, minCount: 3 })', '1h', (b) => StatRule.errorRateZScore({ bucket: b, minCount: 3, maxSkew: '365d' })],
  ['StatRule.volume({ bucket: 10s })', '10s', (b) => StatRule.volume({ bucket: b, maxSkew: '365d' })],
  ['StatRule.volume({ bucket: 1m })', '1m', (b) => StatRule.volume({ bucket: b, maxSkew: '365d' })],
  ['StatRule.volume({ bucket: 10m })', '10m', (b) => StatRule.volume({ bucket: b, maxSkew: '365d' })],
  ['StatRule.volume({ bucket: 1h })', '1h', (b) => StatRule.volume({ bucket: b, maxSkew: '365d' })],
];
const BUCKET_MS = { '10s': 10_000, '1m': 60_000, '10m': 600_000, '1h': 3_600_000 };

const bglEvents = bgl();
const bglBursts = bursts(bglEvents);
console.log(`### BGL_2k (${bglEvents.length} lines, ${bglEvents.filter((e) => e.alert).length} alert lines, ${bglBursts.length} alert bursts with gaps <= 1 h)\n`);
console.log('| detector | bursts signalled | bursts of >= 3 lines signalled | median delay | max delay | signals | on clean stretches | by name |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [label, bucket, make] of configs) {
  const ms = BUCKET_MS[bucket];
  const sig = replay(make(bucket), bglEvents, ms);
  const r = score(sig, bglEvents, bglBursts, ms);
  console.log(`| \`${label}\` | ${r.hit} / ${bglBursts.length} | ${r.bigHit} / ${r.big} | ${fmt(r.med)} | ${fmt(r.max)} | ${sig.length} | ${r.clean} | ${names(sig)} |`);
}

for (const [name, load] of [
  ['Thunderbird_2k', thunderbird],
  ['HDFS_2k', hdfs],
]) {
  const events = load();
  const span = events[events.length - 1].time - events[0].time;
  console.log(`\n### ${name} (${events.length} lines over ${fmt(span)}, no alert labels: every signal is unconfirmed)\n`);
  console.log('| detector | signals | by name |');
  console.log('|---|---|---|');
  for (const [label, bucket, make] of configs) {
    const sig = replay(make(bucket), events, BUCKET_MS[bucket]);
    console.log(`| \`${label}\` | ${sig.length} | ${names(sig)} |`);
  }
}

// Event-level detectors on BGL for comparison: a signal belongs to the record that raised it, so a
// burst is signalled when a signal's record is one of its alert lines, and a signal on a normal line
// is on a clean stretch. The new-template detector learns over the first `warmupRecords` lines; bursts that
// end inside the warm-up cannot be signalled by it and are left out of its denominator.
const eventConfigs = [
  ["Rule.level('FATAL', { dumpLines: true })", 0, () => Rule.level('FATAL', { dumpLines: true })],
  ["Rule.level('FATAL')", 0, () => Rule.level('FATAL')],
  ['StatRule.newTemplate({ warmupRecords: 200 })', 200, () => StatRule.newTemplate({ warmupRecords: 200, maxSignals: 1000 })],
  ['StatRule.newTemplate({ warmupRecords: 500 })', 500, () => StatRule.newTemplate({ warmupRecords: 500, maxSignals: 1000 })],
];
console.log('\n### BGL_2k, record-level detectors (a signal counts for the burst of its own record)\n');
console.log('| detector | bursts signalled (after warm-up) | bursts of >= 3 lines signalled | signals | on normal lines |');
console.log('|---|---|---|---|---|');
for (const [label, warmup, make] of eventConfigs) {
  const detector = make();
  const out = [];
  const hitTimes = [];
  let onNormal = 0;
  for (const e of bglEvents) {
    const before = out.length;
    detector.observe(e, out);
    if (out.length > before) {
      if (e.alert) hitTimes.push(e.time);
      else onNormal += out.length - before;
    }
  }
  const warmEnd = warmup > 0 ? bglEvents[warmup - 1].time : -Infinity;
  const eligible = bglBursts.filter((b) => b.end > warmEnd);
  const hit = eligible.filter((b) => hitTimes.some((t) => t >= b.start && t <= b.end));
  const big = eligible.filter((b) => b.lines >= 3);
  const bigHit = hit.filter((b) => b.lines >= 3);
  console.log(`| \`${label}\` | ${hit.length} / ${eligible.length} | ${bigHit.length} / ${big.length} | ${out.length} | ${onNormal} |`);
}
