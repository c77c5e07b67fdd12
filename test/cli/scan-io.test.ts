import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/testing/index.js';
import { cliPath as cli, type CliRun, runCli } from '../helpers/cli.js';

// The built CLI, as a user runs it (`npm test` builds first): its inputs and outputs.
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'cli');
const f = (name: string) => join(fixtures, name);

const run = (args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}) => runCli(args, { ...opts, cwd: opts.cwd ?? fixtures });

/** Run with stdout redirected by the shell (to /dev/full). */
function runTo(target: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const quoted = [process.execPath, cli, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    const child = spawn('/bin/sh', ['-c', `${quoted} > ${target}`], { cwd: fixtures, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
    child.stdin.end();
  });
}

const jsonLines = (out: string) =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const iso = (i: number) => new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + i * 10).toISOString();

let tmp: string;
let receiver: OtlpReceiver;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'logsignal-cliio-'));
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await receiver.close();
});

describe('--otlp like the OTel exporters (real receiver on 127.0.0.1)', () => {
  beforeEach(() => {
    receiver.records.length = 0;
    receiver.failWith = undefined;
  });

  it('150,000 records with --otlp-records: every record and signal delivered (back-pressure, no queue overflow)', { timeout: 120_000 }, async () => {
    const big = join(tmp, 'big.log');
    const lines: string[] = [];
    for (let i = 0; i < 150_000; i++) lines.push(`${iso(i)} ${i % 997 === 0 ? 'ERROR db failed' : 'INFO request done'} id=${i}`);
    writeFileSync(big, `${lines.join('\n')}\n`);
    const base = receiver.url.replace(/\/v1\/logs$/, '');
    const r = await run(['scan', big, '--preset', 'none', '--level', 'ERROR', '--otlp', base, '--otlp-records', '--format', 'jsonl']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const signals = jsonLines(r.stdout).length;
    expect(signals).toBeGreaterThan(10);
    expect(receiver.records.filter((x) => x.eventName !== 'logsignal.signal')).toHaveLength(150_000);
    expect(receiver.records.filter((x) => x.eventName === 'logsignal.signal')).toHaveLength(signals);
  });

  it('forwarded records keep their original body and carry log.file.name / log.file.path; OTEL_* env honoured', { timeout: 30_000 }, async () => {
    const r = await run(['scan', 'app.log', 'pino.jsonl', '--preset', 'none', '--level', 'ERROR', '--otlp', 'env', '--otlp-records', '-q'], {
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace(/\/v1\/logs$/, ''),
        OTEL_EXPORTER_OTLP_HEADERS: 'x-team=payments',
        OTEL_SERVICE_NAME: 'ci-scan',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci',
      },
    });
    expect(r.code).toBe(0);
    expect(receiver.lastHeaders['x-team']).toBe('payments');
    // batches may arrive in any order (the SDK flushes its queue in concurrent exports): compare as multisets
    const appLines = readFileSync(f('app.log'), 'utf8').split('\n').filter(Boolean);
    const texts = receiver.records.filter((x) => x.attributes['log.file.name'] === 'app.log' && x.eventName === '');
    expect(texts.map((x) => String(x.body)).sort()).toEqual([...appLines].sort());
    const text = texts.find((x) => x.body === appLines[0]);
    expect(text).toBeDefined();
    expect(text?.attributes['log.file.path']).toBe(f('app.log'));
    expect(text?.resource).toMatchObject({ 'service.name': 'ci-scan', 'deployment.environment': 'ci' });
    const pino = receiver.records.filter((x) => x.attributes['log.file.name'] === 'pino.jsonl' && x.eventName === '');
    expect(pino).toHaveLength(5);
    expect(pino.map((x) => x.body)).toContain(JSON.parse(readFileSync(f('pino.jsonl'), 'utf8').split('\n')[0]).msg);
    const signal = receiver.records.find((x) => x.eventName === 'logsignal.signal');
    expect(signal?.attributes['log.file.name']).toBeDefined();
    // every signal record links to a forwarded record by its log.record.uid, with a copy of its text
    for (const sig of receiver.records.filter((x) => x.eventName === 'logsignal.signal')) {
      const uid = sig.attributes['logsignal.record.uid'];
      expect(typeof uid).toBe('string');
      const trigger = receiver.records.find((x) => x.eventName === '' && x.attributes['log.record.uid'] === uid);
      expect(trigger?.attributes['logsignal.anomaly']).toBe(true);
      expect(typeof sig.attributes['logsignal.record.text']).toBe('string');
    }
  });

  it('an endpoint answering 503: exit 4 and a message within the export timeout', { timeout: 30_000 }, async () => {
    receiver.failWith = 503;
    const r = await run(['scan', 'app.log', '--otlp', receiver.url, '--otlp-records', '--otlp-timeout', '300ms', '-q']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/--otlp http:\/\/127\.0\.0\.1:\d+\/v1\/logs: 3005 records not delivered, 0 delivered/);
  });

  it('a hanging endpoint: exit 4 once the export timeout passes, never 70', { timeout: 30_000 }, async () => {
    receiver.failWith = 'hang';
    const r = await run(['scan', 'app.log', '--otlp', receiver.url, '--otlp-timeout', '300ms', '-q']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/records not delivered, 0 delivered \(.*time.*\)/i);
  });

  it('a slow endpoint is waited on at most --otlp-deadline in all: then exit 4 with the deadline named', { timeout: 30_000 }, async () => {
    receiver.failWith = 'hang';
    // each export may take 5 s, but the run waits on the endpoint 200 ms at most. The export timeout is
    // far above the deadline: the first export starts at record 1,024 and the wait only at the end of the
    // scan, so on a loaded machine a 1 s timeout could end that export (a timeout message) before the
    // deadline does. The run still ends within the timeout after the deadline (the abandoned request).
    const r = await run(['scan', 'app.log', '--otlp', receiver.url, '--otlp-records', '--otlp-timeout', '5s', '--otlp-deadline', '200ms', '-q']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/3005 records not delivered, 0 delivered \(waited on the endpoint for --otlp-deadline 0\.2 s\)/);
  });

  it('a reader that stops early (| head) does not stop --otlp: everything is still delivered, exit 0', { timeout: 60_000 }, async () => {
    const file = join(tmp, 'many-signals.log');
    writeFileSync(file, Array.from({ length: 20_000 }, (_, i) => `${iso(i)} ERROR boom ${i}`).join('\n'));
    const cfg = join(tmp, 'every-line.yaml');
    writeFileSync(cfg, 'preset: none\ndetectors:\n  - contains: { keywords: [boom] }\ncooldown: 0\n');
    const r = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [cli, 'scan', file, '--config', cfg, '--format', 'jsonl', '--otlp', receiver.url], { cwd: fixtures });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve(code ?? -1));
      child.stdin.end();
    });
    expect(r).toBe(0);
    expect(receiver.records.filter((x) => x.eventName === 'logsignal.signal')).toHaveLength(20_000);
  });

  it('bad endpoints and timeouts are usage errors (exit 2)', { timeout: 30_000 }, async () => {
    expect((await run(['scan', 'app.log', '--otlp', 'env'])).stderr).toContain('--otlp env: neither OTEL_EXPORTER_OTLP_LOGS_ENDPOINT nor OTEL_EXPORTER_OTLP_ENDPOINT is set');
    expect((await run(['scan', 'app.log', '--otlp', 'ftp://x'])).code).toBe(2);
    expect((await run(['scan', 'app.log', '--otlp', receiver.url, '--otlp-timeout', 'soon'])).stderr).toContain('--otlp-timeout: expected a duration');
  });
});

