// `node bench/session-join-paired.js --before <dist dir>`: the cost per record of bruteForce with the session join
// (this dist) against a baseline dist without it (a copy of main's `dist`), as paired ratios in one process.
//
// Three kinds of records, each built at feed time with template literals (fresh cons-strings, as apps build them):
// "no token" (sshd, sudo, application and access-log lines), "no =" (lines without `=`, some naming a connection:
// `Connection closed by`, `connection refused`), "key=value, no token" (logfmt and sudo lines: their first `=` is no
// session token), and "slapd session" (ACCEPT, BIND, RESULT, closed lines of OpenLDAP: the join's own work). Chunks of 512
// records go to each detector in turn (order alternating), the process CPU time of each chunk is taken, and the
// figure is the median over all chunks of the after/before ratio of the same records.
//
// Options: --before <dir> (required: a dist folder), --after <dir> (default: this checkout's dist), --records N per kind and round (default 50000), --rounds N
// (default 7, after a warm-up round).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: new URL('../dist', import.meta.url).pathname },
    records: { type: 'string', default: '50000' },
    rounds: { type: 'string', default: '7' },
  },
});
if (args.before === undefined) throw new Error('--before <dist dir> is required');
const load = async (dir) => (await import(pathToFileURL(path.resolve(dir, 'security/index.js')).href)).BruteForceDetector;
const Before = await load(args.before);
// (a second copy of the same dist as --after gives the noise of the method: an A/A comparison)
const BruteForceDetector = await load(args.after);
const N = Number(args.records);
const ROUNDS = Number(args.rounds);
const CHUNK = 512;
const T0 = Date.UTC(2026, 11, 1, 10);

const ip = (i) => `198.51.${(i >> 8) & 255}.${i & 255}`;
const KINDS = {
  'no token': (i) => {
    switch (i % 6) {
      case 0:
        return `Dec  1 10:00:${i % 60} web1 sshd[${1000 + (i % 97)}]: Accepted publickey for deploy from ${ip(i)} port ${40000 + (i % 999)} ssh2: ED25519 SHA256:abc${i}`;
      case 1:
        return `Dec  1 10:00:${i % 60} web1 sudo[${i % 500}]:   alice : TTY=pts/${i % 9} ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart app${i % 7}`;
      case 2:
        return `2026-12-01T10:00:00.${i % 1000}Z INFO order ${i} placed for customer ${i * 7} total=${i % 300}.99 items=${i % 9}`;
      case 3:
        return `${ip(i)} - - [01/Dec/2026:10:00:00 +0000] "GET /products/${i}?page=${i % 20} HTTP/1.1" 200 ${1000 + (i % 5000)} "-" "Mozilla/5.0"`;
      case 4:
        return `Dec  1 10:00:${i % 60} web1 sshd[${1000 + (i % 97)}]: Failed password for invalid user test${i % 50} from ${ip(i)} port ${40000 + (i % 999)} ssh2`;
      default:
        return `2026-12-01T10:00:00.${i % 1000}Z WARN cache miss for key user:${i} after ${i % 40} ms, refreshing`;
    }
  },
  'no =': (i) =>
    i % 2 === 0
      ? `Dec  1 10:00:${i % 60} web1 sshd[${1000 + (i % 97)}]: Connection closed by ${ip(i)} port ${40000 + (i % 999)} [preauth]`
      : `2026-12-01T10:00:00.${i % 1000}Z ERROR upstream connection refused while connecting to 10.0.${i % 9}.${i % 200}:5432 (attempt ${i % 5})`,
  'key=value, no token': (i) =>
    i % 2 === 0
      ? `time=2026-12-01T10:00:00.${i % 1000}Z level=info msg="request done" method=GET path=/api/items/${i} status=200 duration=${i % 90}ms conn_id=${i}`
      : `Dec  1 10:00:${i % 60} web1 sudo[${i % 500}]:   alice : TTY=pts/${i % 9} ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/ls /srv/${i}`,
  'slapd session': (i) => {
    const c = 1000 + (i >> 2);
    switch (i % 4) {
      case 0:
        return `Dec  1 10:00:${i % 60} db1 slapd[812]: conn=${c} fd=${i % 90} ACCEPT from IP=${ip(i)}:${40000 + (i % 999)} (IP=0.0.0.0:389)`;
      case 1:
        return `Dec  1 10:00:${i % 60} db1 slapd[812]: conn=${c} op=0 BIND dn="uid=user${i % 77},ou=people,dc=example,dc=org" method=128`;
      case 2:
        return `Dec  1 10:00:${i % 60} db1 slapd[812]: conn=${c} op=0 RESULT tag=97 err=${i % 8 === 2 ? 49 : 0} text=`;
      default:
        return `Dec  1 10:00:${i % 60} db1 slapd[812]: conn=${c} fd=${i % 90} closed`;
    }
  },
};

const ev = (message, time) => ({ time, severityNumber: 0, severityText: '', message, attributes: {}, eventName: '' });
const out = [];
let sink = 0;
function run(d, make, from, n) {
  const t = process.cpuUsage();
  for (let i = from; i < from + n; i++) {
    out.length = 0;
    d.observe(ev(make(i), T0 + i), out);
    sink += out.length;
  }
  const u = process.cpuUsage(t);
  return u.user + u.system;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};
console.log('| records | before µs/record (median chunk) | after µs/record | after / before (median of paired chunks) | chunks |');
console.log('|---|---|---|---|---|');
for (const [kind, make] of Object.entries(KINDS)) {
  const before = new Before();
  const after = new BruteForceDetector();
  const ratios = [];
  const tb = [];
  const ta = [];
  for (let round = 0; round <= ROUNDS; round++) {
    for (let from = 0; from < N; from += CHUNK) {
      const start = round * N + from;
      let a;
      let b;
      if ((from / CHUNK) % 2 === 0) {
        b = run(before, make, start, CHUNK);
        a = run(after, make, start, CHUNK);
      } else {
        a = run(after, make, start, CHUNK);
        b = run(before, make, start, CHUNK);
      }
      if (round === 0 || a === 0 || b === 0) continue;
      ratios.push(a / b);
      tb.push(b / CHUNK);
      ta.push(a / CHUNK);
    }
  }
  console.log(`| ${kind} | ${median(tb).toFixed(3)} | ${median(ta).toFixed(3)} | ${median(ratios).toFixed(3)} | ${ratios.length} |`);
}
if (sink < 0) console.log(sink);
