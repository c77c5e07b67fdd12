import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Detector } from '../../src/core/detector.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { Rule } from '../../src/rules/rule.js';
import { formatSignalLine } from '../../src/watcher/console-notifier.js';
import { LogWatcher, type LogWatcherOptions } from '../../src/watcher/log-watcher.js';

const T0 = Date.UTC(2024, 5, 1);

/** A watcher with a fixed, steppable clock and collected signals. */
function make(opts: LogWatcherOptions = {}) {
  let now = T0;
  const got: Signal[] = [];
  const w = new LogWatcher({ onSignal: (s) => got.push(s), clock: () => now, ...opts });
  return {
    w,
    got,
    setNow: (t: number) => {
      now = t;
    },
  };
}

/** A detector that records the events it saw (copied) and fires on messages containing 'hit'. */
function recorder(id = 'rec'): Detector & { seen: LogEvent[] } {
  const seen: LogEvent[] = [];
  return {
    id,
    kind: 'stat',
    seen,
    observe(e, out) {
      seen.push({ ...e });
      if (e.message.includes('hit')) out.push({ detector: this.id, name: 'hit', kind: 'stat', severity: 'low', message: 'hit', time: e.time, evidence: {} });
    },
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

function configPath(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).path;
  }
  return 'no error';
}

describe('LogWatcher: rules and ids', () => {
  it('bare strings become keyword rules; duplicate ids are renamed #2, #3', () => {
    const { w, got } = make({ rules: ['ERROR', 'CRITICAL', 'ERROR'] });
    expect(w.list().map((d) => d.id)).toEqual(['keyword_match', 'keyword_match#2', 'keyword_match#3']);
    w.process('CRITICAL ERROR');
    expect(got.map((s) => s.detector)).toEqual(['keyword_match', 'keyword_match#2', 'keyword_match#3']);
    w.addRule(Rule.level('ERROR')).addStat(recorder()).addRule('x');
    expect(
      w
        .list()
        .map((d) => d.id)
        .slice(3),
    ).toEqual(['level_match', 'rec', 'keyword_match#4']);
  });
  it('rejects non-detectors and adding the same detector twice', () => {
    expect(configPath(() => new LogWatcher({ rules: [42 as never] }))).toBe('LogWatcher.rules[0]');
    expect(configPath(() => new LogWatcher({ rules: ['ok', { id: 'x' } as never] }))).toBe('LogWatcher.rules[1]');
    expect(configPath(() => new LogWatcher({ rules: [null as never] }))).toBe('LogWatcher.rules[0]');
    expect(configPath(() => new LogWatcher({ detectors: [{ observe() {} } as never] }))).toBe('LogWatcher.detectors[0]');
    expect(configPath(() => new LogWatcher({ rules: 'ERROR' as never }))).toBe('LogWatcher.rules');
    expect(configPath(() => new LogWatcher({ rules: [''] }))).toBe('contains.keywords[0]');
    const r = Rule.contains('x');
    expect(configPath(() => new LogWatcher({ rules: [r, r] }))).toBe('LogWatcher.rules[1]');
    expect(configPath(() => new LogWatcher().addRule(5 as never))).toBe('addRule');
  });
  it('invalid options name the option', () => {
    expect(configPath(() => new LogWatcher({ cooldown: -1 }))).toBe('LogWatcher.cooldown');
    expect(configPath(() => new LogWatcher({ cooldown: 'soon' }))).toBe('LogWatcher.cooldown');
    expect(configPath(() => new LogWatcher({ maxMessageLength: 0 }))).toBe('LogWatcher.maxMessageLength');
    expect(configPath(() => new LogWatcher({ maxCooldownKeys: 1.5 }))).toBe('LogWatcher.maxCooldownKeys');
    expect(configPath(() => new LogWatcher({ onSignal: 'print' as never }))).toBe('LogWatcher.onSignal');
    expect(configPath(() => new LogWatcher({ clock: 5 as never }))).toBe('LogWatcher.clock');
    expect(configPath(() => new LogWatcher({ notifiers: [] } as never))).toBe('LogWatcher.notifiers');
    expect(configPath(() => new LogWatcher('x' as never))).toBe('LogWatcher');
    expect(configPath(() => new LogWatcher({ rules: [Rule.spike({ threshold: 1, window: 'x' })] }))).toBe('spike.window');
  });
});

