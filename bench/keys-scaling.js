// Per-key detectors with 1M distinct keys against 1k, one row per detector (the `npm run bench`
// table of issue #14): Rule.spike({ groupBy }), Security.bruteForce(), Security.scanner(), maxKeys
// raised to hold every key. What makes the two columns comparable:
// - the same records per run (--records, at least 1M) and the same work per record: each record's
//   key is drawn uniformly at random (one fixed-seed xorshift generator, in the loop) from the
//   row's keys, and records are spaced so that a key sees 4 records per window on average at 1k and
//   at 1M keys alike (a key is idle, so dropped and added again, before about 2% of its records);
//   thresholds are 16, which a key with 4 expected records per window reaches about once in 10^5
//   records (the rows compare look-up and update, not signal building);
// - records built as an application builds them, at emit: a new attributes object, the client
//   address and the message made from numbers per record (no pre-built, cached strings or objects:
//   at 1M keys a table of pre-built records would itself miss the cache on every record);
// - every key made live first (one pass over all keys in random order, then a warm-up run), then
//   --runs timed runs; CPU time (process.cpuUsage) per record, median;
// - one child process per row and key count (its own heap and peak RSS, `process.resourceUsage().maxRSS`),
//   the children run interleaved (1k, 1M, 1k, 1M, ...) for --rounds rounds and the median kept, since
//   the load of a shared machine changes between processes.
// Floor rows, in the same loop: building the record alone; a bare Map look-up of the key with a small
// state object; a bare typed-array read-modify-write of one 64-byte line per key (no hashing: what
// memory latency alone costs when 1M keys' state does not fit in any cache).
// Pipeline rows: the same detectors, records and keys through the real pipeline as an application
// runs it: a LoggerProvider with a LogSignalProcessor holding the one detector in front of a
// BatchLogRecordProcessor with a no-op exporter, each record emitted with logger.emit (body and
// attributes built at emit), a yield every 512 records so the batch exports run; CPU time of the
// whole process per record. Their ratio is friendlier (the SDK's own cost per record does not grow
// with keys), so both ratios are reported; the floor row is the same pipeline with no rules.
//
// With --baseline <dist dir> (another build's dist/, e.g. a copy of main's), every child runs twice per
// round, baseline then this build (A B A B ...), and the table gives both, so a change is measured
// against the old code under the same load.
//
//   node bench/keys-scaling.js [--records 1000000] [--runs 3] [--rounds 3] [--only <substring>[,<substring>...]] [--baseline <dist dir>]     (build first: npm run build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { keyRecord, keyRecordKind } from './key-records.js';

const PIPELINE = ', through the pipeline';
const DETECTORS = [
  'spike',
  'bruteForce',
  'scanner',
  'floor: build the record only',
  'floor: a bare Map look-up of the key',
  'floor: a typed-array line per key (no hashing)',
  `spike${PIPELINE}`,
  `bruteForce${PIPELINE}`,
  `scanner${PIPELINE}`,
  `floor: no rules${PIPELINE}`,
];
const KEYS = [1_000, 1_000_000];
const WINDOW_MS = 600_000;
const THRESHOLD = 16;
/** Records per key per window, on average. */
const DENSITY = 4;

/** xorshift32 from a fixed seed: the same draw in every child. */
function draw(n, keys, seed) {
  const out = new Int32Array(n);
  let x = seed | 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) % keys;
  }
  return out;
}

