// Security.bruteForce() of this build against a baseline build, in ONE process: CPU time per record of
// `observe`, timed in alternation (A B, B A, ..., --rounds each) on three sets of records: the benches'
// application records (bench/records.js: no failure among them), the normal lines of auth-formats and its
// failure lines (test/fixtures/security/auth-formats, every layout; the message only, as `logsignal scan`
// reads a file). A fresh detector per run; the load of a shared machine falls on both builds alike.
//
//   node bench/brute-force-paired.js --baseline <dist dir> [--rounds 9] [--records 200000]
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { authLines } from '../test/fixtures/security/auth-formats/lines.mjs';
import { generateRecords } from './records.js';

const { values } = parseArgs({ options: { baseline: { type: 'string' }, rounds: { type: 'string', default: '9' }, records: { type: 'string', default: '200000' } } });
if (values.baseline === undefined) throw new Error('--baseline <dist dir> is required');
const here = fileURLToPath(new URL('../dist', import.meta.url));
const builds = [
  ['baseline', await import(pathToFileURL(`${values.baseline}/index.js`).href)],
  ['this build', await import(pathToFileURL(`${here}/index.js`).href)],
];
const rounds = Number(values.rounds);
const total = Number(values.records);

const record = (message, time) => ({ time, severityNumber: 9, severityText: 'INFO', message, attributes: {}, eventName: '' });
/** `total` records cycling over `messages`, one second apart per 10 records. */
const cycle = (messages) => Array.from({ length: total }, (_, i) => record(messages[i % messages.length], Date.UTC(2026, 11, 1) + i * 100));
const lines = authLines();
const sets = [
  [
    'application records (bench/records.js)',
    generateRecords(total).map((r) => ({ time: r.time, severityNumber: r.severityNumber, severityText: r.severityText, message: r.body, attributes: r.attributes, eventName: '' })),
  ],
  ['auth-formats normal lines', cycle(lines.filter((l) => l.kind === 'N').map((l) => l.line))],
  ['auth-formats failure lines', cycle(lines.filter((l) => l.kind === 'F').map((l) => l.line))],
];

function run(lib, records) {
  const d = lib.Security.bruteForce();
  const out = [];
  const t0 = process.cpuUsage();
  for (const r of records) {
    out.length = 0;
    d.observe(r, out);
  }
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) * 1000) / records.length;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('| records | baseline ns/record | this build ns/record | ratio (median of rounds) |');
console.log('|---|---|---|---|');
for (const [name, records] of sets) {
  // warm-up of both builds
  for (const [, lib] of builds) run(lib, records);
  const times = builds.map(() => []);
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    // the order alternates (A B, B A, ...): neither build always runs on the other's garbage
    const first = r % 2 === 0 ? run(builds[0][1], records) : run(builds[1][1], records);
    const second = r % 2 === 0 ? run(builds[1][1], records) : run(builds[0][1], records);
    const a = r % 2 === 0 ? first : second;
    const b = r % 2 === 0 ? second : first;
    times[0].push(a);
    times[1].push(b);
    ratios.push(b / a);
  }
  console.log(`| ${name} | ${median(times[0]).toFixed(0)} | ${median(times[1]).toFixed(0)} | x${median(ratios).toFixed(3)} |`);
}