describe('LogWatcher.process: inputs', () => {
  it('string: level inferred from the start, time from the clock', () => {
    const rec = recorder();
    const { w, setNow } = make({ detectors: [rec] });
    setNow(T0 + 5);
    for (const line of ['INFO: no errors found', 'terrorist', '[error] x', 'ts=1 level=warn msg=y', 'FATAL boom', 'WARNING disk', 'WARN disk']) w.process(line);
    expect(rec.seen.map((e) => e.severityNumber)).toEqual([9, 0, 17, 13, 21, 13, 13]);
    expect(rec.seen.every((e) => e.time === T0 + 5)).toBe(true);
  });
  it('plain objects: pino numbers, bunyan, winston names, ISO and epoch times', () => {
    const rec = recorder();
    const { w } = make({ detectors: [rec] });
    w.process({ level: 50, time: 1_717_200_000_123, msg: 'pino', pid: 1 });
    w.process({ level: 40, time: '2024-06-01T00:00:01.000Z', msg: 'bunyan', v: 0 });
    w.process({ level: 'error', message: 'winston', timestamp: '2024-06-01T00:00:02Z' });
    w.process({ level: 'warn', msg: 's', time: 1_717_200_003 });
    w.process({ msg: 'no time' });
    expect(rec.seen.map((e) => [e.severityNumber, e.time, e.message])).toEqual([
      [17, 1_717_200_000_123, 'pino'],
      [13, Date.UTC(2024, 5, 1, 0, 0, 1), 'bunyan'],
      [17, Date.UTC(2024, 5, 1, 0, 0, 2), 'winston'],
      [13, 1_717_200_003_000, 's'],
      [0, T0, 'no time'],
    ]);
    expect(rec.seen[0].attributes.pid).toBe(1);
  });
  it('a LogEvent is used as is', () => {
    const rec = recorder();
    const { w } = make({ detectors: [rec] });
    const e: LogEvent = { time: 42, severityNumber: 17, severityText: 'ERROR', message: 'hit', attributes: {}, eventName: 'ev' };
    expect(w.process(e)).toHaveLength(1);
    expect(rec.seen[0]).toEqual(e);
  });
  it('never mutates the input object (deep-frozen)', () => {
    const { w, got } = make({ rules: ['ERROR', Rule.spike({ threshold: 1, window: 1, groupBy: 'client.address' })] });
    const input = deepFreeze({ level: 'error', msg: 'ERROR x', client: { address: '1.2.3.4' }, tags: ['a'] });
    const snapshot = JSON.stringify(input);
    expect(() => w.process(input)).not.toThrow();
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(got.map((s) => s.name)).toEqual(['keyword_match', 'log_spike']);
    const noMsg = deepFreeze({ a: 1 });
    expect(() => w.process(noMsg)).not.toThrow();
    expect(noMsg).toEqual({ a: 1 });
  });
  it('odd inputs: empty, 1 MB, bytes, no message, null/undefined/number, circular', () => {
    const rec = recorder();
    const { w, got } = make({ detectors: [rec], rules: ['boom'], maxMessageLength: 1_000, cooldown: 0 });
    expect(w.process('')).toEqual([]);
    w.process(`boom ${'x'.repeat(1_000_000)}`);
    expect(rec.seen[1].message.length).toBe(1_000);
    expect(got).toHaveLength(1);
    w.process({ msg: new TextEncoder().encode('boom in bytes \u00e9') });
    expect(rec.seen[2].message).toBe('boom in bytes é');
    w.process({ msg: new Uint8Array([0xff, 0xfe, 0x00, 0x62]) });
    expect(rec.seen[3].message).toBe('\ufffd\ufffd\u0000b');
    w.process({ status: 500, path: '/x' });
    expect(rec.seen[4].message).toBe('{"status":500,"path":"/x"}');
    for (const v of [null, undefined, 123]) expect(() => w.process(v as never)).not.toThrow();
    expect(rec.seen.slice(5).map((e) => e.message)).toEqual(['', '', '123']);
    const c: Record<string, unknown> = { boom: true };
    c.self = c;
    expect(() => w.process(c)).not.toThrow();
    expect(rec.seen[8].message).toBe('{"boom":true,"self":"[Circular]"}');
    expect(got).toHaveLength(3); // 1 MB line (matched at the start), bytes, circular JSON
  });
});

