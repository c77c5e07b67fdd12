import { describe, expect, it } from 'vitest';
import { BODY_LIMITS, BodyValues } from '../../src/security/body-values.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import type { Signal } from '../../src/core/signal.js';
import { ev } from './helpers.js';

/** An object that counts how often its keys are listed (what `for..in` does once per enumeration) and its properties read. */
function counted<T extends object>(target: T): { proxy: T; lists: () => number; reads: () => number } {
  let lists = 0;
  let reads = 0;
  const proxy = new Proxy(target, {
    ownKeys(t) {
      lists++;
      return Reflect.ownKeys(t);
    },
    get(t, k, r) {
      reads++;
      return Reflect.get(t, k, r);
    },
  });
  return { proxy, lists: () => lists, reads: () => reads };
}

describe('BodyValues on a parsed body', () => {
  it('reads an array by index: 64 items whatever its length', () => {
    const big = counted(Array.from({ length: 100_000 }, (_, i) => `v${i}`));
    const b = new BodyValues();
    expect(b.collect({ items: big.proxy }, 1 << 14)).toBe(BODY_LIMITS.maxValues);
    expect(big.lists()).toBe(0);
    // `length` and the 64 items (Array.isArray sees through the proxy)
    expect(big.reads()).toBeLessThanOrEqual(BODY_LIMITS.maxValues + 2);
    expect(b.cut).toBe(true);
  });

  it('enumerates an object met many times (shared or cyclic) once per body', () => {
    const keys: Record<string, string> = {};
    for (let i = 0; i < 100; i++) keys[`k${i}`] = '';
    const shared = counted(keys);
    const b = new BodyValues();
    b.collect(
      Array.from({ length: 64 }, () => ({ a: shared.proxy })),
      1 << 14,
    );
    expect(shared.lists()).toBe(1);
    const cyclic: Record<string, unknown> = { q: "' or 1=1--" };
    cyclic.self = cyclic;
    cyclic.again = [cyclic, cyclic];
    expect(b.collect(cyclic, 1 << 14)).toBe(1);
    expect(b.values[0]).toBe("' or 1=1--");
  });

  it('says when a body was read in part only', () => {
    const b = new BodyValues();
    b.collect({ a: 'x', b: ['y', 'z'] }, 1 << 14);
    expect(b.cut).toBe(false);
    const wide: Record<string, string> = {};
    for (let i = 0; i < 65; i++) wide[`k${i}`] = '';
    b.collect(wide, 1 << 14);
    expect(b.cut).toBe(true);
    let deep: Record<string, unknown> = { q: 'x' };
    for (let i = 0; i < BODY_LIMITS.maxDepth; i++) deep = { d: deep };
    b.collect(deep, 1 << 14);
    expect(b.cut).toBe(true);
    b.collect(JSON.stringify({ pad: 'a'.repeat(100) }), 32);
    expect(b.cut).toBe(true);
    expect(b.unread).toBeGreaterThan(0);
    b.collect('a=1&b=2', 32);
    expect(b.cut).toBe(false);
  });

  it('the detector counts the bodies it read in part (stats.bodiesCut)', () => {
    const d = new InjectionDetector();
    const wide: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) wide[`k${i}`] = `v${i}`;
    d.observe(ev({ 'req.body': { name: 'ann' } }), []);
    expect(d.stats.bodiesCut).toBe(0);
    d.observe(ev({ 'req.body': wide }), []);
    d.observe(ev({ 'http.request.body': JSON.stringify({ pad: 'a'.repeat(20_000), q: 'x' }) }), []);
    expect(d.stats.bodiesCut).toBe(2);
  });
});

describe('BodyValues: the keys that are input', () => {
  const rulesOf = (attributes: Record<string, unknown>): unknown => {
    const out: Signal[] = [];
    new InjectionDetector().observe(ev(attributes), out);
    return out[0]?.evidence.rules;
  };
  it('reads a JSON text whose keys pollute a prototype through its constructor', () => {
    expect(rulesOf({ 'http.request.body': '{"constructor":{"prototype":{"isAdmin":true}}}' })).toContain('code-prototype-pollution');
    expect(rulesOf({ 'http.request.body': '{"user":{"constructor": {"prototype": {"x":1}}}}' })).toContain('code-prototype-pollution');
    expect(rulesOf({ 'http.request.body': '{"constructor":"Widget","prototype":"a"}' })).toBeUndefined();
  });
  it('reads the operator and prototype keys of a parsed body (req.body) as of a JSON text', () => {
    for (const text of ['{"username":{"$ne":null},"password":{"$ne":null}}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}']) {
      expect(rulesOf({ 'http.request.body': text }), text).toBeDefined();
      expect(rulesOf({ 'req.body': JSON.parse(text) }), text).toEqual(rulesOf({ 'http.request.body': text }));
    }
    expect(rulesOf({ 'req.body': { price: '$5', constructor: 'Widget', $: 1 } })).toBeUndefined();
  });
});
