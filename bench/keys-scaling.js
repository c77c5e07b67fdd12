// Per-key detectors with 1M distinct keys against 1k, one row per detector (the `npm run bench`
// table of issue #14): Rule.spike({ groupBy }), Security.bruteForce(), Security.scanner(), maxKeys
// raised to hold every key. Each (detector, keys) pair runs in its own child process (its own
// peak RSS); CPU time (process.cpuUsage) per record, median of --runs after a warm-up run that makes
// every key live. The floor row is a bare Map look-up of the same keys (memory latency: 1M keys and
// their state do not fit in any cache). Records are spaced so each key sees 2 matching records per window whatever the
// number of keys: no key reaches its threshold (no signals, the same work per record at 1k and 1M).
//
//   node bench/keys-scaling.js [--records 1000000] [--runs 3]     (build first: npm run build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const DETECTORS = ['spike', 'bruteForce', 'scanner', 'floor'];
const KEYS = [1_000, 1_000_000];
const WINDOW_MS = 600_000;

async function child(detector, keys, n, runs) {
  const { Rule, Security } = await import('../dist/index.js');
  const make = {
    spike: () => Rule.spike({ threshold: 5, window: WINDOW_MS / 1000, groupBy: 'client.address', maxKeys: keys }),
    bruteForce: () => Security.bruteForce({ window: WINDOW_MS / 1000, maxKeys: keys }),
    scanner: () => Security.scanner({ window: WINDOW_MS / 1000, maxKeys: keys }),
    // the floor: what any per-key state costs in this access pattern (read the key, a Map look-up, touch the state)
    floor: () => {
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
  }[detector];
  // keys and attributes built as an application builds them, once, outside the timing
  const attrs = new Array(keys);
  for (let i = 0; i < keys; i++) {
    const client = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
    attrs[i] =
      detector === 'bruteForce'
        ? { 'client.address': client, 'event.outcome': 'failure', 'event.action': 'login' }
        : detector === 'scanner'
          ? { 'client.address': client, 'http.response.status_code': 404, 'url.path': `/probe/${i & 7}` }
          : { 'client.address': client };
  }
  const total = Math.max(n, keys);
  const step = WINDOW_MS / (2 * keys); // 2 records per key per window
  const d = make();
  const ev = { time: 0, severityNumber: 9, severityText: '', message: 'GET /probe 404', attributes: attrs[0], eventName: '' };
  const out = [];
  let clock = Date.UTC(2026, 0, 1);
  const once = () => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < total; i++) {
      ev.time = clock;
      clock += step;
      ev.attributes = attrs[i % keys];
      d.observe(ev, out);
      if (out.length !== 0) out.length = 0;
    }
    const c = process.cpuUsage(c0);
    return ((c.user + c.system) * 1000) / total;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ ns: times[times.length >> 1], rss: process.resourceUsage().maxRSS * 1024 }));
}

/** Run every row (child processes) and print the table. */
export function keysScaling({ records = 1_000_000, runs = 3 } = {}) {
  const self = fileURLToPath(import.meta.url);
  console.log(`\n## Per-key detectors: 1M distinct keys vs 1k (${records.toLocaleString('en')} records per run, CPU time, median of ${runs} runs; target <= 2x)\n`);
  console.log('| detector | ns/record, 1k keys | ns/record, 1M keys | 1M / 1k | peak RSS 1k / 1M |\n|---|---:|---:|---:|---:|');
  for (const detector of DETECTORS) {
    const r = KEYS.map((keys) => {
      const p = spawnSync(process.execPath, ['--max-old-space-size=4096', self, '--child', detector, '--keys', String(keys), '--records', String(records), '--runs', String(runs)], {
        encoding: 'utf8',
      });
      if (p.status !== 0) throw new Error(`${detector} ${keys}: ${(p.stderr || '').split('\n').slice(0, 3).join(' ')}`);
      return JSON.parse(p.stdout);
    });
    const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `| ${detector === 'floor' ? 'floor: a bare Map look-up of the key' : detector} | ${r[0].ns.toFixed(0)} | ${r[1].ns.toFixed(0)} | ${(r[1].ns / r[0].ns).toFixed(2)}x | ${mib(r[0].rss)} / ${mib(r[1].rss)} |`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { child: { type: 'string' }, keys: { type: 'string' }, records: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } } });
  if (values.child !== undefined) await child(values.child, Number(values.keys), Number(values.records), Number(values.runs));
  else keysScaling({ records: Number(values.records), runs: Number(values.runs) });
}
