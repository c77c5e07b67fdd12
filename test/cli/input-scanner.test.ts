import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../../src/cli/input-files.js';
import { READ_DEFAULTS, scanInput } from '../../src/cli/input-scanner.js';
import { nestingExceeds, parseJsonLine } from '../../src/cli/json-line.js';
import { OtlpEndpointError, resolveOtlpEndpoint } from '../../src/cli/otlp-endpoint.js';

const tmp = mkdtempSync(join(tmpdir(), 'logsignal-scanner-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const options = { ...READ_DEFAULTS, year: 2026 };

describe('scanInput', () => {
  it('a file that shrinks while it is read is reported as truncated (a warning, the records read are kept)', async () => {
    const file = join(tmp, 'shrinking.log');
    const line = '2026-11-24T10:00:00Z INFO a line of a log that is being rotated by copytruncate\n';
    writeFileSync(file, line.repeat(Math.ceil((3 * 1024 * 1024) / line.length)));
    let cut = false;
    const r = await scanInput(file, options, () => {}, 0, {
      onBytes: () => {
        if (!cut) truncateSync(file, 100);
        cut = true;
      },
    });
    expect(r.problem).toBeUndefined();
    expect(r.warning).toMatch(/^truncated while read \(\d+ bytes at the start, 100 at the end, \d+ read\)/);
    expect(r.records).toBeGreaterThan(0);
  });

  it('sets event.source (file, 1-based line) and event.raw (the whole line, when it differs from the message)', async () => {
    const file = join(tmp, 'src.log');
    writeFileSync(file, '\n2026-11-24T10:00:00Z INFO first\nno timestamp here\n');
    const seen: Array<{ line?: number; raw?: string; message: string; body: unknown }> = [];
    await scanInput(file, options, (e, body) => seen.push({ line: e.source?.line, raw: e.raw, message: e.message, body }));
    // the layout (time, level) gives the message; the line without a timestamp continues the record
    expect(seen).toEqual([{ line: 2, raw: '2026-11-24T10:00:00Z INFO first\nno timestamp here', message: 'first\nno timestamp here', body: '2026-11-24T10:00:00Z INFO first\nno timestamp here' }]);
    writeFileSync(file, 'no timestamp\nnor here\n');
    seen.length = 0;
    await scanInput(file, options, (e, body) => seen.push({ line: e.source?.line, raw: e.raw, message: e.message, body }));
    expect(seen).toEqual([
      { line: 1, raw: undefined, message: 'no timestamp', body: 'no timestamp' },
      { line: 2, raw: undefined, message: 'nor here', body: 'nor here' },
    ]);
  });

  it('JSON lines: majority of the first lines decides; text lines in a JSON-lines file are bad lines', async () => {
    const file = join(tmp, 'mixed.jsonl');
    writeFileSync(file, ['garbage', '{"msg":"a"}', '{"msg":"b"}', 'more garbage', '{"msg":"c"}'].join('\n'));
    const r = await scanInput(file, options, () => {});
    expect(r).toMatchObject({ format: 'jsonl', records: 3, badLines: 2, badLineNumbers: [1, 4], badReason: 'not valid JSON' });
    const text = join(tmp, 'mostly-text.log');
    writeFileSync(text, ['{"msg":"a"}', 'text', 'more text', 'still text'].join('\n'));
    expect(await scanInput(text, options, () => {})).toMatchObject({ format: 'text', records: 4, badLines: 0 });
  });
});

describe('parseJsonLine', () => {
  it('refuses nesting deeper than the limit before parsing, counting brackets outside strings only', () => {
    expect(parseJsonLine(`${'['.repeat(65)}${']'.repeat(65)}`)).toEqual({ ok: false, reason: 'nested deeper than 64 levels' });
    expect(parseJsonLine(`${'['.repeat(64)}${']'.repeat(64)}`).ok).toBe(true);
    expect(nestingExceeds(`{"a":"${'['.repeat(200)}\\"${'{'.repeat(200)}"}`, 64)).toBe(false);
    expect(nestingExceeds(`{"a":"\\\\"${'['.repeat(100)}`, 64)).toBe(true);
    expect(parseJsonLine('{"a":')).toEqual({ ok: false, reason: 'not valid JSON' });
  });
});

describe('expandInputs', () => {
  it('rotations of one log are one stream, oldest first; other logs are streams in argument order; --merge makes one', async () => {
    for (const n of ['app.log', 'app.log.1', 'app.log.2.gz', 'app.log.10.gz', 'api.log', 'app.log-20261120.gz']) writeFileSync(join(tmp, n), '');
    const names = (await expandInputs([join(tmp, 'api.log'), join(tmp, 'app.log*')], false)).map((x) => [x.path.slice(tmp.length + 1), x.stream.slice(tmp.length + 1)]);
    expect(names).toEqual([
      ['api.log', 'api.log'],
      ['app.log-20261120.gz', 'app.log'],
      ['app.log.10.gz', 'app.log'],
      ['app.log.2.gz', 'app.log'],
      ['app.log.1', 'app.log'],
      ['app.log', 'app.log'],
    ]);
    expect(new Set((await expandInputs([tmp], true)).map((x) => x.stream))).toEqual(new Set(['all']));
  });
});

describe('scanInput: JSON lines whose first lines are all bad', () => {
  it('are read line by line (not buffered as one document) once a second top-level object starts', async () => {
    const file = join(tmp, 'bad-start.jsonl');
    const bad = Array.from({ length: 20 }, (_, i) => `{"broken ${i}`);
    const good = Array.from({ length: 1000 }, (_, i) => `{"msg":"ok ${i}","time":${1764000000000 + i}}`);
    writeFileSync(file, [...bad, ...good].join('\n'));
    const r = await scanInput(file, options, () => {});
    expect(r).toMatchObject({ format: 'jsonl', records: 1000, badLines: 20, badLineNumbers: [1, 2, 3, 4, 5] });
    expect(r.problem).toBeUndefined();
  });
});

describe('scanInput: a text file whose first line opens a brace', () => {
  it('is read as text once it is not one JSON document (nothing lost)', async () => {
    const file = join(tmp, 'brace.log');
    writeFileSync(file, ['{ banner of the service', '2026-11-24T10:00:00Z INFO started', '  indented', '2026-11-24T10:00:01Z ERROR failed'].join('\n'));
    const lines: number[] = [];
    const r = await scanInput(file, options, (e) => lines.push(e.source?.line ?? 0));
    // the indented line continues the record above it (joined, counted)
    expect(r).toMatchObject({ format: 'text', records: 3, badLines: 0, continuationLines: 1 });
    expect(r.problem).toBeUndefined();
    expect(lines).toEqual([1, 2, 4]);
  });
});

describe('scanInput: OTLP export lines nest deeply', () => {
  it('a deeply nested body in one record does not cost the export line its other records', async () => {
    let body: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 200; i++) body = { kvlistValue: { values: [{ key: 'k', value: body }] } };
    const records = [
      { timeUnixNano: '1764000000000000000', body },
      { timeUnixNano: '1764000001000000000', severityText: 'ERROR', body: { stringValue: 'plain' } },
    ];
    const file = join(tmp, 'deep-otlp.jsonl');
    writeFileSync(file, `${JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] })}\n`);
    const messages: string[] = [];
    const r = await scanInput(file, options, (e) => messages.push(e.message));
    expect(r).toMatchObject({ format: 'otlp', records: 2, badLines: 0 });
    expect(messages[1]).toBe('plain');
  });
});

describe('expandInputs: which files a directory scans', () => {
  it('log names with their rotations, not other files, hidden ones or subdirectories', async () => {
    const dir = join(tmp, 'varlog');
    mkdirSync(join(dir, 'nginx'), { recursive: true });
    for (const n of ['syslog', 'syslog.1', 'messages-20261124.gz', 'auth.log', 'app.jsonl', 'notes.md', '.hidden.log', 'core.dump', 'nginx/access.log']) writeFileSync(join(dir, n), '');
    const names = (await expandInputs([dir], false)).map((x) => x.path.slice(dir.length + 1));
    expect(names).toEqual(['app.jsonl', 'auth.log', 'messages-20261124.gz', 'syslog.1', 'syslog']);
  });
});

describe('resolveOtlpEndpoint', () => {
  it('appends /v1/logs to a base URL, keeps a path, reads the OTel variables for env', () => {
    expect(resolveOtlpEndpoint('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/logs');
    expect(resolveOtlpEndpoint('http://collector:4318/')).toBe('http://collector:4318/v1/logs');
    expect(resolveOtlpEndpoint('https://ingest.example/otlp/logs')).toBe('https://ingest.example/otlp/logs');
    expect(resolveOtlpEndpoint('env', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/logs');
    expect(resolveOtlpEndpoint('env', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://l:4318/custom' })).toBe('http://l:4318/custom');
    expect(() => resolveOtlpEndpoint('env', {})).toThrow(OtlpEndpointError);
    expect(() => resolveOtlpEndpoint('127.0.0.1:4318')).toThrow(/expected an http\(s\) URL/);
  });
});
