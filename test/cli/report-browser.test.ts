import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/cli/report/html-report.js';
import type { ScanReport } from '../../src/cli/scan-report.js';
import { launchChromium } from '../../scripts/chromium.js';
import { pngStats } from '../helpers/png.js';

// The report in a real Chromium (shipped in the @sparticuz/chromium package) through playwright-core.
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = () => JSON.parse(readFileSync(join(root, 'test/fixtures/report/scan-report.json'), 'utf8')) as ScanReport;
const pwned = (page: Page) => page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);

let browser: Browser;
let tmp: string;
beforeAll(async () => {
  browser = await launchChromium();
  tmp = mkdtempSync(join(tmpdir(), 'logsignal-report-'));
});
afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The fixture grown to a busy log's size: 600 signals with long evidence, 80 groups, 100 new templates. */
function largeReport(r: ScanReport): ScanReport {
  const long = 'x'.repeat(40);
  const signals = Array.from({ length: 600 }, (_, i) => {
    const s = r.signals[i % r.signals.length];
    return {
      ...s,
      time: s.time + i,
      evidence: { ...s.evidence, path: `/api/v2/${long}/${i}/${'segment/'.repeat(12)}`, userAgent: `Mozilla/5.0 (X11; Linux x86_64) ${'AppleWebKit/537.36 '.repeat(6)}`, count: i },
    };
  });
  const groups = Array.from({ length: 80 }, (_, i) => ({ ...r.groups[i % r.groups.length], key: `key-${i}`, message: `${r.groups[i % r.groups.length].message} ${'and more words '.repeat(30)}` }));
  const tpl = (i: number) => ({
    id: `T${i}`,
    count: 100 - i,
    firstSeen: r.timeline.buckets[0].start,
    template: `<*> worker ${i} finished job <*> in <*> ms ${'with a long tail of constant words '.repeat(8)}`,
  });
  const templates = { total: 100, top: Array.from({ length: 20 }, (_, i) => tpl(i)), new: Array.from({ length: 100 }, (_, i) => tpl(i + 20)) };
  return { ...r, signals, groups, templates: { ...r.templates, ...templates } as ScanReport['templates'] };
}

