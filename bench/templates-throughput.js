// Throughput of TemplateMiner.add(): a seeded 1M-line synthetic stream of 60-120 character messages,
// and the loghub 2k samples (when present). Median of 5 timed runs after a warm-up run, one core.
// Each stream is measured in its own node process, so one stream's JIT state does not colour another's.
// The loghub rows repeat each 2k sample: after the first pass the miner's line cache answers most
// lines (a repeated line is not tokenised again); the synthetic stream never repeats a line.
//
//   node bench/templates-throughput.js [--data <dir>] [--lines 1000000] [--runs 5]   (env LOGHUB_DIR works too)
//
// Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TemplateMiner } from '../dist/templates/index.js';
import { LOGHUB_SYSTEMS, loghubDir, loghubStructured } from './loghub.js';
import { mulberry32 } from './records.js';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const dataDir = loghubDir(arg('--data', undefined));
const lines = Number(arg('--lines', '1000000'));
const runs = Number(arg('--runs', '5'));

/** A seeded stream of application-style log messages, 60-120 characters, from 40 shapes. */
function syntheticStream(n, seed) {
  const rnd = mulberry32(seed);
  const int = (k) => Math.floor(rnd() * k);
  const pick = (a) => a[int(a.length)];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
  const paths = ['/api/v1/orders', '/api/v1/users', '/healthz', '/login', '/static/app.js', '/api/v2/cart/items'];
  const hex = (k) => Array.from({ length: k }, () => '0123456789abcdef'[int(16)]).join('');
  const ip = () => `${10 + int(200)}.${int(256)}.${int(256)}.${int(256)}`;
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const shapes = [
    () => `User ${pick(users)} logged in from ${ip()} using password authentication method`,
    () => `GET ${pick(paths)} completed with status ${pick([200, 201, 204, 304, 404, 500])} in ${int(900)} ms for ${ip()}`,
    () => `Request ${uuid()} accepted by worker-${int(32)} queue depth ${int(100)}`,
    () => `Connection reset by peer ${ip()}:${1024 + int(60000)} after ${int(5000)} bytes transferred`,
    () => `Cache miss for key session:${hex(16)} falling back to database lookup`,
    () => `Payment ${uuid()} authorised amount=${int(10000) / 100} currency=EUR merchant=${int(999)}`,
    () => `Scheduled job cleanup-${int(9)} finished in ${(rnd() * 10).toFixed(2)} s, removed ${int(400)} stale rows`,
    () => `Failed to open file /var/lib/app/data/${hex(6)}.db: permission denied (errno ${int(40)})`,
    () => `Slow query detected on table orders took ${int(9000)} ms rows examined ${int(100000)}`,
    () => `WARN disk usage on volume /dev/sda${int(4)} at ${int(100)}% threshold 85% host node-${int(50)}`,
  ];
  // 40 shapes: each base shape with four fixed prefixes (service names) to widen the vocabulary.
  const services = ['orders', 'billing', 'auth', 'search'];
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = `[${pick(services)}] ${pick(shapes)()}`;
    if (s.length < 60) s += ' (retry scheduled by supervisor process)';
    // Flat strings, as read from a file or socket (a template literal builds a rope that the first
    // character access flattens anyway).
    out[i] = Buffer.from(s.length > 120 ? s.slice(0, 120) : s).toString();
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Messages per second of add() over `messages` (fresh miner per run), median of `runs` after one warm-up. */
function measure(messages) {
  const once = () => {
    const miner = new TemplateMiner();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < messages.length; i++) miner.add(messages[i]);
    const ns = Number(process.hrtime.bigint() - t0);
    return { rate: (messages.length * 1e9) / ns, templates: miner.size };
  };
  const warm = once();
  const rates = [];
  for (let r = 0; r < runs; r++) rates.push(once().rate);
  return { rate: median(rates), templates: warm.templates };
}

function loghubContent(name) {
  return loghubStructured(name, dataDir)?.content ?? null;
}

const SYSTEMS = LOGHUB_SYSTEMS;

/** Measure one stream (`synthetic` or a loghub system) and return a table row. */
function measureStream(name) {
  if (name === 'synthetic') {
    const synthetic = syntheticStream(lines, 42);
    const avgLen = synthetic.reduce((s, m) => s + m.length, 0) / synthetic.length;
    const res = measure(synthetic);
    return [`synthetic (seed 42, ${lines.toLocaleString('en')} lines, mean ${avgLen.toFixed(0)} chars)`, res.rate, res.templates];
  }
  const content = loghubContent(name);
  if (content === null) return null;
  // 2,000 lines is too short to time: repeat the sample to ~200k messages (a fresh miner each run).
  const reps = Math.ceil(200_000 / content.length);
  const stream = [];
  for (let r = 0; r < reps; r++) for (const m of content) stream.push(Buffer.from(m).toString());
  const len = content.reduce((s, m) => s + m.length, 0) / content.length;
  const res = measure(stream);
  return [`loghub ${name} 2k x${reps} (mean ${len.toFixed(0)} chars)`, res.rate, res.templates];
}

const only = arg('--only', undefined);
if (only !== undefined) {
  console.log(JSON.stringify(measureStream(only)));
} else {
  const names = ['synthetic'];
  if (existsSync(dataDir)) names.push(...SYSTEMS);
  else console.log(`templates-throughput: loghub samples not found at ${dataDir}; only the synthetic stream is measured.`);
  const table = [];
  for (const name of names) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--only', name, '--data', dataDir, '--lines', String(lines), '--runs', String(runs)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const row = JSON.parse(out.trim().split('\n').pop());
    if (row !== null) table.push(row);
  }
  console.log(`\n### TemplateMiner.add() throughput (node ${process.version}, one core, median of ${runs} runs)\n`);
  console.log('| Stream | Messages/s | Templates |');
  console.log('|---|---:|---:|');
  for (const [name, rate, templates] of table) console.log(`| ${name} | ${Math.round(rate).toLocaleString('en')} | ${templates} |`);
}
