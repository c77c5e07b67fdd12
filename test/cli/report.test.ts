import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/cli/report/html-report.js';
import type { ScanReport } from '../../src/cli/scan-report.js';
import { pngStats } from '../helpers/png.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const XSS = `</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"'&`;

/** A report with hostile text everywhere text can appear. */
function hostileReport(): ScanReport {
  const t = Date.UTC(2026, 10, 24, 10, 0, 0);
  return {
    tool: { name: 'logsignal', version: '0.0.0' },
    generatedAt: new Date(t).toISOString(),
    config: { preset: 'web', detectors: ['injection_attempt', XSS] },
    inputs: [{ name: `evil${XSS}.log`, format: 'text', gzip: false, bytes: 10, lines: 3, records: 3, badLines: 0, untimed: 0 }],
    totals: { lines: 3, records: 3, badLines: 0, errors: 1, signals: 1, bySeverity: { low: 0, medium: 0, high: 0, critical: 1 }, byDetector: { [XSS]: 1 } },
    timeSpan: { start: t, end: t + 2000 },
    timeline: { bucketMs: 1000, buckets: [0, 1, 2].map((i) => ({ start: t + i * 1000, records: 1, errors: i === 1 ? 1 : 0, signals: i === 1 ? 1 : 0 })) },
    groups: [{ detector: XSS, kind: 'security', key: XSS, severity: 'critical', count: 1, first: t + 1000, last: t + 1000, message: XSS }],
    signals: [{ detector: XSS, name: 'injection_attempt', kind: 'security', severity: 'critical', message: XSS, time: t + 1000, key: XSS, evidence: { fragment: XSS, [XSS]: [XSS, 'x'], score: 10 } }],
    signalsOmitted: 0,
    templates: { total: 1, top: [{ id: 'T1', template: XSS, count: 3, firstSeen: t }], new: [{ id: 'T1', template: XSS, count: 3, firstSeen: t }] },
  };
}

describe('HTML report (string level)', () => {
  it('escapes log content wherever it appears: no tag, attribute or script can be injected', () => {
    const html = renderHtmlReport(hostileReport());
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror="');
    expect(html.match(/<script>/g)).toHaveLength(1); // only the report's own
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('renders empty states: no records, no signals, no templates', () => {
    const html = renderHtmlReport({
      ...hostileReport(), inputs: [], timeSpan: null, timeline: { bucketMs: 1000, buckets: [] }, groups: [], signals: [], templates: null,
      totals: { lines: 0, records: 0, badLines: 0, errors: 0, signals: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, byDetector: {} },
    });
    expect(html).toContain('No records.');
    expect(html).toContain('No signals.');
    expect(html).not.toContain('Top templates');
  });

  it('is deterministic for a given report', () => {
    expect(renderHtmlReport(hostileReport())).toBe(renderHtmlReport(hostileReport()));
  });
});

describe('HTML report in a real browser (Debian chromium through playwright-core)', () => {
  let browser: Browser;
  let tmp: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    tmp = mkdtempSync(join(tmpdir(), 'logsignal-report-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    return { page, errors, requests };
  }

  it('a real scan: chart bars and signal markers, signal table, filtering, no network, and a screenshot that is not blank', async () => {
    const out = join(tmp, 'report.html');
    const json = join(tmp, 'report.json');
    const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'scan', 'access.log', 'app.log', '--preset', 'web', '--report', out, '--json-report', json, '--quiet'], { cwd: join(root, 'test/fixtures/cli') });
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ScanReport;
    const { page, errors, requests } = await open(out);
    expect(await page.locator('svg.chart rect.bar').count()).toBe(report.timeline.buckets.filter((b) => b.records > 0).length);
    expect(await page.locator('svg.chart circle.marker').count()).toBe(report.signals.length);
    expect(await page.locator('#signals tbody tr').count()).toBe(report.signals.length);
    // the decoded XSS payload of the access log is shown as text, not run
    expect(await page.locator('#signals').textContent()).toContain('<script');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.fill('#filter', 'brute_force');
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(report.signals.filter((s) => s.detector === 'brute_force').length);
    await page.fill('#filter', '');
    await page.uncheck('input.sev[value="high"]');
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(report.signals.filter((s) => s.severity !== 'high').length);
    const png = await page.screenshot({ fullPage: true });
    const stats = pngStats(png);
    expect(stats.width).toBe(1280);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.inkShare).toBeGreaterThan(0.05);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('hostile content stays inert in the browser; the filter script still runs under the CSP', async () => {
    const file = join(tmp, 'hostile.html');
    writeFileSync(file, renderHtmlReport(hostileReport()));
    const { page, errors, requests } = await open(file);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#signals tbody tr').first().textContent()).toContain('</script><script>window.__pwned=1');
    await page.fill('#filter', 'nothing matches this');
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(0);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
