import { diag, DiagLogLevel } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Detector } from '../../src/core/detector.js';
import type { AccessRequest } from '../../src/core/access-request.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { eventFromString } from '../../src/input/event-from-input.js';
import { RequestParse } from '../../src/input/request-parse.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { Rule } from '../../src/rules/rule.js';
import { Security } from '../../src/security/index.js';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { TemplateRule } from '../../src/templates/template-rule.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';

const T0 = Date.UTC(2026, 0, 1);
const ev = (message: string, time = T0): LogEvent => eventFromString(message, time, 8192);
const lines = (n: number) => Array.from({ length: n }, (_, i) => [`user ${i} logged in`, `job ${i} done in ${i} ms`, `cache miss for key k${i}`][i % 3]);

describe('Pipeline: enrichment', () => {
  it('mines each record once with one miner shared by every template detector', () => {
    const a = TemplateRule.newTemplate({ warmupRecords: 0 });
    const b = TemplateRule.templateRate();
    const p = new Pipeline({ detectors: [a, b] });
    expect(p.miner).toBe(a.miner);
    expect(b.miner).toBe(a.miner);
    const ids: string[] = [];
    for (const m of lines(30)) ids.push(p.process(ev(m)).template!.id);
    expect(p.miner!.templates().reduce((n, t) => n + t.count, 0)).toBe(30);
    expect(new Set(ids).size).toBe(3);
    expect(b.toJSON().miner).toBeUndefined(); // the first detector saves the shared miner
    expect(a.toJSON().miner).toBeDefined();
  });

  it('a detector that throws before the template detectors shifts nothing', () => {
    const thrower: Detector = {
      id: 'boom',
      kind: 'rule',
      observe(e) {
        if (e.message.includes('3')) throw new Error('boom');
      },
    };
    const withThrower = new Pipeline({ detectors: [thrower, TemplateRule.newTemplate({ warmupRecords: 0 })] });
    const plain = new Pipeline({ detectors: [TemplateRule.newTemplate({ warmupRecords: 0 })] });
    for (const m of lines(30)) {
      const got = withThrower.process(ev(m));
      const want = plain.process(ev(m));
      expect(got.template!.id).toBe(want.template!.id);
      expect(got.raised.map((s) => s.key)).toEqual(want.raised.map((s) => s.key));
    }
    expect(withThrower.errors).toBeGreaterThan(0);
  });

  it('templates: a given miner is shared; true mines every record; a detector with another miner is refused', () => {
    const miner = new TemplateMiner();
    const d = TemplateRule.newTemplate();
    const p = new Pipeline({ detectors: [d], templates: miner });
    expect(d.miner).toBe(miner);
    const own = new Pipeline({ rules: ['ERROR'], templates: true });
    expect(own.process(ev('hello 1')).template?.template).toBe('hello <*>');
    expect(new Pipeline({ rules: ['ERROR'] }).process(ev('hello 1')).template).toBeUndefined();
    expect(() => new Pipeline({ detectors: [TemplateRule.newTemplate({ miner }), TemplateRule.templateRate({ miner: new TemplateMiner() })] })).toThrow(ConfigError);
    expect(() => new Pipeline({ detectors: [TemplateRule.newTemplate(), TemplateRule.templateRate({ minerOptions: { similarity: 0.9 } })] })).toThrow(
      /templateRate_anomaly\.miner|template_rate_anomaly\.miner/,
    );
    expect(() => new Pipeline({ templates: 3 as never })).toThrow(/Pipeline\.templates/);
    expect(p.list()).toEqual([d]);
  });

  it('parses an access-log line at most once per record, shared by every security detector', () => {
    const seen: (AccessRequest | undefined)[] = [];
    const probe: Detector = {
      id: 'probe',
      kind: 'security',
      readsRequest: true,
      observe(e) {
        seen.push(e.request?.get(), e.request?.get());
      },
    };
    const p = new Pipeline({ detectors: [Security.injection({ message: 'access-log' }), Security.bruteForce(), Security.scanner(), probe] });
    const line = '10.0.0.1 - - [10/Oct/2025:13:55:36 +0000] "GET /admin/login.php?id=1%27%20OR%201=1-- HTTP/1.1" 401 12 "-" "curl/8"';
    let parse: RequestParse | undefined;
    for (let i = 0; i < 5; i++) {
      const e = ev(line, T0 + i);
      p.process(e);
      parse = e.request as RequestParse;
    }
    expect(parse).toBeInstanceOf(RequestParse);
    expect(parse!.parses).toBe(5);
    expect(seen[0]?.path).toBe('/admin/login.php');
    expect(seen[0]).toBe(seen[1]);
    expect(new Pipeline({ rules: ['x'] }).enriches).toBe(false);
  });
});

