// Security benchmark: recall and false positives of the injection detector on real attack corpora
// and real benign traffic, and CrowdSec scenario replays for the burst detectors.
//
//   npm run bench:security                 (builds, then runs with the default data path)
//   node bench/security.js --data <dir>    (the folder of /work/shared/datasets/security)
//   node bench/security.js --text <dir>    (real multi-line text for the header-injection check; default
//                                           /usr/share/doc and node_modules, skipped when absent)
//   node bench/security.js --heldout2      (only the held-out set 2 section, bench/security-heldout2.js; no data folder)
//   node bench/security.js --heldout3      (only the held-out set 3 section, same code; not part of the full run)
//   node bench/security.js --heldout4      (only the held-out set 4 section, same code plus attack recall by class; not part of the full run)
//   node bench/security.js --heldout5      (only the held-out set 5 section, the code of --heldout4; not part of the full run)
//   node bench/security.js --heldout6      (only the held-out set 6 section, the code of --heldout5; not part of the full run)
//   node bench/security.js --heldout7      (only the held-out set 7 section, the code of --heldout6; not part of the full run)
//   node bench/security.js --heldout8      (only the held-out set 8 section, the code of --heldout7; not part of the full run)
//   node bench/security.js --heldout9      (only the held-out set 9 section, the code of --heldout8; not part of the full run)
//   node bench/security.js --forms-dev8    (only forms8's development corpus, test/fixtures/security/forms-dev8; not part of the full run)
//   node bench/security.js --new-daemons   (only the auth lines of 23 daemons no other fixture has, test/fixtures/security/auth-new; not part of the full run)
//   node bench/security.js --sessions      (only the session-style daemons of test/fixtures/security/auth-sessions, in order through the session join; not part of the full run)
//   node bench/security.js --new-daemons3  (only the auth lines of 25 more products, test/fixtures/security/auth-new3: tuned 17 and held-out 8 apart; not part of the full run)
//
// Skips (exit 0) when the data folder is absent. Outside `npm test`.
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { InjectionDetector, BruteForceDetector, ScannerDetector, parseAccessLine, parseAccessLogTime, DEFAULT_FAILURE_PHRASES } from '../dist/security/index.js';
import { eventFromObject } from '../dist/input/event-from-input.js';
import { accessLogLine, buildRequests, otelAttributes, pinoRecord, request as wafRequest } from '../test/fixtures/security/waf/requests.mjs';
import { formValues } from '../test/fixtures/security/forms/values.mjs';
import { authLines } from '../test/fixtures/security/auth-formats/lines.mjs';
import { formsDev8Section } from './security-forms-dev8.js';
import {
  heldout2Section,
  heldout3Section,
  heldout4Section,
  heldout5Section,
  heldout6Section,
  heldout7Section,
  heldout8Section,
  heldout9Section,
  newDaemons3Section,
  newDaemonsSection,
  sessionsSection,
} from './security-heldout2.js';

