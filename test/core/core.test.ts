import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/core/bounded-map.js';
import { ConfigError } from '../../src/core/config-error.js';
import { formatDuration, parseDuration } from '../../src/core/duration.js';
import { parseEventTime } from '../../src/input/event-time.js';
import { getField, fieldString } from '../../src/core/field.js';
import { SlidingWindow } from '../../src/core/sliding-window.js';
import { bodyText, compactJson } from '../../src/core/body-text.js';
import { eventFromObject, eventFromString, levelInText } from '../../src/input/event-from-input.js';
import { SEVERITY, severityFromPinoLevel, severityFromText, severityName, signalSeverityForLevel } from '../../src/core/severity.js';
import { checkInteger, checkOptions } from '../../src/core/validate.js';

function configErrorPath(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).path;
  }
  throw new Error('did not throw');
}

describe('parseDuration', () => {
  it('reads numbers as seconds and strings with units', () => {
    expect(parseDuration(10, 'x')).toBe(10_000);
    expect(parseDuration(0.25, 'x')).toBe(250);
    expect(parseDuration('250ms', 'x')).toBe(250);
    expect(parseDuration('10s', 'x')).toBe(10_000);
    expect(parseDuration(' 5m ', 'x')).toBe(300_000);
    expect(parseDuration('1.5h', 'x')).toBe(5_400_000);
    expect(parseDuration('1d', 'x')).toBe(86_400_000);
    expect(() => parseDuration('10 s', 'x')).toThrow(ConfigError);
  });
  it('rejects zero unless allowed, negatives, non-finite and junk, naming the path', () => {
    expect(configErrorPath(() => parseDuration(0, 'spike.window'))).toBe('spike.window');
    expect(parseDuration(0, 'c', true)).toBe(0);
    expect(parseDuration('0s', 'c', true)).toBe(0);
    for (const bad of [-1, NaN, Infinity, '10', '', 's', '-5s', '.5s', '5 minutes', '1e3s', '10S']) {
      expect(configErrorPath(() => parseDuration(bad as never, 'a.b'))).toBe('a.b');
    }
    for (const bad of [null, undefined, {}, [], true]) {
      expect(configErrorPath(() => parseDuration(bad as never, 'p'))).toBe('p');
    }
  });
  it('message says what was expected and what was given', () => {
    expect(() => parseDuration('ten', 'LogWatcher.cooldown')).toThrow(/LogWatcher\.cooldown: expected .*got "ten"/);
  });
  it('formatDuration', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(10_000)).toBe('10s');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(90_000)).toBe('1.5m');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(2 * 86_400_000)).toBe('2d');
  });
});

describe('parseEventTime', () => {
  const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
  it('tells epoch s, ms, µs and ns apart', () => {
    expect(parseEventTime(ms / 1000)).toBeCloseTo(ms, 3);
    expect(parseEventTime(ms)).toBe(ms);
    expect(parseEventTime(ms * 1000)).toBe(ms);
    expect(parseEventTime(ms * 1e6)).toBeCloseTo(ms, -1);
    expect(parseEventTime(String(ms))).toBe(ms);
    expect(parseEventTime('1704164645.678')).toBeCloseTo(ms, 3);
    expect(parseEventTime(BigInt(ms) * 1_000_000n)).toBeCloseTo(ms, -1);
  });
  it('reads ISO 8601 and Date objects', () => {
    expect(parseEventTime('2024-01-02T03:04:05.678Z')).toBe(ms);
    expect(parseEventTime('2024-01-02T04:04:05.678+01:00')).toBe(ms);
    expect(parseEventTime(new Date(ms))).toBe(ms);
  });
  it('NaN for unreadable values', () => {
    for (const v of [undefined, null, '', 'yesterday', -5, NaN, Infinity, {}, [], true, 'x'.repeat(65), new Date('nope'), '1e12']) {
      expect(parseEventTime(v)).toBeNaN();
    }
  });
  it('epoch 0 is a time', () => {
    expect(parseEventTime(0)).toBe(0);
  });
});

describe('BoundedMap', () => {
  it('evicts the least recently used entry when full; get touches, peek does not', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.get('a')).toBe(1); // a is now newest
    expect(m.peek('b')).toBe(2); // b stays oldest
    m.set('d', 4);
    expect(m.size).toBe(3);
    expect(m.peek('b')).toBeUndefined();
    expect(m.evicted).toBe(1);
    expect([...m.entries()].map(([k]) => k)).toEqual(['c', 'a', 'd']);
    m.set('c', 30); // update re-inserts, no eviction
    expect(m.evicted).toBe(1);
    expect([...m.values()]).toEqual([1, 4, 30]);
    expect(m.delete('a')).toBe(true);
    expect(m.delete('a')).toBe(false);
    m.clear();
    expect(m.size).toBe(0);
  });
  it('never exceeds capacity', () => {
    const m = new BoundedMap<number, number>(100);
    for (let i = 0; i < 10_000; i++) m.set(i, i);
    expect(m.size).toBe(100);
    expect(m.evicted).toBe(9_900);
    expect(m.peek(9_999)).toBe(9_999);
    expect(m.peek(9_899)).toBeUndefined();
  });
  it('evictIdle drops from the oldest end and stops at the first non-idle entry', () => {
    const m = new BoundedMap<string, number>(10);
    m.set('a', 1);
    m.set('b', 100);
    m.set('c', 2);
    expect(m.evictIdle((v) => v < 50)).toBe(1);
    expect([...m.entries()].map(([k]) => k)).toEqual(['b', 'c']);
    expect(m.evictIdle(() => true)).toBe(2);
    expect(m.size).toBe(0);
    expect(m.evictIdle(() => true)).toBe(0);
  });
});

