import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/cli/report/html-report.js';
import type { ScanReport } from '../../src/cli/scan-report.js';
import { terminalSummary } from '../../src/cli/terminal-summary.js';
import type { Signal } from '../../src/core/signal.js';
import { groupIncidents, IncidentGrouper } from '../../src/incidents/index.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const sig = (time: number, detector: string, over: Partial<Signal> = {}): Signal => ({
  detector,
  name: detector,
  kind: 'rule',
  severity: 'medium',
  message: `${detector} fired`,
  time,
  evidence: {},
  ...over,
});

describe('incidents: signals of several detectors grouped by service and time', () => {
  it('a burst seen by three detectors is one incident with its first line, detectors and counts', () => {
    const list = groupIncidents([
      sig(T0, 'level_match', { severity: 'high', record: { text: 'ERROR replication lost', file: 'app.log', line: 1201 } }),
      sig(T0 + 1_000, 'new_template', { record: { text: 'ERROR replication lost', file: 'app.log', line: 1202 } }),
      sig(T0 + 70_000, 'volume_zscore_anomaly', { record: { text: 'INFO next', file: 'app.log', line: 1300 } }),
      sig(T0 + 2 * MIN, 'level_match', { record: { text: 'ERROR again', file: 'app.log', line: 1350 } }),
    ]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: 'I1',
      service: 'app.log',
      start: T0,
      end: T0 + 2 * MIN,
      severity: 'high',
      signals: 4,
      detectors: { level_match: 2, new_template: 1, volume_zscore_anomaly: 1 },
      firstRecord: { line: 1201 },
      lines: [1201, 1202, 1300, 1350],
    });
  });
  it('a gap longer than 5 minutes, or another service, starts a new incident', () => {
    const list = groupIncidents([
      sig(T0, 'a', { evidence: { 'service.name': 'api' } }),
      sig(T0 + 1_000, 'b', { evidence: { 'service.name': 'worker' } }),
      sig(T0 + 4 * MIN, 'c', { evidence: { 'service.name': 'api' } }),
      sig(T0 + 10 * MIN, 'd', { evidence: { 'service.name': 'api' } }),
    ]);
    expect(list.map((i) => [i.id, i.service, i.signals])).toEqual([
      ['I1', 'api', 2],
      ['I2', 'worker', 1],
      ['I3', 'api', 1],
    ]);
  });
  it('memory is bounded: the oldest incidents beyond maxIncidents are counted, not kept', () => {
    const g = new IncidentGrouper({ maxIncidents: 10, gap: 0 });
    for (let i = 0; i < 100; i++) g.add(sig(T0 + i * MIN, 'x'));
    expect(g.incidents()).toHaveLength(10);
    expect(g.omitted).toBe(90);
    expect(g.incidents()[0].id).toBe('I91');
  });
  it('invalid options name the option', () => {
    expect(() => new IncidentGrouper({ gap: 'soon' })).toThrow(/incidents\.gap/);
    expect(() => new IncidentGrouper({ maxIncidents: 0 })).toThrow(/incidents\.maxIncidents/);
  });
});

describe('incidents in the scan report, the summary and the HTML report', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  it('`logsignal scan --json-report` carries the incidents; the summary and the page show them', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'logsignal-inc-'));
    try {
      const json = join(tmp, 'r.json');
      const r = spawnSync(process.execPath, [join(root, 'dist/cli/main.js'), 'scan', 'app.log', '--json-report', json], {
        cwd: join(root, 'test/fixtures/cli'),
        env: { ...process.env, NO_COLOR: '1' },
        encoding: 'utf8',
      });
      const report = JSON.parse(readFileSync(json, 'utf8')) as ScanReport;
      expect(report.incidents!.length).toBeGreaterThanOrEqual(1);
      // the incident told by the most detectors (a burst of a new error: level, new template, error rate)
      const story = report.incidents!.reduce((a, b) => (Object.keys(b.detectors).length > Object.keys(a.detectors).length ? b : a));
      expect(Object.keys(story.detectors).length).toBeGreaterThanOrEqual(2);
      expect(story.signals).toBe(Object.values(story.detectors).reduce((a, b) => a + b, 0));
      expect(r.stdout).toMatch(/Incidents: \d+\n {2}I1 /);
      expect(terminalSummary(report, [], false)).toContain('I1');
      const html = renderHtmlReport(report);
      expect(html).toContain('<table id="incidents">');
      const hostile = { ...report, incidents: [{ ...report.incidents![0], message: '<script>alert(1)</script>', firstRecord: { text: '<img src=x onerror=alert(1)>', line: 3 } }] };
      const page = renderHtmlReport(hostile);
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&lt;img src=x');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('reports without incidents (older JSON) still render', () => {
    const report = JSON.parse(readFileSync(join(root, 'test/fixtures/report/scan-report.json'), 'utf8')) as ScanReport;
    delete report.incidents;
    expect(renderHtmlReport(report)).toContain('No incidents');
  });
});