const here = path.dirname(fileURLToPath(import.meta.url));
if (process.argv.includes('--heldout2')) {
  console.log(['# logsignal security benchmark: held-out set 2', '', ...heldout2Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout3')) {
  console.log(['# logsignal security benchmark: held-out set 3', '', ...heldout3Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout4')) {
  console.log(['# logsignal security benchmark: held-out set 4', '', ...heldout4Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout5')) {
  console.log(['# logsignal security benchmark: held-out set 5', '', ...heldout5Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--new-daemons')) {
  console.log(['# logsignal security benchmark: authentication lines of new daemons', '', ...newDaemonsSection()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--new-daemons3')) {
  console.log(['# logsignal security benchmark: authentication lines of new daemons, third set', '', ...newDaemons3Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout6')) {
  console.log(['# logsignal security benchmark: held-out set 6', '', ...heldout6Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--forms-dev8')) {
  console.log(['# logsignal security benchmark: forms8 development corpus', '', ...formsDev8Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout7')) {
  console.log(['# logsignal security benchmark: held-out set 7', '', ...heldout7Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--sessions')) {
  console.log(['# logsignal security benchmark: session-style daemons', '', ...sessionsSection()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout8')) {
  console.log(['# logsignal security benchmark: held-out set 8', '', ...heldout8Section()].join('\n'));
  process.exit(0);
}
if (process.argv.includes('--heldout9')) {
  console.log(['# logsignal security benchmark: held-out set 9', '', ...heldout9Section()].join('\n'));
  process.exit(0);
}
const argIndex = process.argv.indexOf('--data');
const dataDir = argIndex > 0 ? path.resolve(process.argv[argIndex + 1]) : path.resolve(here, '../../shared/datasets/security');
const devFile = path.join(dataDir, 'security-bench-dev.jsonl');
if (!fs.existsSync(devFile)) {
  console.log(`bench:security skipped: ${devFile} not found (pass --data <dir> with security-bench-dev.jsonl)`);
  process.exit(0);
}

const TARGETS = {
  sqli: 0.9,
  xss: 0.9,
  jndi: 0.98,
  traversal: 0.75,
  cmdi: 0.6,
  fpRealUris: 0.002,
  fpHard: 0.05,
  fpAppLog: 0.005,
};

const event = (attributes, message = '', time = 0) => ({ time, severityNumber: 0, severityText: '', message, attributes, eventName: '' });
const pct = (x) => `${(100 * x).toFixed(2)}%`;
const out = [];

// ---------------------------------------------------------------- injection: labelled corpus
const rows = fs
  .readFileSync(devFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const injection = new InjectionDetector();
const fires = (attrs, message) => {
  out.length = 0;
  injection.observe(event(attrs, message), out);
  return out.length > 0;
};
/** How each class arrives: attacks and hard negatives as a query parameter value, URIs as path + query, referrers as the header. */
function fieldForm(row) {
  switch (row.cls) {
    case 'benign_uri': {
      const q = row.text.indexOf('?');
      return q >= 0 ? { 'url.path': row.text.slice(0, q), 'url.query': row.text.slice(q + 1) } : { 'url.path': row.text };
    }
    case 'benign_referrer':
      return { 'http.request.header.referer': row.text };
    default:
      return { 'url.query': `q=${row.text}` };
  }
}

const byClass = new Map();
const misses = new Map();
const fieldRows = rows.filter((r) => r.cls !== 'benign_applog_synthetic').map((r) => ({ row: r, attrs: fieldForm(r) }));
for (const { row, attrs } of fieldRows) {
  const hit = fires(attrs);
  const s = byClass.get(row.cls) ?? { n: 0, hit: 0 };
  s.n++;
  if (hit) s.hit++;
  byClass.set(row.cls, s);
  if ((row.label === 'attack') !== hit) {
    const m = misses.get(row.cls) ?? [];
    if (m.length < 5) m.push(row.text.slice(0, 100));
    misses.set(row.cls, m);
  }
}
// the same attacks as a whole header value (no `name=` before them): informational
const asHeader = new Map();
for (const row of rows) {
  if (row.label !== 'attack') continue;
  const s = asHeader.get(row.cls) ?? { n: 0, hit: 0 };
  s.n++;
  if (fires({ 'http.request.header.x-test': row.text })) s.hit++;
  asHeader.set(row.cls, s);
}

// held out: lines of the sampled corpus files that the dev set left out (never used for tuning)
function readLines(file) {
  const buf = fs.readFileSync(file);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = buf.toString('latin1');
  }
  return [...new Set(text.split(/\r?\n/).filter((l) => l.length > 0))];
}
const devTexts = new Set(rows.map((r) => r.text));
const heldOut = [];
for (const [cls, rel, skipComments] of [
  ['sqli', 'libinjection/data/sqli-forums.txt', true],
  ['traversal', 'payloadsallthethings/Directory Traversal/Intruder/dotdotpwn.txt', false],
  ['traversal', 'payloadsallthethings/File Inclusion/Intruders/Traversal.txt', false],
  ['traversal', 'payloadsallthethings/File Inclusion/Intruders/JHADDIX_LFI.txt', false],
  ['traversal', 'payloadsallthethings/File Inclusion/Intruders/dot-slash-PathTraversal_and_LFI_pairing.txt', false],
]) {
  const file = path.join(dataDir, rel);
  if (!fs.existsSync(file)) continue;
  const lines = readLines(file).filter((l) => !devTexts.has(l) && !(skipComments && l.startsWith('#')));
  if (lines.length === 0) continue;
  const hit = lines.filter((l) => fires({ 'url.query': `q=${l}` })).length;
  heldOut.push({ cls, rel, n: lines.length, rate: hit / lines.length });
}

/**
 * Milliseconds of CPU time this process has used (user + system): on a shared machine, time spent
 * waiting for a core is not counted, so figures from one run compare better than wall-clock ones.
 */
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Mean ns of CPU time per call of `fn` over `items`, measured on a second (warm) pass. */
function timeIt(items, fn) {
  for (const x of items) fn(x);
  const t = cpuMs();
  for (const x of items) fn(x);
  return ((cpuMs() - t) * 1e6) / items.length;
}
const nsPerRecord = timeIt(fieldRows, (r) => fires(r.attrs));
const nsPerBenignUri = timeIt(
  fieldRows.filter((r) => r.row.cls === 'benign_uri'),
  (r) => fires(r.attrs),
);

// application logs: field-scoped (the line is the message; default fields), and as a stress test
// each line scanned as a user-input value (not a gate: ORM queries are SQL by construction)
const appLines = rows.filter((r) => r.cls === 'benign_applog_synthetic');
let appFieldScoped = 0;
let appAccessMode = 0;
let appAsValue = 0;
const accessMode = new InjectionDetector({ message: 'access-log' });
for (const r of appLines) {
  if (fires({}, r.text)) appFieldScoped++;
  out.length = 0;
  accessMode.observe(event({}, r.text), out);
  if (out.length > 0) appAccessMode++;
  if (fires({ 'url.query': `q=${r.text}` })) appAsValue++;
}

// the real Apache access log, every line, in message mode
const apacheFile = path.join(dataDir, 'elastic-examples/Common Data Formats/apache_logs/apache_logs');
const apacheLines = fs.existsSync(apacheFile) ? fs.readFileSync(apacheFile, 'latin1').split('\n').filter(Boolean) : [];
let apacheParsed = 0;
const apacheFlagged = [];
for (const line of apacheLines) {
  if (parseAccessLine(line)) apacheParsed++;
  out.length = 0;
  accessMode.observe(event({}, line), out);
  if (out.length > 0) apacheFlagged.push(`${out[0].evidence.rules.join(',')}  ${line.slice(0, 140)}`);
}
const nsPerLine = apacheLines.length
  ? timeIt(apacheLines, (line) => {
      out.length = 0;
      accessMode.observe(event({}, line), out);
    })
  : 0;

// ---------------------------------------------------------------- burst detectors on the Apache log
function apacheTime(line) {
  const req = parseAccessLine(line);
  return req ? parseAccessLogTime(req.timeText) : NaN;
}
const burstSignals = [];
const apacheEvents = apacheLines.map((line) => event({}, line, apacheTime(line))).filter((e) => !Number.isNaN(e.time));
const bf = new BruteForceDetector();
const sc = new ScannerDetector();
for (const e of apacheEvents) {
  out.length = 0;
  bf.observe(e, out);
  sc.observe(e, out);
  for (const s of out) burstSignals.push(`${s.name} ${s.key}: ${s.message} [${(s.evidence.paths ?? []).join(' ')}]`);
}
const nsBurst = apacheEvents.length
  ? timeIt(apacheEvents, (e) => {
      out.length = 0;
      bf.observe(e, out);
      sc.observe(e, out);
    })
  : 0;

// ---------------------------------------------------------------- CrowdSec replays
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
/** Record time of a CrowdSec test line: access-log brackets, nginx error `2021/09/30 09:23:53`, syslog `Feb 12 14:10:21`. */
function lineTime(line) {
  const req = parseAccessLine(line);
  if (req?.timeText) return parseAccessLogTime(req.timeText);
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(line);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const s = /^([A-Z][a-z]{2}) +(\d+) (\d{2}):(\d{2}):(\d{2})/.exec(line);
  if (s) return Date.UTC(2026, MONTHS[s[1]], +s[2], +s[3], +s[4], +s[5]);
  return NaN;
}
const failed = (e) => DEFAULT_FAILURE_PHRASES.some((p) => e.message.toLowerCase().includes(p));
const sshUser = (e) => /(?:invalid user|failed password for(?: invalid user)?) (\S+) from/i.exec(e.message)?.[1];
const SCENARIOS = {
  'ssh-bf': () => [new BruteForceDetector(), new ScannerDetector({ id: 'ssh_user_enum', match: failed, distinct: sshUser, threshold: 5, window: '1m', ignoreStatic: false })],
  'nginx-http-generic-bf': () => [new BruteForceDetector()],
  'http-bf-wordpress-bf': () => [new BruteForceDetector({ match: (_e, r) => r?.method === 'POST' && r.path.endsWith('/wp-login.php') && r.status === 200 })],
  'apache-http-probing': () => [new ScannerDetector()],
  'nginx-http-sensitive-files': () => [new ScannerDetector()],
  'nginx-http-path-traversal': () => [new InjectionDetector({ message: 'access-log' })],
  'nginx-http-sqli-probing': () => [new InjectionDetector({ message: 'access-log' })],
  'nginx-http-xss-probing': () => [new InjectionDetector({ message: 'access-log' })],
  'http-admin-interface-probing': () => [],
};
const EPISODE_MS = 5 * 60_000; // per-detector, per-client grouping of repeated signals (CrowdSec's blackhole)
const replays = [];
const testsDir = path.join(dataDir, 'crowdsec-hub/.tests');
if (fs.existsSync(testsDir)) {
  for (const name of fs.readdirSync(testsDir).sort()) {
    const dir = path.join(testsDir, name);
    const logFile = fs.readdirSync(dir).find((f) => f.endsWith('.log'));
    const assert = fs.readFileSync(path.join(dir, 'scenario.assert'), 'utf8');
    const len = /len\(results\) == (\d+)/.exec(assert);
    const expectedIps = [...new Set([...assert.matchAll(/"([^"]+)" in results\[\d+\]\.Overflow\.GetSources\(\)/g)].map((m) => m[1]))];
    const expected = len ? Number(len[1]) : new Set([...assert.matchAll(/results\[(\d+)\]/g)].map((m) => m[1])).size;
    const make = SCENARIOS[name];
    const detectors = make ? make() : [];
    const last = new Map();
    let alerts = 0;
    const ips = new Set();
    for (const line of fs.readFileSync(path.join(dir, logFile), 'utf8').split('\n').filter(Boolean)) {
      const time = lineTime(line);
      for (const d of detectors) {
        out.length = 0;
        d.observe(event({}, line, time), out);
        for (const s of out) {
          const k = `${s.detector}|${s.key}`;
          if (!(last.has(k) && time - last.get(k) < EPISODE_MS)) alerts++;
          last.set(k, time);
          ips.add(s.key);
        }
      }
    }
    const ok = alerts === expected && expectedIps.every((ip) => ips.has(ip)) && ips.size === expectedIps.length;
    replays.push({ name, detectors: detectors.map((d) => d.id).join(' + ') || '(none)', expected, expectedIps, alerts, ips: [...ips], ok });
  }
}

// ---------------------------------------------------------------- injection beyond the corpora: tuned vs held out
/** The fixed split of test/security/heldout.ts: held out when FNV-1a(text) % 3 === 0 (decided before tuning). */
function isHeldOut(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 3 === 0;
}
const beyond = new Map(); // label -> { tuned: [n, hit], held: [n, hit] }
const addBeyond = (label, text) => {
  const b = beyond.get(label) ?? { tuned: [0, 0], held: [0, 0] };
  const part = isHeldOut(text) ? b.held : b.tuned;
  part[0]++;
  if (fires({ 'url.query': `q=${text}` })) part[1]++;
  beyond.set(label, b);
};
const beyondFile = path.join(here, '../test/fixtures/security/beyond/payloads.tsv');
for (const l of fs.readFileSync(beyondFile, 'utf8').split('\n')) {
  if (l.length === 0 || l.startsWith('#')) continue;
  const tab = l.indexOf('\t');
  addBeyond(`${l.slice(0, tab)} (own list, test/fixtures/security/beyond)`, l.slice(tab + 1));
}
for (const [cls, files] of [
  ['ssti', ['Server Side Template Injection/Intruder/ssti.fuzz']],
  ['xxe', ['XXE Injection/Intruders/XXE_Fuzzing.txt', 'XXE Injection/Intruders/xml-attacks.txt']],
  ['ldap', ['LDAP Injection/Intruder/LDAP_FUZZ.txt', 'LDAP Injection/Intruder/LDAP_FUZZ_SMALL.txt']],
]) {
  const found = files.map((f) => path.join(dataDir, 'payloadsallthethings', f)).filter((f) => fs.existsSync(f));
  for (const l of new Set(found.flatMap((f) => readLines(f)))) addBeyond(`${cls} (PayloadsAllTheThings)`, l);
}

// ---------------------------------------------------------------- WAF-regression-style requests (own set, tuned vs held out)
/** Tally of hits per label and split: label -> { tuned: [n, hit], 'held-out': [n, hit] }. */
const tally = () => new Map();
const count = (map, label, split, hit) => {
  const b = map.get(label) ?? { tuned: [0, 0], 'held-out': [0, 0] };
  b[split][0]++;
  if (hit) b[split][1]++;
  map.set(label, b);
};
const wafCases = buildRequests();
const wafByClass = tally();
const wafByCarrier = tally();
const wafByEncoding = tally();
const wafBenign = tally();
const wafForms = tally();
const wafAccess = new InjectionDetector({ message: 'access-log' });
const ACCESS_CARRIERS = new Set(['query', 'arg-name', 'path', 'referer', 'user-agent', 'uri']);
for (const c of wafCases) {
  const hit = fires(otelAttributes(c.request));
  const p = pinoRecord(c.request);
  const hitPino = fires({ req: p.req, res: p.res });
  let hitAccess;
  if (ACCESS_CARRIERS.has(c.carrier)) {
    out.length = 0;
    wafAccess.observe(event({}, accessLogLine(c.request)), out);
    hitAccess = out.length > 0;
  }
  if (c.label === 'attack') {
    count(wafByClass, c.cls, c.split, hit);
    count(wafByCarrier, c.carrier, c.split, hit);
    count(wafByEncoding, c.encoding, c.split, hit);
    count(wafForms, 'OTel attributes (all carriers)', c.split, hit);
    count(wafForms, 'pino-http record (req.url, req.headers, req.body)', c.split, hitPino);
    if (hitAccess !== undefined) count(wafForms, 'access-log line (query, arg name, path, Referer, User-Agent carriers)', c.split, hitAccess);
  } else {
    count(wafBenign, `${c.cls.replace('benign_', '')} (${c.carrier === 'uri' ? 'path + query' : 'query, form, JSON'})`, c.split, hit);
    count(wafBenign, 'all benign requests', c.split, hit);
    if (hitAccess !== undefined) count(wafBenign, 'all benign requests, access-log line', c.split, hitAccess);
  }
}

// ---------------------------------------------------------------- benign form values (own set, held out by template)
const formKinds = tally();
const formAll = tally();
const formRequests = tally();
for (const v of formValues()) {
  let any = false;
  for (const carrier of ['query', 'form', 'json']) {
    const hit = fires(otelAttributes(wafRequest(carrier, v.value)));
    if (hit) any = true;
    if (v.kind !== 'typed-code') count(formRequests, 'requests (each value as a query argument, a form body and a JSON body)', v.split, hit);
  }
  count(formKinds, v.kind, v.split, any);
  count(
    formAll,
    v.kind === 'typed-code' ? 'whole SQL statements and shell lines typed as a value (shell lines and attacking statements reported on purpose)' : 'all values but typed SQL / shell',
    v.split,
    any,
  );
}

// ---------------------------------------------------------------- header injection on real multi-line text
const textIndex = process.argv.indexOf('--text');
const textDirs = textIndex > 0 ? [path.resolve(process.argv[textIndex + 1])] : ['/usr/share/doc', path.join(here, '../node_modules')];
const textChunks = [];
{
  const seenText = new Set();
  const walk = (dir, depth) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < 6) walk(p, depth + 1);
        continue;
      }
      if (!/\.(md|txt)(\.gz)?$/i.test(e.name) && !/^(changelog|changelog\.debian|news|news\.debian|readme|readme\.debian)(\.gz)?$/i.test(e.name)) continue;
      let text;
      try {
        const raw = fs.readFileSync(p);
        text = (p.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
      } catch {
        continue;
      }
      if (seenText.has(text)) continue;
      seenText.add(text);
      // chunks of 8 lines, as a message typed into a text area
      const ls = text.split(/\r?\n/);
      for (let i = 0; i < ls.length; i += 8) {
        const c = ls
          .slice(i, i + 8)
          .join('\n')
          .trim();
        if (c.includes('\n') && c.length < 4096) textChunks.push(c);
      }
    }
  };
  for (const d of textDirs) if (fs.existsSync(d)) walk(d, 0);
}
const textDetector = new InjectionDetector();
let textCrlf = 0;
let textAny = 0;
for (const c of textChunks) {
  const r = textDetector.score(c);
  if (r.score >= textDetector.minScore) textAny++;
  if (r.rules.some((x) => x.startsWith('crlf'))) textCrlf++;
}

// ---------------------------------------------------------------- authentication failures in six layouts (own set, tuned vs held out)
const authFormat = tally();
const authNormal = tally();
const authEvent = (l, time = 0) => {
  if (l.layout !== 'journal-json') return event({}, l.line, time);
  const e = eventFromObject(JSON.parse(l.line), time, 65_536);
  e.time = time;
  return e;
};
const authFmtLines = authLines();
const keyed = new BruteForceDetector();
for (const l of authFmtLines) {
  const key = keyed.failureKey(authEvent(l));
  if (l.kind === 'F') count(authFormat, l.daemon, l.split, key === l.client.toLowerCase());
  else count(authNormal, l.daemon, l.split, key !== undefined);
}
const authFalseSignals = {};
for (const split of ['tuned', 'held-out']) {
  const d = new BruteForceDetector();
  let n = 0;
  const normal = authFmtLines.filter((l) => l.kind === 'N' && l.split === split);
  for (let r = 0; r < 20; r++)
    for (const l of normal) {
      out.length = 0;
      d.observe(authEvent(l, r * 1000), out);
      n += out.length;
    }
  authFalseSignals[split] = n;
}

// ---------------------------------------------------------------- authentication failures of common daemons
const authDir = path.join(here, '../test/fixtures/security/auth');
const auth = [];
for (const f of fs
  .readdirSync(authDir)
  .filter((x) => x.endsWith('.log'))
  .sort()) {
  const lines = fs.readFileSync(path.join(authDir, f), 'utf8').split('\n');
  const failures = lines.filter((l) => l.startsWith('F ')).map((l) => l.slice(2));
  const normal = lines.filter((l) => l.startsWith('N ')).map((l) => l.slice(2));
  // recognised: a failure with its client (a one-failure threshold raises the signal at once)
  const recognised = failures.filter((l) => {
    out.length = 0;
    new BruteForceDetector({ threshold: 1 }).observe(event({}, l, 0), out);
    return out.length > 0;
  }).length;
  const bfNormal = new BruteForceDetector();
  let falseSignals = 0;
  for (let r = 0; r < 20; r++)
    for (const l of normal) {
      out.length = 0;
      bfNormal.observe(event({}, l, r * 1000), out);
      falseSignals += out.length;
    }
  auth.push({ daemon: f.replace(/\.log$/, ''), failures: failures.length, recognised, normal: normal.length, falseSignals });
}

// ---------------------------------------------------------------- worst-case cost per record on hostile values
const KIB4 = 4096;
const hostileRecords = [
  [
    'benign request (path, query, user agent)',
    () => ({
      'url.path': '/api/orders/12345',
      'url.query': 'page=2&sort=desc&filter=open',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    }),
  ],
  [
    'benign POST (path, query, cookie, JSON body)',
    () => ({
      'url.path': '/api/orders',
      'url.query': 'page=2&sort=desc',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
      'http.request.header.cookie': ['sid=4f2a9c01; theme=dark; lang=en-US'],
      'http.request.body': '{"name":"Ann O\'Brien","items":[1,2,3],"note":"deliver after 5pm"}',
    }),
  ],
  ['4 KiB of `;` in the query', () => ({ 'url.path': '/search', 'url.query': `q=${';'.repeat(KIB4)}` })],
  ['4 KiB of `a=1&` in a form body', () => ({ 'url.path': '/form', 'http.request.body': 'a=1&'.repeat(KIB4 / 4) })],
  ['16 KiB JSON body of quoted strings', () => ({ 'url.path': '/api', 'http.request.body': JSON.stringify(Array.from({ length: 1024 }, () => 'x"y\\z')) })],
  ['4 KiB of `|` and `&`', () => ({ 'url.path': '/search', 'url.query': `q=${'|&'.repeat(KIB4 / 2)}` })],
  ['4 KiB of quotes', () => ({ 'url.path': '/search', 'url.query': `q=${"'".repeat(KIB4)}` })],
  ['4 KiB `%25` chain', () => ({ 'url.path': '/search', 'url.query': `q=${'%25'.repeat(KIB4 / 3)}` })],
  ['4 KiB of `../`', () => ({ 'url.path': `/${'../'.repeat(KIB4 / 3)}` })],
  ['4 KiB of `${`', () => ({ 'url.path': '/search', 'url.query': `q=${'${'.repeat(KIB4 / 2)}` })],
  ['4 KiB of `<`', () => ({ 'url.path': '/search', 'url.query': `q=${'<'.repeat(KIB4)}` })],
  ['4 KiB of `()`', () => ({ 'url.path': '/search', 'url.query': `q=${'()'.repeat(KIB4 / 2)}` })],
  ['1,024 parameters', () => ({ 'url.path': '/search', 'url.query': 'a=1&'.repeat(1024) })],
  [
    '64 headers x 8 values x 4 KiB of `;`',
    () => {
      const header = {};
      for (let h = 0; h < 64; h++) header[`x-h${h}`] = Array.from({ length: 8 }, () => ';'.repeat(KIB4));
      return { 'url.path': '/', 'http.request.header': header };
    },
  ],
];
const hostileCost = [];
for (const [label, make] of hostileRecords) {
  const d = new InjectionDetector();
  const attrs = make();
  const e = event(attrs);
  // one timed call first: a record that takes over 100 ms (the code before the linear-time work) is timed once
  const first = cpuMs();
  out.length = 0;
  d.observe(e, out);
  const once = cpuMs() - first;
  const reps = once > 100 ? 1 : label.startsWith('64 headers') ? 20 : label.startsWith('benign') ? 20_000 : 300;
  for (let i = 0; i < Math.min(reps - 1, 50); i++) {
    out.length = 0;
    d.observe(e, out);
  }
  const t = cpuMs();
  for (let i = 0; i < reps; i++) {
    out.length = 0;
    d.observe(e, out);
  }
  const us = ((cpuMs() - t) * 1000) / reps;
  const ev0 = out[0]?.evidence;
  hostileCost.push({ label, us, signal: out.length > 0, skipped: ev0?.skippedChars ?? (out.length > 0 ? 'n/a' : '-') });
}

// ---------------------------------------------------------------- per-key cost: 1M distinct clients vs 1k
function keyCost(make, distinct, records) {
  const d = make();
  const failureAt = (i) =>
    event(
      { 'client.address': `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`, 'http.response.status_code': 404, 'url.path': `/p${i & 15}` },
      'Login failed for user bob',
      1_700_000_000_000 + i,
    );
  const evs = [];
  for (let i = 0; i < 4096; i++) evs.push(failureAt(i));
  const t = cpuMs();
  for (let i = 0; i < records; i++) {
    const k = i % distinct;
    const e = evs[i & 4095];
    e.attributes = { 'client.address': `10.${(k >>> 16) & 255}.${(k >>> 8) & 255}.${k & 255}`, 'http.response.status_code': 404, 'url.path': `/p${i & 15}` };
    e.time = 1_700_000_000_000 + i;
    out.length = 0;
    d.observe(e, out);
  }
  return ((cpuMs() - t) * 1e6) / records;
}
const KEY_RECORDS = 600_000;
const keyScaling = [];
for (const [name, make] of [
  ['bruteForce', () => new BruteForceDetector()],
  ['scanner', () => new ScannerDetector()],
]) {
  keyCost(make, 1000, 50_000); // warm-up
  const small = keyCost(make, 1000, KEY_RECORDS);
  const large = keyCost(make, 1_000_000, KEY_RECORDS);
  keyScaling.push({ name, small, large });
}

// ---------------------------------------------------------------- report
const recall = (cls) => {
  const s = byClass.get(cls);
  return s ? s.hit / s.n : NaN;
};
const fpr = (cls) => {
  const s = byClass.get(cls);
  return s ? s.hit / s.n : NaN;
};
const apacheRate = apacheLines.length ? apacheFlagged.length / apacheLines.length : NaN;
const gate = (measured, target, higher) => (Number.isNaN(measured) ? 'n/a' : (higher ? measured >= target : measured <= target) ? 'pass' : 'FAIL');
const lines = [];
lines.push(`# logsignal security benchmark`, '', `data: ${dataDir}`, '');
lines.push('| measure | rows | target | measured | result |', '|---|---|---|---|---|');
for (const [cls, label] of [
  ['sqli', 'SQLi recall'],
  ['xss', 'XSS recall'],
  ['jndi', 'JNDI recall'],
  ['traversal', 'traversal / inclusion recall'],
  ['cmdi', 'command injection recall'],
]) {
  lines.push(`| ${label} | ${byClass.get(cls)?.n ?? 0} | >= ${pct(TARGETS[cls])} | ${pct(recall(cls))} | ${gate(recall(cls), TARGETS[cls], true)} |`);
}
lines.push(`| recall as a whole header value instead (info): ${[...asHeader].map(([c, v]) => `${c} ${pct(v.hit / v.n)}`).join(', ')} | | (info) | | |`);
for (const h of heldOut) lines.push(`| held-out ${h.cls} recall (info): ${h.rel} lines not in the dev set | ${h.n} | (info) | ${pct(h.rate)} | |`);
lines.push(
  `| FP, real request URIs (Apache log, every line, message mode) | ${apacheLines.length} | <= ${pct(TARGETS.fpRealUris)} | ${pct(apacheRate)} | ${gate(apacheRate, TARGETS.fpRealUris, false)} |`,
);
lines.push(
  `| FP, real request URIs (dev set benign_uri, url.path + url.query) | ${byClass.get('benign_uri')?.n ?? 0} | <= ${pct(TARGETS.fpRealUris)} | ${pct(fpr('benign_uri'))} | ${gate(fpr('benign_uri'), TARGETS.fpRealUris, false)} |`,
);
lines.push(
  `| FP, libinjection hard negatives (as a query value) | ${byClass.get('benign_hard')?.n ?? 0} | <= ${pct(TARGETS.fpHard)} | ${pct(fpr('benign_hard'))} | ${gate(fpr('benign_hard'), TARGETS.fpHard, false)} |`,
);
lines.push(
  `| FP, benign app logs (field-scoped: line as message, default fields) | ${appLines.length} | <= ${pct(TARGETS.fpAppLog)} | ${pct(appFieldScoped / appLines.length)} | ${gate(appFieldScoped / appLines.length, TARGETS.fpAppLog, false)} |`,
);
lines.push(`| FP, benign app logs (message mode \`access-log\`) | ${appLines.length} | (info) | ${pct(appAccessMode / appLines.length)} | |`);
lines.push(`| FP, benign app logs scanned as a user-input value (stress, not a gate) | ${appLines.length} | (info) | ${pct(appAsValue / appLines.length)} | |`);
lines.push(`| FP, real referrers (http.request.header.referer) | ${byClass.get('benign_referrer')?.n ?? 0} | (info) | ${pct(fpr('benign_referrer'))} | |`);
lines.push(
  '',
  `Cost (CPU time, warm, one core): injection ${nsPerRecord.toFixed(0)} ns per record over the dev set in field form, ${nsPerBenignUri.toFixed(0)} ns per benign URI record, ${nsPerLine.toFixed(0)} ns per Apache line in message mode (parse included); bruteForce + scanner ${nsBurst.toFixed(0)} ns per Apache line (parse included; replayed twice, so the second pass runs on warm state).`,
);
lines.push(
  '',
  '## Injection beyond the corpora: tuned rows vs the held-out third (fixed hash, never tuned on)',
  '',
  '| payloads | tuned rows | tuned recall | held-out rows | held-out recall |',
  '|---|---|---|---|---|',
);
for (const [label, b] of beyond) lines.push(`| ${label} | ${b.tuned[0]} | ${pct(b.tuned[1] / b.tuned[0])} | ${b.held[0]} | ${pct(b.held[1] / b.held[0])} |`);
const splitCells = (b) => `${b.tuned[0]} | ${pct(b.tuned[1] / b.tuned[0])} | ${b['held-out'][0]} | ${b['held-out'][0] ? pct(b['held-out'][1] / b['held-out'][0]) : 'n/a'}`;
lines.push(
  '',
  '## WAF-regression-style requests (`test/fixtures/security/waf`, own payloads, default detector = paranoia 1)',
  '',
  'Each base payload is placed in up to 11 carriers under up to 8 encodings; a payload is held out (in every carrier and encoding) when FNV-1a(payload) % 3 === 0, and the held-out part was never looked at while tuning.',
  '',
  '| attacks: class | tuned requests | tuned recall | held-out requests | held-out recall |',
  '|---|---|---|---|---|',
);
for (const [label, b] of [...wafByClass].sort()) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push('', '| attacks: as a log carries them | tuned | tuned recall | held out | held-out recall |', '|---|---|---|---|---|');
for (const [label, b] of wafForms) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push('', '| attacks: carrier (OTel attributes) | tuned | tuned recall | held out | held-out recall |', '|---|---|---|---|---|');
for (const [label, b] of wafByCarrier) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push('', '| attacks: encoding (OTel attributes) | tuned | tuned recall | held out | held-out recall |', '|---|---|---|---|---|');
for (const [label, b] of wafByEncoding) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push('', '| benign: kind of value (OTel attributes) | tuned | tuned FP | held out | held-out FP |', '|---|---|---|---|---|');
for (const [label, b] of wafBenign) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push(
  '',
  '## Benign form values (`test/fixtures/security/forms`: 2,106 values written for the project, held out by whole template)',
  '',
  'A value counts as a false positive when it raises a signal as a query argument, a form body or a JSON body (OTel attributes, default detector). Whole templates are held out (per kind, every third template by FNV-1a of its id) and were never looked at while tuning.',
  '',
  '| values | tuned | tuned FP | held out | held-out FP |',
  '|---|---|---|---|---|',
);
for (const [label, b] of formAll) lines.push(`| ${label} | ${splitCells(b)} |`);
for (const [label, b] of formRequests) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push('', '| kind of value | tuned | tuned FP | held out | held-out FP |', '|---|---|---|---|---|');
for (const [label, b] of [...formKinds].sort()) lines.push(`| ${label} | ${splitCells(b)} |`);
lines.push(
  '',
  textChunks.length === 0
    ? `Header injection on real multi-line text: skipped (no text under ${textDirs.join(', ')}; pass --text <dir>).`
    : `Header injection on real multi-line text (${textDirs.join(', ')}: ${textChunks.length} chunks of 8 lines as one value each): the crlf rules fire on ${textCrlf} (${((100 * textCrlf) / textChunks.length).toFixed(4)}%); any rule at minScore on ${textAny} (${pct(textAny / textChunks.length)}; stress, not a gate: these documents hold code and shell lines).`,
);
lines.push(
  '',
  '## Authentication failures in six layouts (`test/fixtures/security/auth-formats`: syslog, RFC 5424, ISO syslog, journald short-iso, journald JSON, raw)',
  '',
  'A failure counts when it is keyed by the expected client (or `user:<name>` for a local login). Tuned: messages.tsv (its earlier held-out third has been seen). messages-heldout.tsv was held out last release (written and committed before that code change); its misses were read after it, so it is seen now and its column is no longer a held-out figure.',
  '',
  '| daemon | tuned failure lines | tuned keyed right | held-out failure lines | held-out keyed right |',
  '|---|---|---|---|---|',
);
for (const [label, b] of [...authFormat].sort()) lines.push(`| ${label} | ${splitCells(b)} |`);
const normalAll = [...authNormal.values()].reduce((a, b) => [a[0] + b.tuned[0] + b['held-out'][0], a[1] + b.tuned[1] + b['held-out'][1]], [0, 0]);
lines.push(
  '',
  `Normal lines (logins accepted, sessions opened, daemons starting): ${normalAll[0]} lines, ${normalAll[1]} counted as failures; brute-force signals with each repeated 20 times in 20 s: tuned ${authFalseSignals.tuned}, held out ${authFalseSignals['held-out']}.`,
);
lines.push(
  '',
  '## Authentication failures of common daemons (`test/fixtures/security/auth`, default bruteForce)',
  '',
  '| daemon | failure lines | recognised with a client (target >= 90%) | normal lines | false brute-force signals (each normal line x20 in 20 s; target 0) |',
  '|---|---|---|---|---|',
);
for (const a of auth) lines.push(`| ${a.daemon} | ${a.failures} | ${pct(a.recognised / a.failures)} | ${a.normal} | ${a.falseSignals} |`);
lines.push(
  '',
  '## Worst-case cost per record on hostile values (injection, default options, CPU time, warm)',
  '',
  '| record | µs per record | x benign | signal | chars skipped (evidence) |',
  '|---|---|---|---|---|',
);
for (const h of hostileCost) lines.push(`| ${h.label} | ${h.us.toFixed(1)} | ${(h.us / hostileCost[0].us).toFixed(1)} | ${h.signal ? 'yes' : 'no'} | ${h.skipped} |`);
lines.push(
  '',
  `## Per-key cost: ${KEY_RECORDS.toLocaleString('en')} failures from 1k vs 1M distinct clients (maxKeys 10,000)`,
  '',
  '| detector | CPU ns per record, 1k clients | CPU ns per record, 1M clients | ratio (target <= 2) |',
  '|---|---|---|---|',
);
for (const k of keyScaling) lines.push(`| ${k.name} | ${k.small.toFixed(0)} | ${k.large.toFixed(0)} | ${(k.large / k.small).toFixed(2)} |`);
lines.push('', `Apache log: ${apacheParsed}/${apacheLines.length} lines parsed; injection flagged ${apacheFlagged.length}:`);
for (const f of apacheFlagged.slice(0, 10)) lines.push(`    ${f}`);
lines.push('', `Burst detectors on the Apache log (${burstSignals.length} signals):`);
for (const s of burstSignals) lines.push(`    ${s}`);
lines.push('', '## CrowdSec scenario replays (`crowdsec-hub/.tests`)', '', '| test | logsignal detectors | expected alerts (IPs) | logsignal alerts (IPs) | match |', '|---|---|---|---|---|');
for (const r of replays) lines.push(`| ${r.name} | ${r.detectors} | ${r.expected} (${r.expectedIps.join(', ')}) | ${r.alerts} (${r.ips.join(', ')}) | ${r.ok ? 'yes' : 'no'} |`);
if (replays.length === 0) lines.push('| (crowdsec-hub/.tests not found) | | | | |');
lines.push('', ...heldout2Section());
lines.push('', 'Sample misses / false positives per class:');
for (const [cls, m] of misses) lines.push(`- ${cls}: ${m.map((x) => JSON.stringify(x)).join('  ')}`);
console.log(lines.join('\n'));