describe('SlidingWindow', () => {
  it('counts events in the last window; an event exactly window ms older is outside', () => {
    const w = new SlidingWindow(10_000, 100);
    expect(w.add(0)).toBe(1);
    expect(w.add(5_000)).toBe(2);
    expect(w.add(9_999)).toBe(3);
    expect(w.add(10_000)).toBe(3); // the event at 0 is exactly window ms older: out
    expect(w.count(15_000)).toBe(2);
    expect(w.oldest()).toBe(9_999);
    expect(w.count(100_000)).toBe(0);
    expect(w.oldest()).toBeNaN();
  });
  it('counts up to capacity with a ring (wraps correctly)', () => {
    const w = new SlidingWindow(1_000, 3);
    const counts = [];
    for (let t = 0; t < 20; t++) counts.push(w.add(t * 100));
    expect(counts.slice(0, 4)).toEqual([1, 2, 3, 3]);
    expect(Math.max(...counts)).toBe(3);
    expect(w.oldest()).toBe(1_700);
    expect(w.count(2_750)).toBe(2); // 1800 and 1900
  });
  it('out-of-order events count at the newest time and cannot reopen an expired window', () => {
    const w = new SlidingWindow(10_000, 10);
    w.add(50_000);
    expect(w.add(1_000)).toBe(2); // late: counted at 50 000
    expect(w.latest).toBe(50_000);
    expect(w.oldest()).toBe(50_000);
    expect(w.count(59_999)).toBe(2);
    expect(w.count(1_000)).toBe(2); // asking about the past does not expire anything
    expect(w.count(60_000)).toBe(0);
  });
  it('isIdle once the newest event is a full window old', () => {
    const w = new SlidingWindow(10_000, 5);
    expect(w.isIdle(0)).toBe(true);
    w.add(1_000);
    expect(w.isIdle(10_999)).toBe(false);
    expect(w.isIdle(11_000)).toBe(true);
  });
});

