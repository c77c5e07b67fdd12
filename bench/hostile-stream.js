// A hostile stream against a normal one, through the OpenTelemetry pipeline with one detector of
// every kind (the issue #14 target: at most 2x, memory bounded by the documented caps):
// - normal: bench/records.js (8 message templates, ~1k clients);
// - hostile: every record a new random message (random words and tokens, no template repeats)
//   from a new client, with a new URL path and a random status.
// Each stream runs in its own child process (its own peak RSS): CPU time per record
// (process.cpuUsage) of LoggerProvider -> LogSignalProcessor -> no-op processor, median of --runs
// after a warm-up run; one processor for all runs, so caps fill (templates, clients, keys).
// Also per stream, over the timed runs: the share of records flagged (the hostile stream's levels are
// 20% ERROR, so it is tagged far more often than the normal one), and the miner's new templates and
// unadmitted answers per record (at the cap a never-repeating message is answered unadmitted).
//
//   node bench/hostile-stream.js [--records 200000] [--runs 3]     (build first: npm run build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { stream: { type: 'string' }, records: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } } });
const N = Number(values.records);
const RUNS = Number(values.runs);

async function child(stream) {
  const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const { LogSignalProcessor, Rule, Security, StatRule, EntropySpike, TemplateMiner } = await import('../dist/index.js');
  const { generateRecords, mulberry32 } = await import('./records.js');
  const miner = new TemplateMiner();
  const processor = new LogSignalProcessor({
    rules: ['ERROR', 'CRITICAL', Rule.level('ERROR'), Rule.spike({ threshold: 50, window: 10 }), Rule.spike({ threshold: 50, window: 10, groupBy: 'client.address', id: 'client_spike' })],
    detectors: [
      StatRule.errorRateZScore(),
      StatRule.volume(),
      StatRule.ewma({ metric: { field: 'http.response.status_code' } }),
      new EntropySpike(),
      StatRule.newTemplate({ miner }),
      StatRule.templateRate({ miner }),
      Security.injection(),
      Security.bruteForce(),
      Security.scanner(),
    ],
    templates: miner,
    tickInterval: 0,
    next: [{ onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }],
  });
  const logger = new LoggerProvider({ processors: [processor] }).getLogger('bench');
  const T0 = Date.UTC(2026, 10, 24);
  const rand = mulberry32(11);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'error', 'timeout', 'user', 'order', 'cache', 'shard', 'request', 'failed', 'ok', 'slow', 'retry'];
  const token = () => {
    const r = rand();
    if (r < 0.5) return words[Math.floor(rand() * words.length)] + Math.floor(rand() * 1e6).toString(36);
    if (r < 0.8) return Math.floor(rand() * 2 ** 32).toString(16);
    return words[Math.floor(rand() * words.length)];
  };
  // records built outside the timing, as an application builds them (template literals: cons strings)
  let serial = 0;
  const makeRecords = () => {
    if (stream === 'normal') return generateRecords(N, 42 + serial++, T0 + serial * N);
    const out = new Array(N);
    for (let i = 0; i < N; i++) {
      const n = 4 + Math.floor(rand() * 8);
      let body = token();
      for (let k = 1; k < n; k++) body = `${body} ${token()}`;
      const c = serial++ * N + i;
      out[i] = {
        time: T0 + c,
        severityNumber: [9, 9, 9, 13, 17][Math.floor(rand() * 5)],
        severityText: '',
        body,
        attributes: {
          'client.address': `${(c >>> 24) & 255}.${(c >>> 16) & 255}.${(c >>> 8) & 255}.${c & 255}`,
          'url.path': `/${token()}/${token()}`,
          'http.response.status_code': [200, 404, 401, 500][Math.floor(rand() * 4)],
        },
      };
    }
    return out;
  };
  // what the timed runs did, per record: flagged (tagged as anomalous), and of the miner's answers: new templates made, unadmitted
  const seen = { records: 0, flagged: 0, made: 0, unadmitted: 0 };
  const once = (timed) => {
    const records = makeRecords();
    const flagged = processor.stats.flagged;
    const unadmitted = miner.unadmitted;
    const made = miner.size + miner.evicted;
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) {
      const r = records[i];
      logger.emit({ timestamp: r.time, severityNumber: r.severityNumber, severityText: r.severityText, body: r.body, attributes: r.attributes });
    }
    const c = process.cpuUsage(c0);
    if (timed) {
      seen.records += N;
      seen.flagged += processor.stats.flagged - flagged;
      seen.unadmitted += miner.unadmitted - unadmitted;
      seen.made += miner.size + miner.evicted - made;
    }
    return ((c.user + c.system) * 1000) / N;
  };
  once(false);
  const times = Array.from({ length: RUNS }, () => once(true)).sort((a, b) => a - b);
  const share = (k) => seen[k] / seen.records;
  process.stdout.write(
    JSON.stringify({
      ns: times[times.length >> 1],
      rss: process.resourceUsage().maxRSS * 1024,
      templates: miner.size,
      errors: processor.stats.errors + processor.pipeline.errors,
      flagged: share('flagged'),
      made: share('made'),
      unadmitted: share('unadmitted'),
    }),
  );
}

if (values.stream !== undefined) {
  await child(values.stream);
} else {
  const self = fileURLToPath(import.meta.url);
  const r = {};
  for (const stream of ['normal', 'hostile']) {
    const p = spawnSync(process.execPath, [self, '--stream', stream, '--records', String(N), '--runs', String(RUNS)], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`${stream}: ${p.stderr}`);
    r[stream] = JSON.parse(p.stdout);
  }
  console.log(
    `## Hostile stream vs normal stream (${N.toLocaleString('en')} records per run, one detector of every kind, CPU time, median of ${RUNS} runs after a warm-up run, Node ${process.version})\n`,
  );
  console.log('| stream | ns/record | peak RSS | live templates | errors | records flagged | templates made / unadmitted per record |\n|---|---:|---:|---:|---:|---:|---:|');
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  for (const [k, v] of Object.entries(r)) {
    console.log(`| ${k} | ${v.ns.toFixed(0)} | ${(v.rss / 2 ** 20).toFixed(0)} MiB | ${v.templates} | ${v.errors} | ${pct(v.flagged)} | ${pct(v.made)} / ${pct(v.unadmitted)} |`);
  }
  console.log(`\nhostile / normal = ${(r.hostile.ns / r.normal.ns).toFixed(2)}x (target <= 2x)`);
}
