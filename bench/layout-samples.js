// Synthetic log lines in the plain-text layouts `logsignal` infers, written from the public
// descriptions of each format (RFC 3164 / 5424, Android logcat, klog, log4j / logback / Python
// logging, Windows CBS, nginx / Apache error logs, CRI, `kubectl logs --prefix`, logfmt, ...), with
// the truth of every line: time, level, message and message kind. Seeded, deterministic.
// Used by the layout tests (test/input/text-layout.test.ts) and by bench/quality-layout.js as a
// held-out check (layouts and messages the inference was not tuned on).
//
//   node bench/layout-samples.js <out-dir> [--lines 15]     writes one <layout>.log per layout
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from './records.js';

/** The year of the samples (for layouts without one, pass `--year 2026`). */
export const SAMPLE_YEAR = 2026;
const START = Date.UTC(SAMPLE_YEAR, 2, 4, 5, 6, 7, 123);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** OTel severity numbers of the sample levels. */
export const SEVERITY = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 };

/** Message kinds: a function of the random source giving the message text. */
const MESSAGES = [
  (r) => `user ${r.int(1, 99999)} logged in from 10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  (r) => `request ${r.hex(8)}-${r.hex(4)}-${r.hex(4)} served in ${r.int(1, 900)} ms`,
  (r) => `cache miss for key session:${r.hex(12)}`,
  (r) => `connection to 192.168.${r.int(0, 9)}.${r.int(1, 254)}:${r.int(1024, 65535)} closed after ${r.int(0, 1e6)} bytes`,
  (r) => `job cleanup-${r.int(1, 9)} finished, removed ${r.int(0, 500)} files`,
  (r) => `retrying upload of chunk ${r.int(1, 64)}/${r.int(64, 128)} (attempt ${r.int(1, 5)})`,
  (r) => `disk usage at ${r.int(50, 99)}% on /dev/sda${r.int(1, 4)}`,
  (r) => `failed to open /var/lib/app/${r.pick(['users', 'orders', 'cache', 'audit'])}.db: permission denied`,
  (r) => `worker ${r.int(1, 64)} started`,
  (r) => `worker ${r.int(1, 64)} stopped with exit code ${r.int(0, 255)}`,
  (r) => `slow query took ${r.int(500, 9000)} ms: SELECT * FROM orders WHERE id = ${r.int(1, 1e6)}`,
  (r) => `token refresh scheduled in ${r.int(10, 3600)} s`,
];
const LEVEL_OF_KIND = ['INFO', 'DEBUG', 'DEBUG', 'INFO', 'INFO', 'WARN', 'WARN', 'ERROR', 'INFO', 'WARN', 'WARN', 'DEBUG'];

const p2 = (x) => String(x).padStart(2, '0');
const p3 = (x) => String(x).padStart(3, '0');
const d = (t) => new Date(t);
const ymd = (t, sep = '-') => `${d(t).getUTCFullYear()}${sep}${p2(d(t).getUTCMonth() + 1)}${sep}${p2(d(t).getUTCDate())}`;
const hms = (t) => `${p2(d(t).getUTCHours())}:${p2(d(t).getUTCMinutes())}:${p2(d(t).getUTCSeconds())}`;
const ms = (t) => p3(d(t).getUTCMilliseconds());
const syslogDate = (t) => `${MONTHS[d(t).getUTCMonth()]} ${String(d(t).getUTCDate()).padStart(2, ' ')} ${hms(t)}`;
const letter = { DEBUG: 'D', INFO: 'I', WARN: 'W', ERROR: 'E' };
const syslogSeverity = { DEBUG: 7, INFO: 6, WARN: 4, ERROR: 3 };

/**
 * The layouts: `line(t, level, message, h)` writes one line (h: header values of the line);
 * `precision` is the time resolution in ms; `levels` whether the layout has a level field;
 * `written` the severity of levels the layout writes as another (klog has no debug: `I`).
 */
export const LAYOUTS = [
  { name: 'iso-zone-log4j', precision: 1, levels: true, line: (t, l, m, h) => `${ymd(t + 7_200_000)}T${hms(t + 7_200_000)}.${ms(t)}+02:00 ${l.padEnd(5)} [${h.thread}] ${h.logger} - ${m}` },
  { name: 'log4j-default', precision: 1, levels: true, line: (t, l, m, h) => `${ymd(t)} ${hms(t)},${ms(t)} ${l.padEnd(5)} [${h.thread}] ${h.logger} - ${m}` },
  { name: 'python-logging', precision: 1, levels: true, line: (t, l, m, h) => `${ymd(t)} ${hms(t)},${ms(t)} - ${h.logger} - ${l === 'WARN' ? 'WARNING' : l} - ${m}` },
  { name: 'logback-time-only', precision: 1, levels: true, timeOfDay: true, line: (t, l, m, h) => `${hms(t)}.${ms(t)} [${h.thread}] ${l.padEnd(5)} ${h.logger} - ${m}` },
  { name: 'rfc3164-pri', precision: 1000, levels: true, line: (t, l, m, h) => `<${8 + syslogSeverity[l]}>${syslogDate(t)} ${h.host} ${h.program}[${h.pid}]: ${m}` },
  { name: 'syslog-plain', precision: 1000, levels: false, line: (t, _l, m, h) => `${syslogDate(t)} ${h.host} ${h.program}[${h.pid}]: ${m}` },
  { name: 'rfc5424', precision: 1, levels: true, line: (t, l, m, h) => `<${8 + syslogSeverity[l]}>1 ${ymd(t)}T${hms(t)}.${ms(t)}Z ${h.host} ${h.program} ${h.pid} - - ${m}` },
  {
    name: 'logcat-threadtime',
    precision: 1,
    levels: true,
    line: (t, l, m, h) => `${p2(d(t).getUTCMonth() + 1)}-${p2(d(t).getUTCDate())} ${hms(t)}.${ms(t)} ${String(h.pid).padStart(5)} ${String(h.tid).padStart(5)} ${letter[l]} ${h.tag}: ${m}`,
  },
  { name: 'yyyymmdd-pipe', precision: 1, levels: false, line: (t, _l, m, h) => `${ymd(t, '')}-${hms(t)}:${ms(t)}|${h.component}|${h.pid}|${m}` },
  { name: 'epoch-ms-column', precision: 1, levels: true, line: (t, l, m, h) => `${t} ${l} ${h.component}: ${m}` },
  { name: 'epoch-s-column', precision: 1000, levels: false, line: (t, _l, m, h) => `${h.host} ${Math.floor(t / 1000)} ${h.component} ${m}` },
  {
    name: 'klog',
    precision: 1,
    levels: true,
    written: { DEBUG: 9 },
    line: (t, l, m, h) => `${l === 'DEBUG' ? 'I' : letter[l]}${p2(d(t).getUTCMonth() + 1)}${p2(d(t).getUTCDate())} ${hms(t)}.${ms(t)}456 ${String(h.tid).padStart(7)} ${h.file}:${h.lineNo}] ${m}`,
  },
  {
    name: 'windows-cbs',
    precision: 1000,
    levels: true,
    written: { DEBUG: 9 },
    line: (t, l, m, h) => `${ymd(t)} ${hms(t)}, ${(l === 'WARN' ? 'Warning' : l === 'ERROR' ? 'Error' : l === 'DEBUG' ? 'Info' : 'Info').padEnd(22)}${h.component.slice(0, 4).padEnd(7)}${m}`,
  },
  {
    name: 'nginx-error',
    precision: 1000,
    levels: true,
    written: { INFO: 10 },
    line: (t, l, m, h) => `${ymd(t, '/')} ${hms(t)} [${l === 'WARN' ? 'warn' : l === 'ERROR' ? 'error' : l === 'DEBUG' ? 'debug' : 'notice'}] ${h.pid}#${h.pid}: *${h.tid} ${m}`,
  },
  {
    name: 'apache-error-24',
    precision: 1,
    levels: true,
    line: (t, l, m, h) =>
      `[${DAYS[d(t).getUTCDay()]} ${MONTHS[d(t).getUTCMonth()]} ${p2(d(t).getUTCDate())} ${hms(t)}.${ms(t)}000 ${d(t).getUTCFullYear()}] [${h.module}:${l === 'WARN' ? 'warn' : l.toLowerCase()}] [pid ${h.pid}] ${m}`,
  },
  { name: 'tab-separated', precision: 1000, levels: true, line: (t, l, m, h) => `${ymd(t)}T${hms(t)}Z\t${l}\t${h.component}\t${m}` },
  { name: 'kubectl-prefix', precision: 1, levels: true, line: (t, l, m, h) => `[pod/${h.pod}/app] ${ymd(t)}T${hms(t)}.${ms(t)}Z ${l} ${m}` },
  { name: 'cri', precision: 1, levels: false, line: (t, _l, m, h) => `${ymd(t)}T${hms(t)}.${ms(t)}456789Z ${h.stream} F ${m}` },
  { name: 'logfmt', precision: 1000, levels: true, line: (t, l, m, h) => `time=${ymd(t)}T${hms(t)}Z level=${l.toLowerCase()} msg="${m.replace(/"/g, '\\"')}" component=${h.component}` },
  {
    name: 'file-name-prefix',
    precision: 1,
    levels: true,
    line: (t, l, m, h) => `${h.component}.log.1.${ymd(t)}_${hms(t)} ${ymd(t)} ${hms(t)}.${ms(t)} ${h.pid} ${l} ${h.logger} [req-${h.req} - - -] ${m}`,
  },
  { name: 'syslog-mixed-tags', precision: 1000, levels: false, line: (t, _l, m, h) => `${syslogDate(t)} ${h.host} ${h.pid % 3 === 0 ? 'kernel:' : `${h.program}[${h.pid}]:`} ${m}` },
  { name: 'log4j-thread-spaces', precision: 1, levels: true, line: (t, l, m, h) => `${ymd(t)} ${hms(t)}.${ms(t)} [${h.thread} ${h.tid % 7}] ${l} ${h.logger}: ${m}` },
  { name: 'zookeeper-style', precision: 1, levels: true, line: (t, l, m, h) => `${ymd(t)} ${hms(t)},${ms(t)} - ${l.padEnd(5)} [${h.thread}:${h.logger}@${h.lineNo}] - ${m}` },
];

