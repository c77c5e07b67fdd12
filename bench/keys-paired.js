// Per-key detectors, this build against a baseline build, in ONE process: both builds' detectors
// (Rule.spike({ groupBy }), Security.bruteForce(), Security.scanner(); maxKeys = keys) are made live
// with every key first (one pass in a random order, then a warm-up run), then timed in alternation
// (A B A B ..., --rounds each, --records per run) on the same records as bench/keys-scaling.js (keys
// drawn at random by a fixed-seed generator, records built at emit, spaced for 4 records per key per
// window). CPU time per record, median per build; the load of a shared machine falls on both alike.
// The 1k and 1M key counts run one after the other in the same process (1k first). Peak RSS per build
// is not separable here: bench/keys-scaling.js (one process per row) gives it.
//
//   node --expose-gc bench/keys-paired.js --baseline <dist dir> [--only spike|bruteForce|scanner] [--records 500000] [--rounds 7] [--keys 1000,1000000]
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { keyRecord, keyRecordKind } from './key-records.js';

const WINDOW_MS = 600_000;
const THRESHOLD = 16;
const DENSITY = 4;

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    only: { type: 'string' },
    records: { type: 'string', default: '500000' },
    rounds: { type: 'string', default: '7' },
    keys: { type: 'string', default: '1000,1000000' },
  },
});
if (values.baseline === undefined) throw new Error('--baseline <dist dir> is required');
const here = fileURLToPath(new URL('../dist', import.meta.url));
const builds = [
  ['baseline', await import(pathToFileURL(`${values.baseline}/index.js`).href)],
  ['this build', await import(pathToFileURL(`${here}/index.js`).href)],
];
const records = Number(values.records);
const rounds = Number(values.rounds);
const KEYS = values.keys.split(',').map(Number);
const rows = ['spike', 'bruteForce', 'scanner'].filter((r) => values.only === undefined || r === values.only);

function make(lib, row, keys) {
  const opts = { window: WINDOW_MS / 1000, maxKeys: keys, threshold: THRESHOLD };
  if (row === 'spike') return lib.Rule.spike({ ...opts, groupBy: 'client.address' });
  return row === 'bruteForce' ? lib.Security.bruteForce(opts) : lib.Security.scanner(opts);
}

/** A detector with its own clock and key generator, as in keys-scaling.js. */
function lane(d, row, keys) {
  const kind = keyRecordKind(row);
  const step = WINDOW_MS / (DENSITY * keys);
  let clock = Date.UTC(2026, 0, 1);
  let x = 0x9e3779b9 | 0;
  const out = [];
  const emit = (i) => keyRecord(kind, i, clock);
  const observe = (i) => {
    d.observe(emit(i), out);
    clock += step;
    out.length = 0;
  };
  return {
    fill() {
      // every key once, in a random (fixed) order
      const all = Int32Array.from({ length: keys }, (_, i) => i);
      let y = 0x2545f491;
      for (let i = keys - 1; i > 0; i--) {
        y ^= y << 13;
        y ^= y >>> 17;
        y ^= y << 5;
        const j = (y >>> 0) % (i + 1);
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      for (const i of all) observe(i);
    },
    run(n) {
      const c0 = process.cpuUsage();
      for (let r = 0; r < n; r++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        observe((x >>> 0) % keys);
      }
      const c = process.cpuUsage(c0);
      return ((c.user + c.system) * 1000) / n;
    },
  };
}

const median = (a) => [...a].sort((p, q) => p - q)[a.length >> 1];
console.log(
  `\n## Per-key detectors, baseline ${values.baseline} vs this build, one process (${records.toLocaleString('en')} records per run, ${rounds} alternated runs per build; CPU ns/record, median)\n`,
);
console.log('| detector | baseline 1k | baseline 1M | baseline 1M/1k | this 1k | this 1M | this 1M/1k | this/baseline at 1M |\n|---|---:|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  const ns = builds.map(() => []);
  for (const keys of KEYS) {
    const lanes = builds.map(([, lib]) => lane(make(lib, row, keys), row, keys));
    for (const l of lanes) l.fill();
    for (const l of lanes) l.run(records);
    const times = builds.map(() => []);
    for (let r = 0; r < rounds; r++) lanes.forEach((l, b) => times[b].push(l.run(records)));
    times.forEach((t, b) => ns[b].push(median(t)));
    lanes.length = 0;
    globalThis.gc?.();
  }
  const [a, b] = ns;
  console.log(
    `| ${row} | ${a[0].toFixed(0)} | ${a[1].toFixed(0)} | ${(a[1] / a[0]).toFixed(2)}x | ${b[0].toFixed(0)} | ${b[1].toFixed(0)} | ${(b[1] / b[0]).toFixed(2)}x | ${(b[1] / a[1]).toFixed(2)} |`,
  );
}