async function child(row, keys, n, runs, dist) {
  const { LogSignalProcessor, Rule, Security } = await import(dist === undefined ? '../dist/index.js' : pathToFileURL(`${dist}/index.js`).href);
  const piped = row.endsWith(PIPELINE);
  const detector = piped ? row.slice(0, -PIPELINE.length) : row;
  const opts = { window: WINDOW_MS / 1000, maxKeys: keys, threshold: THRESHOLD };
  const make = {
    spike: () => Rule.spike({ ...opts, groupBy: 'client.address' }),
    bruteForce: () => Security.bruteForce(opts),
    scanner: () => Security.scanner(opts),
    'floor: build the record only': () => ({ observe: () => {} }),
    'floor: a bare Map look-up of the key': () => {
      const m = new Map();
      return {
        observe: (e) => {
          const k = e.attributes['client.address'];
          let st = m.get(k);
          if (st === undefined) m.set(k, (st = { n: 0, t: 0 }));
          st.n++;
          st.t = e.time;
        },
      };
    },
    'floor: no rules': () => undefined,
    'floor: a typed-array line per key (no hashing)': () => {
      const lines = new Float64Array(keys * 8);
      return {
        observe: (e, _out, i) => {
          const b = i * 8;
          lines[b] += 1;
          lines[b + 1] = e.time;
        },
      };
    },
  }[detector];
  const total = Math.max(n, 1_000_000);
  const step = WINDOW_MS / (DENSITY * keys);
  const d = make();
  const out = [];
  let signals = 0;
  let clock = Date.UTC(2026, 0, 1);
  const kind = keyRecordKind(detector);
  // the record as an application builds it, at emit
  const emit = (i) => keyRecord(kind, i, clock);
  // one generator for the whole child: each run draws new keys (a run repeating the same draw would
  // give a key drawn often in it that many records per window at 1M keys, where a run is shorter
  // than a window)
  let x = 0x9e3779b9 | 0;
  const run = (order) => {
    const c0 = process.cpuUsage();
    const n = order === undefined ? total : order.length;
    for (let r = 0; r < n; r++) {
      let i;
      if (order !== undefined) i = order[r];
      else {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        i = (x >>> 0) % keys;
      }
      d.observe(emit(i), out, i);
      clock += step;
      if (out.length !== 0) {
        signals += out.length;
        out.length = 0;
      }
    }
    const c = process.cpuUsage(c0);
    return ((c.user + c.system) * 1000) / n;
  };
  // every key live: one pass over all keys in a random order, then a warm-up run
  const all = Int32Array.from({ length: keys }, (_, i) => i);
  const shuffle = draw(keys, 0x7fffffff, 0x2545f491);
  for (let i = keys - 1; i > 0; i--) {
    const j = shuffle[i] % (i + 1);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  let times;
  if (piped) {
    const piping = await pipeline(LogSignalProcessor, d, emit, () => (clock += step), keys);
    await piping.run(all);
    await piping.run();
    times = [];
    for (let k = 0; k < runs; k++) times.push(await piping.run());
    times.sort((a, b) => a - b);
    signals = piping.signals();
  } else {
    run(all);
    run();
    times = Array.from({ length: runs }, () => run()).sort((a, b) => a - b);
  }
  process.stdout.write(JSON.stringify({ ns: times[times.length >> 1], rss: process.resourceUsage().maxRSS * 1024, signals }));
}

/**
 * The pipeline rows' loop: the LogSignalProcessor with detector `d` (none when undefined) in front of
 * a batch processor with a no-op exporter, in a LoggerProvider; `emit(i)` builds the record of key
 * `i` as the detector-alone rows do, here handed to logger.emit.
 */
async function pipeline(LogSignalProcessor, d, emit, tick, keys) {
  const { BatchLogRecordProcessor, LoggerProvider } = await import('@opentelemetry/sdk-logs');
  let signals = 0;
  const exporter = {
    export(records, done) {
      for (const r of records) if (r.eventName === 'logsignal.signal') signals++;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
  const batch = new BatchLogRecordProcessor({ exporter, maxQueueSize: 8192, maxExportBatchSize: 512, scheduledDelayMillis: 1000 });
  const processor = new LogSignalProcessor({ rules: d === undefined ? [] : [d], next: [batch], tickInterval: 0 });
  const provider = new LoggerProvider({ processors: [processor] });
  const logger = provider.getLogger('bench');
  const yieldNow = () => new Promise((resolve) => setImmediate(resolve));
  const total = Math.max(keys, 1_000_000);
  let x = 0x9e3779b9 | 0;
  return {
    signals: () => signals,
    async run(order) {
      const c0 = process.cpuUsage();
      const n = order === undefined ? total : order.length;
      for (let r = 0; r < n; r++) {
        let i;
        if (order !== undefined) i = order[r];
        else {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          i = (x >>> 0) % keys;
        }
        const e = emit(i);
        logger.emit({ timestamp: e.time, severityNumber: e.severityNumber, severityText: e.severityText, body: e.message, attributes: e.attributes });
        tick();
        if ((r & 511) === 511) await yieldNow();
      }
      await provider.forceFlush();
      const c = process.cpuUsage(c0);
      return ((c.user + c.system) * 1000) / n;
    },
  };
}

/** Run every row (child processes, interleaved rounds) and print the table; with `baseline`, that build's children alternate with this one's. */
export function keysScaling({ records = 1_000_000, runs = 3, rounds = 3, only, baseline } = {}) {
  const self = fileURLToPath(import.meta.url);
  const rows = only === undefined ? DETECTORS : DETECTORS.filter((d) => only.split(',').some((o) => d.includes(o)));
  const builds = baseline === undefined ? [undefined] : [baseline, undefined];
  const results = new Map(rows.map((d) => [d, builds.map(() => KEYS.map(() => ({ ns: [], rss: 0 })))]));
  for (let round = 0; round < rounds; round++) {
    for (const detector of rows) {
      KEYS.forEach((keys, k) => {
        builds.forEach((dist, b) => {
          const args = ['--max-old-space-size=4096', self, '--child', detector, '--keys', String(keys), '--records', String(records), '--runs', String(runs)];
          if (dist !== undefined) args.push('--dist', dist);
          const p = spawnSync(process.execPath, args, { encoding: 'utf8' });
          if (p.status !== 0) throw new Error(`${detector} ${keys}: ${(p.stderr || '').split('\n').slice(0, 3).join(' ')}`);
          const x = JSON.parse(p.stdout);
          const r = results.get(detector)[b][k];
          r.ns.push(x.ns);
          r.rss = Math.max(r.rss, x.rss);
        });
      });
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `\n## Per-key detectors: 1M distinct keys vs 1k (${Math.max(records, 1_000_000).toLocaleString('en')} records per run, keys drawn at random, records built at emit; CPU time, median of ${runs} runs per process, median of ${rounds} interleaved rounds; target <= 2x)\n`,
  );
  if (baseline !== undefined) console.log(`Each row: baseline ${baseline} / this build, children alternated.\n`);
  console.log('| detector | ns/record, 1k keys | ns/record, 1M keys | 1M / 1k | peak RSS 1k / 1M |\n|---|---:|---:|---:|---:|');
  for (const detector of rows) {
    const cells = results.get(detector).map((build) => {
      const [a, b] = build.map((r) => ({ ns: median(r.ns), rss: r.rss }));
      return { a: a.ns.toFixed(0), b: b.ns.toFixed(0), x: `${(b.ns / a.ns).toFixed(2)}x`, rss: `${mib(a.rss)} / ${mib(b.rss)}` };
    });
    const col = (f) => cells.map((c) => c[f]).join(' → ');
    console.log(`| ${detector} | ${col('a')} | ${col('b')} | ${col('x')} | ${col('rss')} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      keys: { type: 'string' },
      records: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '3' },
      only: { type: 'string' },
      dist: { type: 'string' },
      baseline: { type: 'string' },
    },
  });
  if (values.child !== undefined) await child(values.child, Number(values.keys), Number(values.records), Number(values.runs), values.dist);
  else keysScaling({ records: Number(values.records), runs: Number(values.runs), rounds: Number(values.rounds), only: values.only, baseline: values.baseline });
}
