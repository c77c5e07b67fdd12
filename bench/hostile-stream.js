// A hostile stream against a normal one, through the OpenTelemetry pipeline with one detector of
// every kind (the issue #14 target: at most 2x, memory bounded by the documented caps; the set holds
// the default preset's detectors and more: the seed's rules, spike per client, ewma, entropy,
// injection, bruteForce and the scanner):
// - normal: bench/records.js (8 message templates, ~1k clients);
// - hostile: every record a new random message (random words and tokens, no template repeats)
//   from a new client, with a new URL path and a random status.
// Both streams advance record time 1 ms a record. (Until 2026-12-01 the hostile stream's records were
// dated `--records` ms apart, 50 s at 50,000: every time window rolled and every cooldown had ended at
// each record, so that stream measured a sparse clock as well as hostile text.)
// Each stream runs in its own child process (its own peak RSS): CPU time per record
// (process.cpuUsage) of LoggerProvider -> LogSignalProcessor -> no-op processor, median of --runs
// after a warm-up run; one processor for all runs, so caps fill (templates, clients, keys). The
// children run --rounds times, normal and hostile alternated, and the median of the rounds is kept.
// Also per stream, over the timed runs: the share of records flagged (the hostile stream's levels are
// 20% ERROR, so it is tagged far more often than the normal one), and the miner's new templates and
// unadmitted answers per record (at the cap a never-repeating message is answered unadmitted).
//
// With --baseline <dist dir> (another build's dist/), each child holds both builds' processors and
// runs them alternated (baseline, this build, ...) on records built alike, so a change is measured
// against the old code in one process under the same load. --set default runs the default preset
// (`LogSignalProcessor.fromConfig({ preset: 'default' })`: level, error rate, volume, newTemplate,
// templateRate) instead of one detector of every kind.
//
//   node bench/hostile-stream.js [--records 200000] [--runs 3] [--rounds 1] [--set every|default] [--baseline <dist dir>]     (build first: npm run build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The processor of `set` from the build `lib` (one detector of every kind, or the default preset), its miner, and a logger of its own provider. */
function pipeline(lib, LoggerProvider, set) {
  const { LogSignalProcessor, Rule, Security, StatRule, EntropySpike, TemplateMiner } = lib;
  const next = [{ onEmit() {}, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() }];
  if (set === 'default') {
    const processor = LogSignalProcessor.fromConfig({ preset: 'default' }, { tickInterval: 0, next });
    return { miner: processor.pipeline.miner, processor, logger: new LoggerProvider({ processors: [processor] }).getLogger('bench') };
  }
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
    next,
  });
  return { miner, processor, logger: new LoggerProvider({ processors: [processor] }).getLogger('bench') };
}

async function child(stream, N, RUNS, baseline, set) {
  const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const { generateRecords, mulberry32 } = await import('./records.js');
  const dists = baseline === undefined ? ['../dist/index.js'] : [pathToFileURL(`${baseline}/index.js`).href, '../dist/index.js'];
  const lanes = [];
  for (const d of dists) lanes.push(pipeline(await import(d), LoggerProvider, set));
  const T0 = Date.UTC(2026, 10, 24);
  const rand = mulberry32(11);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'error', 'timeout', 'user', 'order', 'cache', 'shard', 'request', 'failed', 'ok', 'slow', 'retry'];
  const token = () => {
    const r = rand();
    if (r < 0.5) return words[Math.floor(rand() * words.length)] + Math.floor(rand() * 1e6).toString(36);
    if (r < 0.8) return Math.floor(rand() * 2 ** 32).toString(16);
    return words[Math.floor(rand() * words.length)];
  };
  // records built outside the timing, as an application builds them (template literals: cons
  // strings); each lane's batches are numbered apart, so its clock advances 1 ms a record and its
  // clients stay new
  const serials = lanes.map(() => 0);
  const makeRecords = (lane) => {
    const batch = serials[lane]++;
    if (stream === 'normal') return generateRecords(N, 42 + batch, T0 + batch * N);
    const out = new Array(N);
    for (let i = 0; i < N; i++) {
      const n = 4 + Math.floor(rand() * 8);
      let body = token();
      for (let k = 1; k < n; k++) body = `${body} ${token()}`;
      const c = batch * N + i;
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
  const seen = lanes.map(() => ({ records: 0, flagged: 0, made: 0, unadmitted: 0 }));
  const once = (lane, timed) => {
    const { processor, miner, logger } = lanes[lane];
    const records = makeRecords(lane);
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
      const s = seen[lane];
      s.records += N;
      s.flagged += processor.stats.flagged - flagged;
      s.unadmitted += miner.unadmitted - unadmitted;
      s.made += miner.size + miner.evicted - made;
    }
    return ((c.user + c.system) * 1000) / N;
  };
  lanes.forEach((_, l) => once(l, false));
  const times = lanes.map(() => []);
  for (let r = 0; r < RUNS; r++) lanes.forEach((_, l) => times[l].push(once(l, true)));
  const out = lanes.map(({ processor, miner }, l) => {
    const share = (k) => seen[l][k] / seen[l].records;
    return {
      ns: median(times[l]),
      rss: process.resourceUsage().maxRSS * 1024,
      templates: miner.size,
      errors: processor.stats.errors + processor.pipeline.errors,
      flagged: share('flagged'),
      made: share('made'),
      unadmitted: share('unadmitted'),
    };
  });
  process.stdout.write(JSON.stringify(out));
}

