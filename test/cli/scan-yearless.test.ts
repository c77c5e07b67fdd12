import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Year-less dates (BSD syslog `Nov 24 10:00:18`) through the built CLI, with the clock injected by
// --now: the same file gives the same times whatever day the tests run.
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'cli');
const run = (args: string[]) => runCli(args, { cwd: fixtures });
const signals = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
const iso = (t: number) => new Date(t).toISOString();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'logsignal-yearless-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** sshd failures from one address, one line every 2 s from `start` (a syslog date, the year left out). */
function failures(start: number, n: number): string[] {
  const months = 'JanFebMarAprMayJunJulAugSepOctNovDec';
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(start + i * 2000);
    const stamp = `${months.slice(d.getUTCMonth() * 3, d.getUTCMonth() * 3 + 3)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
    return `${stamp} web-1 sshd[2110]: Failed password for root from 203.0.113.66 port ${40000 + i} ssh2`;
  });
}

describe('logsignal scan: dates without a year', () => {
  it('syslog.log (Nov 24) read on 1 December is this year; read on 20 November, last year; --year overrides', async () => {
    const dec = await run(['scan', 'syslog.log', '--preset', 'security', '--now', '2026-12-01', '--format', 'jsonl']);
    expect(dec.code).toBe(0);
    expect(signals(dec.stdout)[0]).toMatchObject({ name: 'brute_force', time: '2026-11-24T10:00:18Z' });
    // four days ahead of the clock: last year's 24 November
    const nov = await run(['scan', 'syslog.log', '--preset', 'security', '--now', '2026-11-20T12:00:00Z', '--format', 'jsonl']);
    expect(signals(nov.stdout)[0]).toMatchObject({ name: 'brute_force', time: '2025-11-24T10:00:18Z' });
    const given = await run(['scan', 'syslog.log', '--preset', 'security', '--now', '2026-11-20', '--year', '2024', '--format', 'jsonl']);
    expect(signals(given.stdout)[0]).toMatchObject({ name: 'brute_force', time: '2024-11-24T10:00:18Z' });
  });

  it('a file across New Year, read in January: one time span, monotonic, the brute force at its real time', async () => {
    const lines = failures(Date.UTC(2026, 11, 31, 23, 59, 54), 6);
    const file = join(tmp, 'auth.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const report = join(tmp, 'auth.json');
    const r = await run(['scan', file, '--preset', 'security', '--now', '2027-01-01T06:00:00Z', '--format', 'jsonl', '--json-report', report]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect({ start: iso(json.timeSpan.start), end: iso(json.timeSpan.end) }).toEqual({ start: '2026-12-31T23:59:54.000Z', end: '2027-01-01T00:00:04.000Z' });
    // the fifth failure (Jan 1 00:00:02) raises it, two seconds after the first line of the year
    expect(signals(r.stdout)[0]).toMatchObject({ name: 'brute_force', time: '2027-01-01T00:00:02Z' });
    const starts = json.timeline.buckets.map((b: { start: number }) => b.start);
    expect(starts).toEqual([...starts].sort((a: number, b: number) => a - b));
    expect(json.timeline.buckets.reduce((n: number, b: { records: number }) => n + b.records, 0)).toBe(6);
  });

  it('syslog lines outside an ISO layout (the line-by-line fallback) follow the same rule', async () => {
    const isoLines = Array.from({ length: 30 }, (_, i) => `2026-12-31T23:59:${String(i).padStart(2, '0')}Z INFO [main] org.example.App - tick ${i}`);
    const file = join(tmp, 'mixed.log');
    writeFileSync(file, `${[...isoLines, ...failures(Date.UTC(2027, 0, 1, 0, 0, 1), 3)].join('\n')}\n`);
    const report = join(tmp, 'mixed.json');
    const r = await run(['scan', file, '--preset', 'none', '--now', '2027-01-01T06:00:00Z', '--json-report', report]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('33 records, 3 outside the layout (read line by line)');
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect({ start: iso(json.timeSpan.start), end: iso(json.timeSpan.end) }).toEqual({ start: '2026-12-31T23:59:00.000Z', end: '2027-01-01T00:00:05.000Z' });
  });

  it('JSON lines whose time has no year (rsyslog %timestamp%), in any local zone', async () => {
    const file = join(tmp, 'relay.jsonl');
    const stamps = ['Dec 31 23:59:58', 'Dec 31 23:59:59', 'Jan  1 00:00:01'];
    writeFileSync(file, stamps.map((t, i) => `${JSON.stringify({ timestamp: t, host: 'web-1', msg: `line ${i}` })}\n`).join(''));
    for (const TZ of ['UTC', 'America/New_York']) {
      const report = join(tmp, `relay-${TZ.replace('/', '-')}.json`);
      const r = await runCli(['scan', file, '--preset', 'none', '--now', '2027-01-01T06:00:00Z', '--json-report', report], { cwd: fixtures, env: { TZ } });
      expect(r.code).toBe(0);
      const json = JSON.parse(readFileSync(report, 'utf8'));
      expect({ start: iso(json.timeSpan.start), end: iso(json.timeSpan.end) }).toEqual({ start: '2026-12-31T23:59:58.000Z', end: '2027-01-01T00:00:01.000Z' });
    }
  });

  it('a bad --now or --year is a usage error (exit 2), for scan and templates', { timeout: 30_000 }, async () => {
    const bad: [string, string, string][] = [
      ['scan', '--now', '2026-13-01'],
      ['scan', '--now', '2026-02-30'],
      ['scan', '--now', 'Dec 10'],
      ['templates', '--now', '12/01/2026'],
      ['templates', '--year', '26'],
    ];
    for (const [cmd, flag, value] of bad) {
      const r = await run([cmd, flag, value, 'syslog.log']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flag}: expected`);
    }
    expect((await run(['templates', '--now', '2026-12-01T08:00:00+01:00', 'syslog.log'])).code).toBe(0);
  });
});