describe('LogWatcher: cooldown and delivery', () => {
  it('suppresses repeats per detector and key for the cooldown, and reports the count on the next signal', () => {
    const { w, got, setNow } = make({ rules: [Rule.contains(['ERROR', 'FATAL'])], cooldown: '10s' });
    for (let i = 0; i < 5; i++) {
      setNow(T0 + i * 1_000);
      w.process('ERROR a');
    }
    setNow(T0 + 5_000);
    w.process('FATAL b'); // another key: not suppressed
    setNow(T0 + 10_000);
    expect(w.process('ERROR c')).toHaveLength(1); // exactly the cooldown later: delivered
    expect(got.map((s) => [s.key, s.time - T0, s.suppressed])).toEqual([
      ['ERROR', 0, undefined],
      ['FATAL', 5_000, undefined],
      ['ERROR', 10_000, 4],
    ]);
  });
  it('cooldown is per detector: two detectors with the same key are independent', () => {
    const { w, got } = make({ rules: ['ERROR', 'ERROR'] });
    w.process('ERROR');
    w.process('ERROR');
    expect(got.map((s) => s.detector)).toEqual(['keyword_match', 'keyword_match#2']);
  });
  it('cooldown 0 delivers every signal', () => {
    const { w, got } = make({ rules: ['ERROR'], cooldown: 0 });
    for (let i = 0; i < 4; i++) w.process('ERROR');
    expect(got).toHaveLength(4);
    expect(got.every((s) => s.suppressed === undefined)).toBe(true);
  });
  it('a late (older) record does not shorten the cooldown', () => {
    const { w, got, setNow } = make({ rules: ['ERROR'], cooldown: 10 });
    setNow(T0 + 100_000);
    w.process('ERROR');
    setNow(T0 + 50_000);
    w.process('ERROR'); // late record: let through
    setNow(T0 + 101_000);
    w.process('ERROR'); // still within 10 s of the one at 100 s
    expect(got.map((s) => s.time - T0)).toEqual([100_000, 50_000]);
  });
  it('default: one line per signal on stderr when there is no onSignal', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const w = new LogWatcher({ rules: ['ERROR'], clock: () => T0 });
      const out = w.process('ERROR database connection failed');
      expect(out).toHaveLength(1);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][0]).toBe("[LogSignal] keyword_match (medium): Keyword 'ERROR' detected | keyword='ERROR'\n");
    } finally {
      spy.mockRestore();
    }
  });
  it('formatSignalLine: arrays, numbers, suppressed, no evidence', () => {
    const s: Signal = { detector: 'd', name: 'n', kind: 'stat', severity: 'high', message: 'm', time: 0, evidence: { list: ['a', 'b'], z: 3.5, ok: true }, suppressed: 2 };
    expect(formatSignalLine(s)).toBe('[LogSignal] n (high): m | list=[a,b] z=3.5 ok=true suppressed=2');
    expect(formatSignalLine({ ...s, evidence: {}, suppressed: undefined })).toBe('[LogSignal] n (high): m');
  });
  it('returns the delivered signals and an empty frozen array when nothing fires', () => {
    const { w } = make({ rules: ['ERROR'] });
    const none = w.process('fine');
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
  });
  it('the pipeline result holds every raised signal (suppressed ones too)', () => {
    const { w } = make({ rules: ['ERROR'] });
    const triggered: Signal[] = [];
    const e = w.toEvent('ERROR');
    triggered.push(...w.pipeline.process(e).raised);
    triggered.push(...w.pipeline.process(e).raised);
    expect(triggered).toHaveLength(2);
  });
  it('an onSignal that processes another record (re-entrant) loses and duplicates nothing', () => {
    const got: string[] = [];
    let w!: LogWatcher;
    w = new LogWatcher({
      rules: [Rule.contains(['outer', 'inner', 'second'])],
      cooldown: 0,
      clock: () => T0,
      onSignal: (s) => {
        got.push(String(s.evidence.keyword));
        if (s.evidence.keyword === 'outer') w.process('inner');
      },
    });
    w.addRule(Rule.contains('second', { id: 'two' }));
    w.process('outer second');
    expect(got).toEqual(['outer', 'inner', 'second']);
  });
});

