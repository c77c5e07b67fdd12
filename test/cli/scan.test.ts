import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';

// The built CLI, as a user runs it (`npm test` builds first).
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'cli');
const f = (name: string) => join(fixtures, name);

const run = (args: string[], input?: string | Buffer) => runCli(args, { cwd: fixtures, input });

let tmp: string;
let receiver: OtlpReceiver;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'logsignal-cli-'));
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await receiver.close();
});

describe('logsignal scan (the built CLI as a child process)', () => {
  it('plain text with ISO timestamps: summary with the error burst, new templates and top templates', async () => {
    const r = await run(['scan', 'app.log']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('logsignal scan: 3,000 records from 1 input');
    expect(r.stdout).toContain('app.log: text, 3,000 lines, 3,000 records');
    expect(r.stdout).toMatch(/error_rate_anomaly\s+1\s+2026-11-24T10:06:10\.038Z\s+Error rate 43\.9% \(25\/57\)/);
    expect(r.stdout).toMatch(/new_template\s+T8\s+1 .*db query failed: connection refused/);
    expect(r.stdout).toContain('Top templates (9 in all):');
    expect(r.stderr).toBe('');
  });

  it('--format jsonl: one signal per line with an ISO time, detector, kind, severity, message, key, evidence', async () => {
    const r = await run(['scan', 'app.log', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(5);
    for (const s of lines) {
      expect(s.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['detector', 'name', 'kind', 'severity', 'message', 'evidence']));
    }
    expect(lines.find((s) => s.name === 'error_rate_anomaly')).toMatchObject({ kind: 'stat', severity: 'high', evidence: { errors: 25, total: 57 } });
  });

  it('--fail-on sets exit code 1 only when a signal at or above the severity was found', async () => {
    expect((await run(['scan', 'app.log', '--quiet', '--fail-on', 'high'])).code).toBe(1);
    expect((await run(['scan', 'app.log', '--quiet', '--fail-on', 'critical'])).code).toBe(0);
    const web = await run(['scan', 'access.log', '--preset', 'web', '--fail-on', 'critical']);
    expect(web.code).toBe(1);
    expect(web.stdout).toMatch(/critical\s+injection_attempt\s+203\.0\.113\.9\s+6 .*SQL injection in url\.query/);
    expect(web.stdout).toMatch(/scanner\s+192\.0\.2\.77/);
    expect(web.stdout).toMatch(/brute_force\s+203\.0\.113\.66/);
  });

  it('syslog lines (year from --year) with the security preset: brute force from one address', async () => {
    const r = await run(['scan', 'syslog.log', '--preset', 'security', '--year', '2026', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const [s] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(s).toMatchObject({ name: 'brute_force', key: '203.0.113.66', time: '2026-11-24T10:00:18Z' });
  });

  it('JSON lines in pino, bunyan and winston conventions, OTLP JSON (lines and one pretty document), bad lines counted', async () => {
    const r = await run([
      'scan',
      'pino.jsonl',
      'bunyan.jsonl',
      'winston.jsonl',
      'bad.jsonl',
      'otlp.jsonl',
      'otlp-pretty.json',
      '--preset',
      'none',
      '--level',
      'ERROR',
      '--keyword',
      'deadlock',
      '--json-report',
      join(tmp, 'r.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pino.jsonl: jsonl, 5 lines, 5 records');
    expect(r.stdout).toContain('bad.jsonl: jsonl, 4 lines, 2 records, 2 bad (line 2, 3)');
    expect(r.stdout).toContain('otlp.jsonl: otlp, 2 lines, 3 records');
    expect(r.stdout).toMatch(/otlp-pretty\.json: otlp, \d+ lines, 3 records/);
    const report = JSON.parse(readFileSync(join(tmp, 'r.json'), 'utf8'));
    expect(report.inputs.map((i: { format: string }) => i.format)).toEqual(['jsonl', 'jsonl', 'jsonl', 'jsonl', 'otlp', 'otlp']);
    expect(report.totals).toMatchObject({ records: 19, badLines: 2 });
    // pino 50/60, bunyan 50, winston error, bad.jsonl error, two OTLP ERROR records
    expect(report.totals.errors).toBe(7);
    expect(report.totals.byDetector.keyword_match).toBe(1);
  });

  it('--input-format overrides detection: a pretty OTLP document as otlp, a text file as JSON lines (all bad, reported)', async () => {
    const otlp = await run(['scan', '--input-format', 'otlp', 'otlp-pretty.json', '--preset', 'none']);
    expect(otlp.stdout).toMatch(/otlp-pretty\.json: otlp, \d+ lines, 3 records/);
    const forced = await run(['scan', '--input-format', 'jsonl', 'syslog.log', '--preset', 'none']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('syslog.log: jsonl, 8 lines, 0 records, 8 bad (line 1, 2, 3, 4, 5, ...)');
    expect((await run(['scan', '--input-format', 'xml', 'syslog.log'])).code).toBe(2);
  });

  it('--otlp sends the signal events (and with --otlp-records every record, tagged) to a real OTLP/HTTP receiver', async () => {
    receiver.records.length = 0;
    const r = await run(['scan', 'otlp.jsonl', '--preset', 'security', '--otlp', receiver.url, '--otlp-records']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Sent 4 records to ${receiver.url}`);
    const signal = receiver.records.find((x) => x.eventName === 'logsignal.signal');
    expect(signal?.attributes).toMatchObject({ 'logsignal.detector': 'injection_attempt', 'logsignal.kind': 'security', 'logsignal.evidence.field': 'url.query' });
    const tagged = receiver.records.find((x) => x.body === 'GET /search 200');
    expect(tagged?.attributes).toMatchObject({ 'logsignal.anomaly': true, 'logsignal.detectors': ['injection_attempt'], 'client.address': '203.0.113.9', 'service.name': 'checkout' });
    expect(receiver.records.filter((x) => x.eventName !== 'logsignal.signal')).toHaveLength(3);
  });

  it('--otlp to an endpoint that refuses: exit code 4 and a message', { timeout: 60_000 }, async () => {
    const r = await run(['scan', 'otlp.jsonl', '--preset', 'security', '--otlp', 'http://127.0.0.1:9/v1/logs']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/--otlp http:\/\/127\.0\.0\.1:9\/v1\/logs: 1 records not delivered/);
  });

  it('gzip input (recognised by its bytes) gives the same signals as the plain file; stdin works too', { timeout: 30_000 }, async () => {
    const plain = await run(['scan', 'app.log', '--format', 'jsonl']);
    const gz = join(tmp, 'app.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(f('app.log'))));
    // the same signals; only the input's name (`file`) differs
    const named = (out: string, file: string) => out.replaceAll(`"file":${JSON.stringify(file)}`, '"file":"app.log"');
    const zipped = await run(['scan', gz, '--format', 'jsonl']);
    expect(named(zipped.stdout, gz)).toBe(plain.stdout);
    const stdin = await run(['scan', '-', '--format', 'jsonl'], readFileSync(f('app.log')));
    expect(named(stdin.stdout, '-')).toBe(plain.stdout);
    const stdinGz = await run(['scan', '--format', 'jsonl'], gzipSync(readFileSync(f('app.log'))));
    expect(named(stdinGz.stdout, '-')).toBe(plain.stdout);
  });

  it('a missing file, a binary file and an unmatched glob are reported (exit 3) while the other inputs are scanned', async () => {
    const bin = join(tmp, 'data.bin');
    writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 10, 65, 10]));
    const r = await run(['scan', 'nope.log', bin, 'winston.jsonl', 'logs/*.gz']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('winston.jsonl: jsonl, 3 lines, 3 records');
    expect(r.stderr).toContain('logsignal: nope.log: no such file');
    expect(r.stderr).toContain(`logsignal: ${bin}: binary data (NUL bytes), not a log; skipped`);
    expect(r.stderr).toContain('logsignal: logs/*.gz: no file matches this pattern');
  });

  it('an empty file, a file without timestamps, a very long line and invalid UTF-8 are handled', async () => {
    const empty = join(tmp, 'empty.log');
    writeFileSync(empty, '');
    const e = await run(['scan', empty]);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('logsignal scan: 0 records from 1 input');
    const u = await run(['scan', 'untimed.log', '--preset', 'none', '--level', 'ERROR', '--format', 'jsonl']);
    expect(JSON.parse(u.stdout).time).toBe('1970-01-01T00:00:00.003Z');
    const long = join(tmp, 'long.log');
    writeFileSync(long, Buffer.concat([Buffer.from(`2026-11-24T10:00:00Z ERROR ${'x'.repeat(200_000)}\n2026-11-24T10:00:01Z INFO ok \xff\xfe caf`, 'latin1'), Buffer.from([0xc3]), Buffer.from('\n')]));
    const l = await run(['scan', long, '--json-report', join(tmp, 'long.json')]);
    expect(l.code).toBe(0);
    expect(l.stdout).toContain('2 records, 1 cut at the line limit');
    expect(JSON.parse(readFileSync(join(tmp, 'long.json'), 'utf8')).totals.errors).toBe(1);
  });

  it('bad usage and a bad config file: exit 2 with a message naming the problem', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'preset: web\ndetectors:\n  - spike: { threshold: 5, window: soon }\n');
    const c = await run(['scan', 'app.log', '--config', bad]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`logsignal: ${bad}: detectors[0].spike.window: expected a duration`);
    const s = await run(['scan', 'app.log', '--spike', 'lots']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('--spike: expected THRESHOLD/WINDOW such as 50/10s, got "lots"');
    const u = await run(['scan', 'app.log', '--colour']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/Unknown option '--colour'/);
    const p = await run(['scan', 'app.log', '--preset', 'paranoid']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('--preset: expected one of default, web, security, ci, none, got "paranoid"');
    expect((await run(['frobnicate'])).code).toBe(2);
    const w = await run(['scan', 'app.log', '--report', '/no/such/dir/r.html']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('--report: cannot write /no/such/dir/r.html (ENOENT)');
  });

  it('a config file drives the scan; --help and --version', async () => {
    const cfg = join(tmp, 'ci.yaml');
    writeFileSync(cfg, 'preset: none\ndetectors:\n  - contains: { keywords: [db query failed], ignoreCase: false }\ncooldown: 0\n');
    const r = await run(['scan', 'app.log', '--config', cfg, '--format', 'jsonl']);
    expect(r.stdout.trim().split('\n')).toHaveLength(99);
    expect((await run(['scan', '--help'])).stdout).toContain('Exit codes: 0 ok; 1 a signal at or above --fail-on');
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('--report writes a self-contained HTML page', async () => {
    const out = join(tmp, 'report.html');
    const r = await run(['scan', 'access.log', '--preset', 'web', '--report', out]);
    expect(r.stdout).toContain(`Report written to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain('injection_attempt');
  });
});