const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

/**
 * Run both streams (child processes, `rounds` rounds, normal and hostile alternated) and print the
 * table; with `baseline`, each child runs that build beside this one. Returns this build's ratio.
 */
export function hostileStream({ records = 200_000, runs = 3, rounds = 1, baseline, set = 'every' } = {}) {
  const self = fileURLToPath(import.meta.url);
  const builds = baseline === undefined ? ['this build'] : [`baseline ${baseline}`, 'this build'];
  const r = { normal: [], hostile: [] };
  for (let k = 0; k < rounds; k++) {
    for (const stream of ['normal', 'hostile']) {
      const args = [self, '--stream', stream, '--records', String(records), '--runs', String(runs), '--set', set];
      if (baseline !== undefined) args.push('--baseline', baseline);
      const p = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`${stream}: ${p.stderr}`);
      r[stream].push(JSON.parse(p.stdout));
    }
  }
  console.log(
    `\n## Hostile stream vs normal stream (${records.toLocaleString('en')} records per run, ${set === 'default' ? 'the default preset' : 'one detector of every kind'}, CPU time, median of ${runs} runs after a warm-up run, median of ${rounds} rounds, Node ${process.version}; target <= 2x)\n`,
  );
  console.log('| build | stream | ns/record | peak RSS | live templates | errors | records flagged | templates made / unadmitted per record |\n|---|---|---:|---:|---:|---:|---:|---:|');
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  const ratios = [];
  builds.forEach((build, b) => {
    const ns = {};
    for (const stream of ['normal', 'hostile']) {
      const rows = r[stream].map((x) => x[b]);
      const v = rows[0];
      ns[stream] = median(rows.map((x) => x.ns));
      const rss = Math.max(...rows.map((x) => x.rss));
      console.log(`| ${build} | ${stream} | ${ns[stream].toFixed(0)} | ${(rss / 2 ** 20).toFixed(0)} MiB | ${v.templates} | ${v.errors} | ${pct(v.flagged)} | ${pct(v.made)} / ${pct(v.unadmitted)} |`);
    }
    const perRound = r.hostile.map((h, k) => (h[b].ns / r.normal[k][b].ns).toFixed(2)).join(', ');
    ratios.push(ns.hostile / ns.normal);
    console.log(`| ${build} | hostile / normal | ${(ns.hostile / ns.normal).toFixed(2)}x | rounds: ${perRound} | | | | |`);
  });
  return ratios[ratios.length - 1];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      stream: { type: 'string' },
      records: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '3' },
      rounds: { type: 'string', default: '1' },
      baseline: { type: 'string' },
      set: { type: 'string', default: 'every' },
    },
  });
  if (values.set !== 'every' && values.set !== 'default') {
    console.error(`hostile-stream: --set is 'every' or 'default', not '${values.set}'`);
    process.exit(2);
  }
  if (values.stream !== undefined) await child(values.stream, Number(values.records), Number(values.runs), values.baseline, values.set);
  else hostileStream({ records: Number(values.records), runs: Number(values.runs), rounds: Number(values.rounds), baseline: values.baseline, set: values.set });
}