/** A seeded random source with the helpers the generators use. */
function source(seed) {
  const rand = mulberry32(seed);
  return {
    next: rand,
    int: (a, b) => a + Math.floor(rand() * (b - a + 1)),
    pick: (xs) => xs[Math.floor(rand() * xs.length)],
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join(''),
  };
}

/**
 * `n` lines of `layout` with their truth: `{ line, time, level, message, kind }` (time in epoch ms at
 * the layout's precision, level an OTel severity number, kind the index of the message's kind).
 */
export function sampleLines(layout, n, seed = 7) {
  const r = source(seed);
  const hosts = ['web-1', 'web-2', 'db-1', 'cache-3'];
  const threads = ['main', 'worker-1', 'worker-2', 'http-nio-8080-exec-4', 'scheduler'];
  const loggers = ['org.example.billing.Invoices', 'org.example.api.Gateway', 'org.example.cache.Store', 'org.example.auth.Sessions', 'org.example.jobs.Cleanup', 'org.example.db.Pool'];
  const components = ['api', 'billing', 'scheduler', 'storage'];
  const programs = ['sshd', 'cron', 'nginx', 'postgres'];
  const files = ['controller.go', 'reconciler.go', 'server.go'];
  const out = [];
  let t = START;
  for (let i = 0; i < n; i++) {
    t += r.int(1, 4000);
    const time = layout.timeOfDay ? Date.UTC(SAMPLE_YEAR, 0, 1) + (t % 86_400_000) : t - (t % layout.precision);
    const kind = r.int(0, MESSAGES.length - 1);
    const message = MESSAGES[kind](r);
    const level = LEVEL_OF_KIND[kind];
    const h = {
      host: r.pick(hosts),
      thread: r.pick(threads),
      logger: r.pick(loggers),
      component: r.pick(components),
      program: r.pick(programs),
      pid: r.int(100, 32000),
      tid: r.int(100, 32000),
      tag: r.pick(['ActivityManager', 'WindowManager', 'PowerManagerService']),
      file: r.pick(files),
      lineNo: r.int(10, 999),
      module: r.pick(['core', 'ssl', 'proxy']),
      pod: `web-${r.hex(5)}`,
      stream: r.next() < 0.8 ? 'stdout' : 'stderr',
      req: `${r.hex(8)}-${r.hex(4)}`,
    };
    out.push({ line: layout.line(time, level, message, h), time, level: layout.levels ? (layout.written?.[level] ?? SEVERITY[level]) : undefined, message, kind });
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { lines: { type: 'string', default: '15' } } });
  if (positionals.length !== 1) {
    console.error('usage: node bench/layout-samples.js <out-dir> [--lines 15]');
    process.exit(2);
  }
  mkdirSync(positionals[0], { recursive: true });
  for (const layout of LAYOUTS)
    writeFileSync(
      join(positionals[0], `${layout.name}.log`),
      `${sampleLines(layout, Number(values.lines))
        .map((s) => s.line)
        .join('\n')}\n`,
    );
}