describe('field access', () => {
  it('flat key first, then nested path', () => {
    expect(getField({ 'client.address': '1.2.3.4' }, 'client.address')).toBe('1.2.3.4');
    expect(getField({ client: { address: '5.6.7.8' } }, 'client.address')).toBe('5.6.7.8');
    expect(getField({ 'client.address': 'flat', client: { address: 'nested' } }, 'client.address')).toBe('flat');
    expect(getField({ client: 'x' }, 'client.address')).toBeUndefined();
    expect(getField({ client: null }, 'client.address')).toBeUndefined();
    expect(getField({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(getField({}, 'nodot')).toBeUndefined();
  });
  it('fieldString prints numbers and booleans only', () => {
    expect(fieldString({ s: 500 }, 's')).toBe('500');
    expect(fieldString({ s: false }, 's')).toBe('false');
    expect(fieldString({ s: { x: 1 } }, 's')).toBeUndefined();
    expect(fieldString({ s: null }, 's')).toBeUndefined();
  });
});

describe('severity', () => {
  it('names, case-insensitive, unknown is 0', () => {
    expect(severityFromText('ERROR')).toBe(SEVERITY.ERROR);
    expect(severityFromText('warning')).toBe(SEVERITY.WARN);
    expect(severityFromText('Warn')).toBe(SEVERITY.WARN);
    expect(severityFromText('CRITICAL')).toBe(SEVERITY.FATAL);
    expect(severityFromText('crit')).toBe(SEVERITY.FATAL);
    expect(severityFromText('nope')).toBe(0);
    expect(severityFromText('')).toBe(0);
    expect(severityFromText('constructor')).toBe(0); // no prototype lookups
    expect(severityFromText('toString')).toBe(0);
  });
  it('pino/bunyan numbers', () => {
    expect([10, 20, 30, 40, 50, 60, 45, 5, NaN].map(severityFromPinoLevel)).toEqual([1, 5, 9, 13, 17, 21, 13, 0, 0]);
  });
  it('names and signal severities of ranges', () => {
    expect([0, 1, 5, 9, 13, 17, 20, 21, 24].map(severityName)).toEqual(['', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'ERROR', 'FATAL', 'FATAL']);
    expect([9, 13, 17, 21].map(signalSeverityForLevel)).toEqual(['low', 'medium', 'high', 'high']);
  });
});

describe('validate', () => {
  it('checkOptions rejects unknown keys and non-objects', () => {
    expect(configErrorPath(() => checkOptions({ a: 1, zz: 2 } as object, 'opt', ['a']))).toBe('opt.zz');
    expect(configErrorPath(() => checkOptions([] as object, 'opt', []))).toBe('opt');
    expect(checkOptions(undefined, 'opt', [])).toEqual({});
    expect(configErrorPath(() => checkInteger(1.5, 'n'))).toBe('n');
  });
});

describe('bodyText / compactJson', () => {
  it('bounds strings, decodes bytes, renders objects compactly and survives cycles', () => {
    expect(bodyText('x'.repeat(100), 10)).toBe('x'.repeat(10));
    expect(bodyText(new TextEncoder().encode('héllo'), 100)).toBe('héllo');
    expect(bodyText(new Uint8Array([0xff, 0x41]), 100)).toBe('\ufffdA');
    expect(bodyText(new Uint8Array(1000).fill(65), 10)).toBe('A'.repeat(10));
    expect(bodyText({ msg: 'hi' }, 100)).toBe('hi');
    expect(bodyText(null, 100)).toBe('');
    expect(bodyText(42, 100)).toBe('42');
    const c: Record<string, unknown> = { a: 1 };
    c.self = c;
    expect(compactJson(c, 100)).toBe('{"a":1,"self":"[Circular]"}');
    expect(compactJson({ n: 10n }, 100)).toBe('{"n":"10"}');
    expect(compactJson({ long: 'y'.repeat(1000) }, 20).length).toBe(20);
  });
});

describe('event from input', () => {
  it('level words at the start, upper-case or marked', () => {
    expect(levelInText('INFO: no errors found').number).toBe(SEVERITY.INFO);
    expect(levelInText('terrorist').number).toBe(0);
    expect(levelInText('no errors found').number).toBe(0);
    expect(levelInText('[error] boom').number).toBe(SEVERITY.ERROR);
    expect(levelInText('ts=1 level=warn msg=x').number).toBe(SEVERITY.WARN);
    expect(levelInText('<crit> x').number).toBe(SEVERITY.FATAL);
    expect(levelInText('2024-01-01 12:00:00 WARNING disk').text).toBe('WARNING');
    expect(levelInText('TERRORIST attack').number).toBe(0);
    expect(levelInText('').number).toBe(0);
    expect(levelInText('"GET /x HTTP/1.1" 500 ERROR upstream').number).toBe(SEVERITY.ERROR); // HTTP is not a level here
    expect(levelInText('GET /x HTTP/1.1 200').number).toBe(0);
    expect(levelInText('[http] request').number).toBe(SEVERITY.INFO); // marked: winston's http level
    expect(levelInText(`${'a '.repeat(100)}ERROR`).number).toBe(0); // only the first 120 characters
    // a level word after six words is prose that names a level, not the line's level
    expect(levelInText('2024-01-01 12:00:00 +0000 host app[12] c.e.Foo ERROR x').number).toBe(SEVERITY.ERROR);
    expect(levelInText('test > newTemplate > a flood cannot hide a new ERROR template').number).toBe(0);
    expect(levelInText('XssAnalyser flags the payload <img src=x onerror=alert(1)>').number).toBe(0);
  });
  it('eventFromString uses the clock and bounds the message', () => {
    const e = eventFromString('ERROR x', 1234, 3);
    expect(e).toMatchObject({ time: 1234, severityNumber: SEVERITY.ERROR, message: 'ERR' });
  });
  it('eventFromObject: pino, bunyan, winston, OTel-ish', () => {
    expect(eventFromObject({ level: 50, time: 1_700_000_000_000, msg: 'boom' }, 0, 100)).toMatchObject({ severityNumber: 17, time: 1_700_000_000_000, message: 'boom', severityText: '' });
    expect(eventFromObject({ level: 'error', timestamp: '2024-01-01T00:00:00Z', message: 'w' }, 0, 100)).toMatchObject({ severityNumber: 17, severityText: 'error', time: Date.UTC(2024, 0, 1) });
    expect(eventFromObject({ severityNumber: 13, level: 'error', msg: 'x' }, 0, 100).severityNumber).toBe(13);
    expect(eventFromObject({ ts: 1_700_000_000, msg: 'x' }, 0, 100).time).toBe(1_700_000_000_000);
    expect(eventFromObject({ time: 'garbage', msg: 'x' }, 77, 100).time).toBe(77);
    expect(eventFromObject({ a: 1 }, 0, 100).message).toBe('{"a":1}');
    expect(eventFromObject({ msg: 'x', trace_id: 'ab', spanId: 'cd', eventName: 'e' }, 0, 100)).toMatchObject({ traceId: 'ab', spanId: 'cd', eventName: 'e' });
  });
});