describe('Pipeline: result and signals', () => {
  it('one reused result: admitted and all raised signals; raised signals carry their record', () => {
    const p = new Pipeline({ rules: ['ERROR'] });
    const e = ev('ERROR db down');
    e.raw = `2026-01-01T00:00:00Z ${'x'.repeat(600)}`;
    e.source = { file: 'app.log', line: 7 };
    const r = p.process(e);
    expect(r.signals).toHaveLength(1);
    expect(r.raised).toHaveLength(1);
    expect(r.raised[0].record).toEqual({ text: e.raw.slice(0, 500), file: 'app.log', line: 7 });
    const again = p.process(ev('ERROR db down'));
    expect(again).toBe(r); // reused
    expect(again.signals).toHaveLength(0); // cooldown
    expect(again.raised).toHaveLength(1);
    expect(again.raised[0].record).toEqual({ text: 'ERROR db down' });
  });

  it('an onSignal that processes another record gets a result of its own', () => {
    const got: string[] = [];
    let inner: ReturnType<Pipeline['process']> | undefined;
    const p: Pipeline = new Pipeline({
      rules: [Rule.contains(['outer', 'inner'])],
      cooldown: 0,
      onSignal: (s: Signal) => {
        got.push(String(s.evidence.keyword));
        if (s.evidence.keyword === 'outer') inner = p.process(ev('inner'));
      },
    });
    const outer = p.process(ev('outer'));
    expect(got).toEqual(['outer', 'inner']);
    expect(outer.signals.map((s) => s.evidence.keyword)).toEqual(['outer']);
    expect(inner).not.toBe(outer);
  });

  it('a record analysed while a detector error is being reported (a diag logger that logs through OTel) does not wipe the first record', () => {
    const broken: Detector = {
      id: 'broken',
      kind: 'rule',
      observe: () => {
        throw new Error('bug');
      },
    };
    let p: Pipeline | undefined;
    let inner = 0;
    diag.setLogger(
      {
        error: () => {
          inner++;
          p?.process(ev('diag line'));
        },
        warn: () => {},
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.ERROR,
    );
    try {
      p = new Pipeline({ rules: ['ERROR', broken], cooldown: 0 }); // the signal is raised before the failing detector reports
      const r = p.process(ev('ERROR db down'));
      expect(inner).toBe(1);
      expect(r.raised.map((s) => s.name)).toEqual(['keyword_match']);
      expect(r.signals).toHaveLength(1);
    } finally {
      diag.disable();
    }
  });

  it('toJSON / restore carries the detectors and a miner the pipeline made', () => {
    const p = new Pipeline({ templates: true, detectors: [Rule.spike({ threshold: 3, window: '1m' })] });
    for (const m of lines(9)) p.process(ev(m));
    const state = JSON.parse(JSON.stringify(p.toJSON()));
    const q = new Pipeline({ templates: true, detectors: [Rule.spike({ threshold: 3, window: '1m' })] });
    q.restore(state);
    expect(q.miner!.templates()).toEqual(p.miner!.templates());
    expect(() => q.restore({})).toThrow(/Pipeline\.restore/);
  });

  it("LogWatcher builds on the pipeline and never modifies the caller's event", () => {
    const w = new LogWatcher({ detectors: [TemplateRule.newTemplate({ warmupRecords: 0 })], onSignal: () => {} });
    const e = Object.freeze(ev('first message here'));
    expect(w.processEvent(e)).toHaveLength(1);
    expect(w.pipeline.miner?.size).toBe(1);
    expect(e.template).toBeUndefined();
  });
});

describe('Pipeline: severity gates (Detector.severities)', () => {
  const at = (severityNumber: number, message = 'm'): LogEvent => ({ ...ev(message), severityNumber });
  it('a detector declaring severities is not given records outside them; the others see every record', () => {
    const seen: number[] = [];
    const all: number[] = [];
    const gated: Detector = { id: 'gated', kind: 'rule', severities: { min: 13, max: 16 }, observe: (e) => void seen.push(e.severityNumber) };
    const open: Detector = { id: 'open', kind: 'rule', observe: (e) => void all.push(e.severityNumber) };
    const p = new Pipeline({ rules: ['never-here', 'nor-here', gated, open] });
    for (const n of [0, 1, 9, 12, 13, 16, 17, 24, Number.NaN]) p.process(at(n));
    expect(seen).toEqual([13, 16, Number.NaN]); // NaN is not outside a range (as the detector's own comparisons read it)
    expect(all).toEqual([0, 1, 9, 12, 13, 16, 17, 24, Number.NaN]);
  });
  it('Rule.level declares its range; signals are those of the rule run on every record (added later too)', () => {
    const records = [9, 13, 17, 21, 24, 0, 18].map((n, i) => ({ ...at(n, `db down ${i}`), time: T0 + i * 60_000 }));
    const run = (p: Pipeline) => records.flatMap((r) => p.process({ ...r }).raised.map((s) => `${s.detector}:${s.key}`));
    expect(Rule.level('ERROR').severities).toEqual({ min: 17, max: 24 });
    expect(Rule.level('WARN', { exact: true }).severities).toEqual({ min: 13, max: 16 });
    // the same rule behind a wrapper that declares nothing: observed on every record
    const inner = Rule.level('ERROR', { group: false });
    const ungated: Detector = { id: inner.id, kind: inner.kind, observe: (e, out) => inner.observe(e, out) };
    const want = run(new Pipeline({ rules: [ungated], cooldown: 0 }));
    expect(want).toEqual(['level_match:ERROR', 'level_match:FATAL', 'level_match:FATAL', 'level_match:ERROR']);
    expect(run(new Pipeline({ rules: [Rule.level('ERROR', { group: false })], cooldown: 0 }))).toEqual(want);
    const later = new Pipeline({ rules: ['zzz'], cooldown: 0 });
    later.add(Rule.level('ERROR', { group: false }));
    expect(run(later)).toEqual(want);
  });
});