describe('LogWatcher: errors are isolated', () => {
  let messages: string[];
  beforeEach(() => {
    messages = [];
    const logger: DiagLogger = {
      error: (m) => messages.push(m),
      warn: () => {},
      info: () => {},
      debug: () => {},
      verbose: () => {},
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
  });
  afterEach(() => diag.disable());

  it('a throwing detector does not stop the others; reported once via diag, counted in errors', () => {
    const bad: Detector = {
      id: 'bad',
      kind: 'rule',
      observe() {
        throw new Error('bug');
      },
      tick() {
        throw new Error('tick bug');
      },
    };
    const { w, got } = make({ rules: [bad, 'ERROR'], cooldown: 0 });
    w.process('ERROR 1');
    w.process('ERROR 2');
    w.tick(T0);
    expect(got).toHaveLength(2);
    expect(w.errors).toBe(3);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('bad');
  });
  it('a throwing onSignal is isolated: other signals still delivered and returned', () => {
    let calls = 0;
    const w = new LogWatcher({
      rules: ['ERROR', 'boom'],
      clock: () => T0,
      onSignal: () => {
        calls++;
        throw new Error('notifier down');
      },
    });
    const out = w.process('ERROR boom');
    expect(out).toHaveLength(2);
    expect(calls).toBe(2);
    expect(w.errors).toBe(2);
    expect(messages.length).toBe(2);
  });
});

describe('LogWatcher: tick, state', () => {
  it('tick passes now (default: the clock) to detectors that have tick', () => {
    const seen: number[] = [];
    const d: Detector = {
      id: 'silence',
      kind: 'rule',
      observe() {},
      tick(now, out) {
        seen.push(now);
        out.push({ detector: 'silence', name: 'log_silence', kind: 'rule', severity: 'high', message: 's', time: now, evidence: {} });
      },
    };
    const { w, got, setNow } = make({ rules: [d, 'ERROR'], cooldown: 0 });
    setNow(T0 + 7);
    expect(w.tick()).toHaveLength(1);
    w.tick(T0 + 99);
    expect(seen).toEqual([T0 + 7, T0 + 99]);
    expect(got).toHaveLength(2);
  });
  it('toJSON / restore round trip by detector id', () => {
    const counter = (id: string) => {
      let n = 0;
      return {
        id,
        kind: 'stat' as const,
        observe() {
          n++;
        },
        toJSON: () => ({ n }),
        restore(s: unknown) {
          n = (s as { n: number }).n;
        },
        get n() {
          return n;
        },
      };
    };
    const a = counter('c');
    const { w } = make({ detectors: [a], rules: ['ERROR'] });
    for (let i = 0; i < 3; i++) w.process('x');
    const state = JSON.parse(JSON.stringify(w.toJSON()));
    expect(state).toEqual({ version: 1, detectors: { c: { n: 3 }, keyword_match: { detector: 'keyword_match', groups: [] } }, cooldown: { cooldownMs: 10_000, entries: [] } });
    const b = counter('c');
    const w2 = new LogWatcher({ detectors: [b], onSignal: () => {}, clock: () => T0 });
    w2.restore(state);
    expect(b.n).toBe(3);
    w2.restore({ version: 1, detectors: {} }); // missing detectors keep their state
    expect(b.n).toBe(3);
    expect(configPath(() => w2.restore({ version: 2, detectors: {} }))).toBe('LogWatcher.restore');
    expect(configPath(() => w2.restore(null))).toBe('LogWatcher.restore');
  });
});
