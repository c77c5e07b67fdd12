// Cost per record of each statistical detector alone (observe only, no watcher): 1M synthetic
// records (bench/records.js, seeded), ns/record as the median of 5 runs after one warm-up run.
// Build first: npx tsc -p tsconfig.build.json. Options: --records N, --runs N.
import { parseArgs } from 'node:util';
import { EntropySpike } from '../dist/stats/index.js';
import { generateRecords } from './records.js';
import { StatRule } from '../dist/index.js';

const { values: args } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const N = Number(args.records);
const RUNS = Number(args.runs);

const events = generateRecords(N).map((r, i) => ({
  time: r.time,
  severityNumber: r.severityNumber,
  severityText: r.severityText,
  message: r.body,
  attributes: { ...r.attributes, 'http.duration_ms': 20 + ((i * 7919) % 180) },
  eventName: '',
}));

const cases = [
  ['StatRule.errorRateZScore()', () => StatRule.errorRateZScore()],
  ["StatRule.errorRateZScore({ groupBy: 'client.address' })", () => StatRule.errorRateZScore({ groupBy: 'client.address' })],
  ['StatRule.volume()', () => StatRule.volume()],
  ["StatRule.ewma({ metric: 'count' })", () => StatRule.ewma()],
  ["StatRule.ewma({ metric: { field: 'http.duration_ms' } })", () => StatRule.ewma({ metric: { field: 'http.duration_ms' } })],
  ['new EntropySpike() (512-char prefix)', () => new EntropySpike()],
];

console.log(`| detector | ns/record | records/s | signals |`);
console.log('|---|---|---|---|');
for (const [name, make] of cases) {
  const times = [];
  let signals = 0;
  for (let r = 0; r <= RUNS; r++) {
    const d = make();
    const out = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) d.observe(events[i], out);
    const ns = Number(process.hrtime.bigint() - t0) / N;
    if (r > 0) times.push(ns);
    signals = out.length;
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  console.log(`| \`${name}\` | ${med.toFixed(1)} | ${(1e9 / med / 1e6).toFixed(1)} M | ${signals} |`);
}
