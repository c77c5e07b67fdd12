import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { esc } from '../../src/cli/report/html-escape.js';
import { renderHtmlReport } from '../../src/cli/report/html-report.js';
import { REPORT_SCRIPT } from '../../src/cli/report/report-assets.js';
import type { ScanReport } from '../../src/cli/scan-report.js';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);
/** Hostile text for one place of the report: a tag, an event handler, both quotes and an ampersand. */
const evil = (where: string) => `<x-${where} onload="window.__pwned='${where}'">'"&</x-${where}>`;
const escaped = (where: string) => `&lt;x-${where} onload=&quot;window.__pwned=&#39;${where}&#39;&quot;&gt;&#39;&quot;&amp;&lt;/x-${where}&gt;`;

/** A small report with hostile text in every place text from the logs or the command line can appear. */
function hostileReport(): ScanReport {
  return {
    tool: { name: 'logsignal', version: evil('version') },
    generatedAt: new Date(T).toISOString(),
    config: { preset: evil('preset'), detectors: ['injection_attempt', evil('detectors')] },
    inputs: [{ name: evil('input'), format: 'text', gzip: true, bytes: 10, lines: 3, records: 3, badLines: 1, untimed: 0, warning: evil('warning') }],
    totals: { lines: 3, records: 3, badLines: 1, errors: 1, signals: 1, bySeverity: { low: 0, medium: 0, high: 0, critical: 1 }, byDetector: { [evil('bydetector')]: 1 } },
    timeSpan: { start: T, end: T + 2000 },
    timeline: { bucketMs: 1000, buckets: [0, 1, 2].map((i) => ({ start: T + i * 1000, records: 1, errors: i === 1 ? 1 : 0, signals: i === 1 ? 1 : 0 })) },
    groups: [
      {
        detector: evil('gdetector'),
        kind: 'security',
        key: evil('gkey'),
        severity: 'critical',
        count: 1,
        first: T + 1000,
        last: T + 1000,
        message: evil('gmessage'),
        record: { text: evil('grecord'), file: evil('gfile'), line: 3 },
      },
    ],
    signals: [
      {
        detector: evil('detector'),
        name: 'injection_attempt',
        kind: 'security',
        severity: 'critical',
        message: evil('message'),
        time: T + 1000,
        key: evil('key'),
        evidence: { fragment: evil('evvalue'), [evil('evkey')]: [evil('evlist'), 'x'], score: 10 },
        record: { text: evil('record'), file: evil('file'), line: 2 },
      },
    ],
    signalsOmitted: 0,
    templates: { total: 1, top: [{ id: evil('tid'), template: evil('template'), count: 3, firstSeen: T }], new: [{ id: 'T1', template: evil('newtemplate'), count: 3, firstSeen: T }] },
  };
}

function emptyReport(): ScanReport {
  return {
    ...hostileReport(),
    inputs: [],
    timeSpan: null,
    timeline: { bucketMs: 1000, buckets: [] },
    groups: [],
    signals: [],
    templates: null,
    config: { preset: 'default', detectors: [] },
    totals: { lines: 0, records: 0, badLines: 0, errors: 0, signals: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, byDetector: {} },
  };
}

const fixture = () => JSON.parse(readFileSync(new URL('../fixtures/report/scan-report.json', import.meta.url), 'utf8')) as ScanReport;
const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;
/** Every tag name in the page: only the report's own. */
const TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'main',
  'section',
  'footer',
  'div',
  'span',
  'h1',
  'h2',
  'small',
  'b',
  'i',
  'br',
  'p',
  'svg',
  'line',
  'text',
  'rect',
  'polyline',
  'circle',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'input',
  'label',
  'script',
  'details',
  'summary',
]);