describe('JSON lines', () => {
  it('a corrupt first line: the file is still JSON lines (majority of the first lines), the bad line counted', { timeout: 30_000 }, async () => {
    const r = await run(['scan', 'corrupt-first.jsonl', '--preset', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('corrupt-first.jsonl: jsonl, 6 lines, 5 records, 1 bad (line 1), first: not valid JSON');
  });

  it('a deeply nested line is a bad line with its reason; the lines after it are read (no RangeError)', { timeout: 30_000 }, async () => {
    // line 2 nests 20,000 arrays
    const r = await run(['scan', 'nested.jsonl', '--preset', 'none', '--level', 'ERROR', '--json-report', join(tmp, 'nested.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nested.jsonl: jsonl, 4 lines, 3 records, 1 bad (line 2), first: nested deeper than 64 levels');
    expect(JSON.parse(readFileSync(join(tmp, 'nested.json'), 'utf8')).totals.errors).toBe(1);
  });

  it('OTLP JSON written one export per line, lines of several MB, is read (no 64 KiB line limit)', { timeout: 30_000 }, async () => {
    const records = [];
    for (let i = 0; i < 20_000; i++) records.push({ timeUnixNano: `${1764000000000 + i}000000`, severityText: i === 7 ? 'ERROR' : 'INFO', body: { stringValue: `request ${i} done in ${i % 50} ms` } });
    const line = JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'big' } }] }, scopeLogs: [{ logRecords: records }] }] });
    expect(line.length).toBeGreaterThan(2_000_000);
    const file = join(tmp, 'export.jsonl');
    writeFileSync(file, `${line}\n${line}\n`);
    const r = await run(['scan', file, '--preset', 'none', '--level', 'ERROR', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const s = jsonLines(r.stdout);
    expect(s[0]).toMatchObject({ file, line: 1, record: 'request 7 done in 7 ms' });
    const summary = await run(['scan', file, '--preset', 'none']);
    expect(summary.stdout).toContain('export.jsonl: otlp, 2 lines, 40,000 records');
  });

  it('pretty-printed JSON documents keep working, with the document line as location', { timeout: 30_000 }, async () => {
    const r = await run(['scan', 'otlp-pretty.json', '--preset', 'none', '--level', 'ERROR', '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)[0]).toMatchObject({ file: 'otlp-pretty.json', line: 1 });
  });
});