/** Opens `html` from a file; collects console errors, page errors and every request that is not the file itself. */
async function open(html: string, name: string, javaScriptEnabled = true) {
  const file = join(tmp, name);
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const self = pathToFileURL(file).href;
  await context.route('**/*', (route) => {
    if (route.request().url() === self) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(self);
  return { page, errors, requests, close: () => context.close() };
}

describe('HTML report in a real browser (Chromium through playwright-core)', () => {
  it('the fixture: no script from the data runs, nothing is fetched, chart, markers and tables are complete, the screenshot is not blank', async () => {
    const r = fixture();
    const { page, errors, requests, close } = await open(renderHtmlReport(r), 'fixture.html');
    expect(await pwned(page)).toBeUndefined();
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);

    expect(await page.locator('svg.chart rect.bar').count()).toBe(r.timeline.buckets.filter((b) => b.records > 0).length);
    const counts = await page.locator('svg.chart circle.marker').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(r.signals.length);
    expect(await page.locator('svg.chart circle.marker[data-severity="critical"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#signals tbody tr').count()).toBe(r.signals.length);
    expect(await page.locator('table.groups tbody tr').count()).toBe(r.groups.length);
    // the payloads show as text
    expect(await page.locator('#signals').textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator('table.templates').first().textContent()).toContain('<img src="http://example.invalid/x.png"');

    // laid out: the chart and the tables have a real size
    const chart = await page.locator('svg.chart').boundingBox();
    expect(chart?.width).toBeGreaterThan(1000);
    expect(chart?.height).toBeGreaterThan(200);
    expect((await page.locator('#signals').boundingBox())?.height).toBeGreaterThan(500);

    // not blank: many colours and enough ink, unlike a blank page of the same size
    const png = await page.screenshot({ fullPage: true });
    const stats = pngStats(png);
    expect(stats.width).toBe(1280);
    expect(stats.height).toBeGreaterThan(2000);
    expect(stats.colours).toBeGreaterThan(200);
    expect(stats.inkShare).toBeGreaterThan(0.05);
    await page.setContent('<!doctype html><body style="background:#fff"></body>');
    const blank = pngStats(await page.screenshot());
    expect(blank.colours).toBeLessThan(3);
    expect(blank.inkShare).toBe(0);
    await close();
  });

  it('the script filters and sorts the signal table under the Content-Security-Policy', async () => {
    const r = fixture();
    const { page, errors, close } = await open(renderHtmlReport(r), 'filter.html');
    await page.fill('#filter', 'brute_force');
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(r.signals.filter((s) => s.detector === 'brute_force').length);
    expect(await page.locator('#shown').textContent()).toBe(`1 of ${r.signals.length} shown`);
    await page.fill('#filter', '');
    await page.uncheck('input.sev[value="low"]');
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(r.signals.filter((s) => s.severity !== 'low').length);
    await page.check('input.sev[value="low"]');
    await page.click('#signals th:nth-child(2)'); // severity, ascending
    await page.click('#signals th:nth-child(2)'); // descending
    expect(await page.locator('#signals tbody tr').first().getAttribute('data-severity')).toBe('critical');
    expect(await page.locator('#signals tbody tr').last().getAttribute('data-severity')).toBe('low');
    expect(errors).toEqual([]);
    await close();
  });

  it('without JavaScript the chart and every row still show', async () => {
    const r = fixture();
    const { page, errors, close } = await open(renderHtmlReport(r), 'nojs.html', false);
    expect(await page.locator('svg.chart rect.bar').count()).toBe(r.timeline.buckets.filter((b) => b.records > 0).length);
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(r.signals.length);
    expect(errors).toEqual([]);
    await close();
  });

  it('at a laptop width (1280 px) a large report does not overflow, keeps evidence words whole, collapses long lists and stays short', async () => {
    const r = largeReport(fixture());
    const { page, errors, close } = await open(renderHtmlReport(r), 'large.html');
    // measured in the page (a string, since the tests are compiled without the DOM types)
    const layout = (await page.evaluate(`({
      pageWidth: document.documentElement.scrollWidth,
      pageHeight: document.documentElement.scrollHeight,
      overflowing: [...document.querySelectorAll('.scroll')].filter((e) => e.scrollWidth > e.clientWidth + 1).length,
      wrappedChips: [...document.querySelectorAll('.ev span')].filter((e) => e.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(e).lineHeight)).length,
      chips: document.querySelectorAll('.ev span').length,
    })`)) as { pageWidth: number; pageHeight: number; overflowing: number; wrappedChips: number; chips: number };
    // no horizontal scrolling in the page or inside a table box; no evidence chip on two lines
    expect(layout.pageWidth).toBe(1280);
    expect(layout.overflowing).toBe(0);
    expect(layout.chips).toBeGreaterThan(1000);
    expect(layout.wrappedChips).toBe(0);
    expect(layout.pageHeight).toBeLessThan(6000); // 600 signals, 80 groups, 100 new templates
    // the long lists are collapsed, one click away, and complete when opened
    expect(await page.locator('#signals').isVisible()).toBe(false);
    await page.click('details.signals > summary');
    expect(await page.locator('#signals tbody tr:visible').count()).toBe(r.signals.length);
    expect(await page.locator('table.groups tbody tr:visible').count()).toBe(20);
    await page.click('details.more > summary >> nth=0');
    expect(await page.locator('table.groups tbody tr:visible').count()).toBe(r.groups.length);
    expect(errors).toEqual([]);
    await close();
  });

  it('on a sparse log the error share is drawn only for buckets with enough records', async () => {
    const r = fixture();
    // one record per bucket, every other one an error: the share would jump 0% / 100%
    const buckets = Array.from({ length: 40 }, (_, i) => ({ start: r.timeline.buckets[0].start + i * r.timeline.bucketMs, records: i % 3 === 0 ? 1 : 0, errors: i % 6 === 0 ? 1 : 0, signals: 0 }));
    const { page, close } = await open(renderHtmlReport({ ...r, timeline: { bucketMs: r.timeline.bucketMs, buckets } }), 'sparse.html');
    expect(await page.locator('svg.chart rect.bar').count()).toBe(14);
    expect(await page.locator('svg.chart .share-line, svg.chart .share-dot').count()).toBe(0);
    await close();
  });

  it('an empty report renders cleanly', async () => {
    const r = fixture();
    const empty: ScanReport = {
      ...r,
      inputs: [],
      timeSpan: null,
      timeline: { bucketMs: 1000, buckets: [] },
      groups: [],
      signals: [],
      signalsOmitted: 0,
      templates: null,
      totals: { lines: 0, records: 0, badLines: 0, errors: 0, signals: 0, bySeverity: { low: 0, medium: 0, high: 0, critical: 0 }, byDetector: {} },
    };
    const { page, errors, requests, close } = await open(renderHtmlReport(empty), 'empty.html');
    expect(await page.locator('svg.chart').count()).toBe(0);
    expect(await page.locator('p.empty').count()).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await close();
  });

  it('a real scan: `logsignal scan --report` writes the page renderHtmlReport makes from its --json-report, and it shows the decoded attack as text', async () => {
    const out = join(tmp, 'scan.html');
    const json = join(tmp, 'scan.json');
    const cli = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'scan', 'access.log', 'app.log', '--preset', 'web', '--report', out, '--json-report', json, '--quiet'], {
      cwd: join(root, 'test/fixtures/cli'),
    });
    expect(cli.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    const report = JSON.parse(readFileSync(json, 'utf8')) as ScanReport;
    expect(html).toBe(renderHtmlReport(report)); // `npm test` builds dist first
    const { page, errors, requests, close } = await open(html, 'scan-copy.html');
    expect(await page.locator('#signals tbody tr').count()).toBe(report.signals.length);
    expect(await page.locator('#signals').textContent()).toContain('<script');
    expect(await pwned(page)).toBeUndefined();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await close();
  });
});