describe('HTML report: escaping', () => {
  const html = renderHtmlReport(hostileReport());
  const places = [
    'version',
    'preset',
    'detectors',
    'input',
    'bydetector',
    'gdetector',
    'gkey',
    'gmessage',
    'detector',
    'message',
    'key',
    'evvalue',
    'evkey',
    'evlist',
    'tid',
    'template',
    'newtemplate',
    'warning',
    'grecord',
    'gfile',
    'record',
    'file',
  ];

  it.each(places)('log content in %s shows as text', (where) => {
    expect(html).toContain(where === 'version' || where === 'tid' ? escaped(where).slice(0, 20) : escaped(where)); // the version and template ids are cut short
    expect(html).not.toContain(`<x-${where}`);
  });

  it("has only the report's own tags, one script, and no event handler attribute", () => {
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
    const markup = html.replace(REPORT_SCRIPT, '');
    const tags = new Set([...markup.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].filter((t) => !TAGS.has(t))).toEqual([]);
    expect(count(html, /<script/gi)).toBe(1);
    // every start tag is well formed (values in double quotes, which escaping keeps closed) and has no event handler
    const starts = [...markup.matchAll(/<[a-zA-Z]/g)].length;
    const parsed = [...markup.matchAll(/<[a-zA-Z][\w-]*((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)];
    expect(parsed.length).toBe(starts);
    const attrs = new Set(parsed.flatMap((m) => [...m[1].matchAll(/\s+([\w:-]+)(?:="[^"]*")?/g)].map((a) => a[1].toLowerCase())));
    expect([...attrs].filter((a) => a.startsWith('on') || a === 'src' || a === 'href')).toEqual([]);
  });

  it('forbids the network and all other scripts with a Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toContain('unsafe-eval');
    expect(html).not.toMatch(/(?:src|href)\s*=\s*"(?:https?:)?\/\//i); // nothing points outside
  });

  it('shows control characters as \\xNN, replaces bidi overrides and lone surrogates, keeps tabs and newlines', () => {
    expect(esc('a\u0000b\u001b[31m\u007f')).toBe('a\\x00b\\x1b[31m\\x7f');
    expect(esc('ab\u202ecd\u2066')).toBe('ab\ufffdcd\ufffd');
    expect(esc('x\ud800y\udc00')).toBe('x\ufffdy\ufffd');
    expect(esc('ok \u{1F600}')).toBe('ok \u{1F600}');
    expect(esc('a\tb\nc')).toBe('a\tb\nc');
    expect(esc('${jndi:ldap://x/a}')).toBe('${jndi:ldap://x/a}');
    expect(esc(42)).toBe('42');
  });

  it('cuts long values with an ellipsis, never inside a surrogate pair or an entity', () => {
    expect(esc('x'.repeat(5000), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(esc(`${'x'.repeat(8)}\u{1F600}zz`, 10)).toBe(`${'x'.repeat(8)}…`);
    expect(esc('<'.repeat(50), 5)).toBe(`${'&lt;'.repeat(4)}…`);
    const r = hostileReport();
    r.signals[0].message = 'm'.repeat(100_000);
    r.signals[0].evidence = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'.repeat(10_000)]));
    const out = renderHtmlReport(r);
    expect(out.length).toBeLessThan(40_000);
    expect(out).toContain('+84 more');
  });
});

describe('HTML report: content', () => {
  it('renders the fixture: one bar per non-empty bucket, every signal in a marker and a row, every group, the omitted count', () => {
    const r = fixture();
    const html = renderHtmlReport(r);
    expect(count(html, /<rect class="bar" /g)).toBe(r.timeline.buckets.filter((b) => b.records > 0).length);
    const markerTotal = [...html.matchAll(/<circle class="marker" data-severity="\w+" data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(markerTotal).toBe(r.signals.length);
    expect(count(html, /<tr data-severity=/g)).toBe(r.signals.length);
    expect(html).toContain(`${r.signalsOmitted} later ones not kept`);
    for (const d of ['level_match', 'error_rate_anomaly', 'new_template', 'brute_force', 'scanner', 'log_spike']) expect(html).toContain(`>${d}<`);
    expect(html).toContain('Top templates');
    expect(html).toContain('New templates');
  });

  it('formats large counts with thousands separators', () => {
    const r = hostileReport();
    r.totals = { ...r.totals, records: 1_234_567_890, lines: 1_234_567_891, errors: 98_765, signals: 10_000_001 };
    r.inputs[0].bytes = 5 * 1024 ** 3;
    const html = renderHtmlReport(r);
    expect(html).toContain('1,234,567,890');
    expect(html).toContain('10,000,001');
    expect(html).toContain('5.0 GiB');
    expect(html).toContain('&lt;0.01% of records');
  });

  it('is deterministic: the same report gives the same bytes', () => {
    expect(renderHtmlReport(fixture())).toBe(renderHtmlReport(fixture()));
  });
});

describe('HTML report: empty states', () => {
  it('no records, no signals, no templates, no inputs', () => {
    const html = renderHtmlReport(emptyReport());
    expect(html).toContain('No records with a time: nothing to chart.');
    expect(html).toContain('No signals: no detector fired');
    expect(html).toContain('No inputs.');
    expect(html).toContain('Time span <b>none</b>');
    expect(html).not.toContain('Top templates');
    expect(html).not.toContain('NaN');
  });

  it('a template miner that found nothing', () => {
    const html = renderHtmlReport({ ...emptyReport(), templates: { total: 0, top: [], new: [] } });
    expect(html).toContain('No templates.');
    expect(html).toContain('No new templates after warm-up.');
  });

  it('a single bucket, a zero time span, a zero bucket width and signals outside the timeline', () => {
    const r = hostileReport();
    r.timeSpan = { start: T, end: T };
    r.timeline = { bucketMs: 0, buckets: [{ start: T, records: 5, errors: 5, signals: 1 }] };
    r.signals[0].time = T - 86_400_000;
    const html = renderHtmlReport(r);
    expect(count(html, /<rect class="bar" /g)).toBe(1);
    expect(count(html, /<circle class="marker"/g)).toBe(1);
    expect(html).toContain('(0 s)');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('times that are not finite show as blanks, not as a crash', () => {
    const r = hostileReport();
    r.signals[0].time = Number.NaN;
    r.groups[0].first = Number.POSITIVE_INFINITY;
    r.templates!.top[0].firstSeen = Number.NaN;
    r.generatedAt = 'not a date';
    const html = renderHtmlReport(r);
    expect(html).toContain('not a date');
    expect(count(html, /<tr data-severity=/g)).toBe(1);
  });
});
