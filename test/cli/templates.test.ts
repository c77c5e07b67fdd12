import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventFromObject } from '../../src/input/event-from-input.js';
import { runCli } from '../helpers/cli.js';

// The built CLI, as a user runs it (`npm test` builds first).
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'fixtures', 'layouts');

const run = (args: string[]) => runCli(args, { cwd: fixtures });

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'logsignal-layout-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('logsignal templates and the layout in the scan (the built CLI)', () => {
  it('templates: count, id, template and first line of each, from the message after the header', async () => {
    const r = await run(['templates', '--year', '2026', 'logcat-threadtime.log']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ templates in 15 records\n/);
    expect(r.stdout).toContain('COUNT  ID     TEMPLATE');
    expect(r.stdout).toMatch(/first: logcat-threadtime\.log:1: 03-04 05:06:07\.170 /);
    // the miner saw the message only: no pid, tid, level or tag in a template
    expect(r.stdout).not.toMatch(/T\d+ +.*(WindowManager|ActivityManager|PowerManagerService):/);
  });

  it('templates --format jsonl: one object per record with file, line, templateId, template; a stack trace is one record', async () => {
    const r = await run(['templates', '--format', 'jsonl', 'stack-trace.log']);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.line)).toEqual([1, 2, 8]);
    expect(rows[0]).toEqual({ file: 'stack-trace.log', line: 1, templateId: 'T1', template: 'starting on port <*>' });
    expect(Object.keys(rows[1])).toEqual(['file', 'line', 'templateId', 'template']);
  });

  it('bad usage of templates: exit 2; a missing input: exit 3', async () => {
    expect((await run(['templates', '--format', 'xml', 'klog.log'])).code).toBe(2);
    const missing = await run(['templates', 'nope.log']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope.log: no such file');
  });

  it("scan: the summary names the layout, counts continuation lines, and the time span is the log's", async () => {
    const r = await run(['scan', '--preset', 'none', 'stack-trace.log', 'windows-cbs.log', '--json-report', join(tmp, 'r.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 continuation lines joined to their records');
    expect(r.stdout).toContain('layout: iso time, level, thread.name, log.logger');
    expect(r.stdout).toContain('layout: iso time, level, log.logger');
    const report = JSON.parse(readFileSync(join(tmp, 'r.json'), 'utf8'));
    expect(report.timeSpan.start).toBe(Date.UTC(2026, 2, 4, 5, 6, 7));
    expect(report.totals.records).toBe(3 + 15);
    expect(report.inputs[0]).toMatchObject({ layout: 'iso time, level, thread.name, log.logger', outsideLayout: 0, continuationLines: 5 });
  });

  it('scan: a file without any timestamp says its layout is unknown and times come from order', async () => {
    const r = await run(['scan', '--preset', 'none', join(root, 'test', 'fixtures', 'cli', 'untimed.log')]);
    expect(r.stdout).toContain('layout: none inferred');
    expect(r.stdout).toContain('(times from order: 1 ms per record)');
  });
});

describe('JSON inputs of container and systemd logs', () => {
  it("Docker's json-file lines: the message without its newline, the time, the stream as an attribute", () => {
    const lines = readFileSync(join(fixtures, 'docker-json-file.jsonl'), 'utf8').trim().split('\n');
    const e = eventFromObject(JSON.parse(lines[1]), 0, 8192);
    expect(e.message).toBe('ERROR upstream timed out');
    expect(new Date(e.time).toISOString()).toBe('2026-03-04T05:06:08.500Z');
    expect(e.attributes.stream).toBe('stderr');
  });

  it("journald's JSON export: MESSAGE, __REALTIME_TIMESTAMP (µs) and PRIORITY (syslog severity)", () => {
    const lines = readFileSync(join(fixtures, 'journald.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => eventFromObject(JSON.parse(l), 0, 8192));
    expect(lines[0].message).toBe('error: maximum authentication attempts exceeded for root');
    expect(new Date(lines[0].time).toISOString()).toBe('2026-03-04T05:06:07.123Z');
    expect(lines.map((e) => e.severityNumber)).toEqual([17, 9]);
    expect(lines[0].attributes._SYSTEMD_UNIT).toBe('sshd.service');
  });
});
