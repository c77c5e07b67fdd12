import { describe, expect, it } from 'vitest';
import { bodyText, compactJson, MAX_JSON_DEPTH } from '../../src/core/body-text.js';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { LogSignalProcessor } from '../../src/otel/log-signal-processor.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';

/** JSON.stringify with the replacer compactJson documents (the reference for shallow values). */
function reference(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Uint8Array) return `<${v.length} bytes>`;
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    }) ?? ''
  );
}

describe('compactJson', () => {
  it('writes what JSON.stringify writes for ordinary values', () => {
    const shared = { s: 1 };
    const cases: unknown[] = [
      { a: 1, b: 'x"y\n', c: [1, null, undefined, () => 1, 'z'], d: undefined, e: { f: true, g: NaN, h: -0 } },
      [1, [2, [3, []]], {}],
      'plain',
      42,
      true,
      null,
      { when: new Date(Date.UTC(2026, 0, 1)) },
      { big: 12345678901234567890n, bytes: new Uint8Array(3), again: shared, twice: shared },
      { boxed: [Object(1), Object('s'), Object(false)] },
      { [Symbol('s')]: 1, ok: Symbol('x') },
    ];
    for (const c of cases) expect(compactJson(c, 10_000)).toBe(reference(c));
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    expect(compactJson(cyclic, 100)).toBe('{"name":"c","self":"[Circular]"}');
    expect(compactJson(undefined, 10)).toBe('');
  });

  it('stops at maxLength, whatever the size of the value', () => {
    const huge = Array.from({ length: 200_000 }, (_, i) => i);
    expect(compactJson(huge, 20)).toBe(reference(huge).slice(0, 20));
  });

  it('renders deep nesting iteratively, bounded (no RangeError)', () => {
    let map: unknown = { v: 'x' };
    let arr: unknown = ['x'];
    for (let i = 0; i < 200_000; i++) {
      map = { a: map };
      arr = [arr];
    }
    const m = compactJson(map, 1_000_000);
    expect(m.startsWith('{"a":'.repeat(MAX_JSON_DEPTH))).toBe(true);
    expect(m).toContain('"[Deep]"');
    expect(compactJson(arr, 1_000_000)).toContain('"[Deep]"');
    expect(bodyText(arr, 8192).length).toBeLessThanOrEqual(8192);
    const w = new LogWatcher({ rules: ['ERROR'], onSignal: () => {} });
    expect(() => w.process({ msg: map, nested: arr })).not.toThrow();
    expect(() => w.process({ nested: arr, level: 'error', note: 'ERROR' })).not.toThrow();
    expect(w.errors).toBe(0);
    const seen: unknown[] = [];
    const p = new LogSignalProcessor({ rules: ['ERROR'], tickInterval: 0, next: [{ onEmit: (r) => seen.push(r.body), forceFlush: async () => {}, shutdown: async () => {} }] });
    const logger = new LoggerProvider({ processors: [p] }).getLogger('deep');
    logger.emit({ body: arr as never });
    logger.emit({ body: map as never });
    expect(p.stats.errors).toBe(0);
    expect(seen).toEqual([arr, map]);
  });

  it('a throwing getter gives what was rendered before it', () => {
    const o = {
      a: 1,
      get b(): number {
        throw new Error('no');
      },
    };
    expect(compactJson(o, 100)).toBe('{"a":1');
  });
});