describe('the line behind every signal', () => {
  it('--format jsonl: file, 1-based line and the record text (cut to 500 characters)', { timeout: 30_000 }, async () => {
    const long = join(tmp, 'long-record.log');
    writeFileSync(long, `2026-11-24T10:00:00Z INFO start\n2026-11-24T10:00:01Z ERROR ${'x'.repeat(2000)}\n`);
    const r = await run(['scan', 'app.log', long, '--preset', 'none', '--level', 'ERROR', '--format', 'jsonl']);
    const s = jsonLines(r.stdout);
    const lines = readFileSync(f('app.log'), 'utf8').split('\n');
    expect(s[0]).toMatchObject({ file: 'app.log', line: 58, record: lines[57] });
    const last = s[s.length - 1];
    expect(last).toMatchObject({ file: long, line: 2 });
    expect(last.record).toHaveLength(500);
    const bunyan = jsonLines((await run(['scan', 'bunyan.jsonl', '--preset', 'none', '--level', 'ERROR', '--format', 'jsonl'])).stdout)[0];
    const bunyanLine = readFileSync(f('bunyan.jsonl'), 'utf8').split('\n')[bunyan.line - 1];
    expect(bunyan.record).toBe(bunyanLine);
  });

  it('the summary, the JSON report and the HTML report show the first record of each group with its location', { timeout: 30_000 }, async () => {
    const r = await run(['scan', 'access.log', '--preset', 'web', '--json-report', join(tmp, 'w.json'), '--report', join(tmp, 'w.html')]);
    expect(r.stdout).toMatch(/injection_attempt\s+203\.0\.113\.9 .*\n\s+access\.log:\d+: 203\.0\.113\.9 - - \[/);
    const report = JSON.parse(readFileSync(join(tmp, 'w.json'), 'utf8'));
    const g = report.groups.find((x: { detector: string }) => x.detector === 'injection_attempt');
    expect(g.record.file).toBe('access.log');
    expect(readFileSync(f('access.log'), 'utf8').split('\n')[g.record.line - 1]).toBe(g.record.text);
    const html = readFileSync(join(tmp, 'w.html'), 'utf8');
    expect(html).toContain(`<span class="loc">access.log:${g.record.line}</span>`);
  });
});

describe('output errors', () => {
  it('--report / --json-report to a directory, /proc or a missing folder: exit 2 before the scan', { timeout: 30_000 }, async () => {
    for (const [flag, path, why] of [
      ['--report', tmp, 'a directory'],
      ['--json-report', '/proc/version', 'a path in /proc or /sys'],
      ['--report', '/proc/self/x.html', 'a path in /proc or /sys'],
      ['--json-report', join(f('app.log'), 'r.json'), 'ENOTDIR'],
    ]) {
      const r = await run(['scan', 'app.log', flag, path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag}: cannot write ${path} (${why})`);
      expect(r.stdout).toBe('');
    }
  });

  it('stdout or a report on a full disk (/dev/full): a message and exit 5', { timeout: 30_000 }, async () => {
    const out = await runTo('/dev/full', ['scan', 'app.log']);
    expect(out.code).toBe(5);
    expect(out.stderr).toContain('logsignal: cannot write to standard output (ENOSPC); stopped');
    receiver.records.length = 0;
    receiver.failWith = undefined;
    const rep = await run(['scan', 'app.log', '-q', '--json-report', '/dev/full', '--otlp', receiver.url]);
    expect(rep.code).toBe(5);
    expect(rep.stderr).toMatch(/logsignal: --json-report: could not write \/dev\/full \(ENOSPC/);
    // what does not depend on the report is still done
    expect(receiver.records.filter((x) => x.eventName === 'logsignal.signal')).toHaveLength(5);
  });
});

describe('FIFOs and other inputs', () => {
  it('a FIFO with no writer is skipped after --fifo-timeout (exit 3), one with a writer is read as a stream', { timeout: 30_000 }, async () => {
    const fifo = join(tmp, 'pipe.log');
    await new Promise<void>((resolve, reject) => spawn('mkfifo', [fifo]).on('close', (c) => (c === 0 ? resolve() : reject(new Error('mkfifo')))));
    const alone = await run(['scan', fifo, '--fifo-timeout', '200ms']);
    expect(alone.code).toBe(3);
    expect(alone.stderr).toContain(`logsignal: ${fifo}: a FIFO with no writer for 0.2 s (--fifo-timeout); skipped`);
    const reading = run(['scan', fifo, '--preset', 'none', '--level', 'ERROR', '--format', 'jsonl']);
    const w = createWriteStream(fifo);
    w.end(readFileSync(f('app.log')));
    const r = await reading;
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout).length).toBeGreaterThan(10);
  });

  it('a socket or block device is refused with a message; a character device is read', { timeout: 30_000 }, async () => {
    const r = await run(['scan', '/dev/null', 'app.log', '--preset', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('/dev/null: text, 0 lines');
    const path = join(tmp, 'sock');
    const server = createServer().listen(path);
    await new Promise((resolve) => server.once('listening', resolve));
    const s = await run(['scan', path, 'app.log', '--preset', 'none']);
    server.close();
    expect(s.code).toBe(3);
    expect(s.stderr).toContain(`logsignal: ${path}: not a regular file, FIFO or character device (a socket); skipped`);
    expect(s.stdout).toContain('app.log: text, 3,000 lines');
  });
});

describe('directories, streams and globs', () => {
  const stamp = (min: number, msg: string) => `2026-11-24T10:${String(min).padStart(2, '0')}:00Z ${msg}`;

  it('a directory scans its log files, rotations oldest first as one stream; other logs are streams of their own', { timeout: 30_000 }, async () => {
    // rotated/: app.log.2.gz, app.log.1 and other.log hold a deadlock (app.log does not), notes.md is not a log.
    // A cooldown of 10 min: within one stream the second deadlock is suppressed, in another it is not.
    const dir = 'rotated';
    const cfg = 'cooldown-10m.yaml';
    const r = await run(['scan', dir, '--config', cfg, '--format', 'jsonl', '--json-report', join(tmp, 'dir.json')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(tmp, 'dir.json'), 'utf8'));
    expect(report.inputs.map((i: { name: string }) => i.name)).toEqual(['app.log.2.gz', 'app.log.1', 'app.log', 'other.log'].map((n) => join(dir, n)));
    expect(jsonLines(r.stdout).map((s) => s.file)).toEqual([join(dir, 'app.log.2.gz'), join(dir, 'other.log')]);
    // groups are per stream, each with the record that opened it
    expect(report.groups.map((g: { record: { file: string } }) => g.record.file)).toEqual([join(dir, 'app.log.2.gz'), join(dir, 'other.log')]);
    const merged = await run(['scan', dir, '--config', cfg, '--format', 'jsonl', '--merge']);
    expect(jsonLines(merged.stdout)).toHaveLength(1);
    const sub = join(tmp, 'empty-dir');
    mkdirSync(sub);
    const empty = await run(['scan', sub, f('syslog.log')]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain(`logsignal: ${sub}: a directory without log files`);
  });

  it('an absolute glob matches (and names files as written); one matching nothing is reported', { timeout: 30_000 }, async () => {
    const dir = join(tmp, 'glob', 'logs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.log'), `${stamp(1, 'INFO a')}\n`);
    writeFileSync(join(dir, 'b.log'), `${stamp(2, 'INFO b')}\n`);
    const r = await run(['scan', join(tmp, 'glob', '*', '*.log'), '--preset', 'none', '--json-report', join(tmp, 'glob.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'glob.json'), 'utf8')).inputs.map((i: { name: string }) => i.name)).toEqual([join(dir, 'a.log'), join(dir, 'b.log')]);
    // from the filesystem root too (a container's working directory; tinyglobby joins '/' + '/...' there)
    const fromRoot = await run(['scan', join(tmp, 'glob', 'logs', '*.log'), '--preset', 'none'], { cwd: '/' });
    expect(fromRoot.stdout).toContain(`${join(dir, 'a.log')}: text, 1 lines, 1 records`);
    const none = await run(['scan', join(tmp, 'glob', '*', '*.gz')]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no file matches this pattern');
  });
});
