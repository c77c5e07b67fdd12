import { describe, expect, it } from 'vitest';
import { ALL_FIELDS, FieldKeyScan } from '../../src/security/field-key-scan.js';
import { mulberry32 } from '../helpers/prng.js';

const NAMES = ['url.path', 'url.query', 'user_agent.original', 'form', 'http.request.header'];
const PREFIXES = ['http.request.header.'];

/** What one scan gives: its answer, the fields it lets be read, the keys under a prefix. */
function outcome(scan: FieldKeyScan, attrs: Record<string, unknown>): [boolean, boolean[], string[]] {
  const any = scan.scan(attrs);
  return [any, NAMES.map((_, i) => scan.has(i)), scan.prefixed.slice(0, scan.found)];
}

describe('FieldKeyScan', () => {
  it('a field can be in a record under its flat name or its first segment; keys under a prefix are collected in order', () => {
    const scan = new FieldKeyScan(NAMES, PREFIXES, 64);
    expect(outcome(scan, { 'url.path': '/x', 'client.address': '10.0.0.1' })).toEqual([true, [true, false, false, false, false], []]);
    expect(outcome(scan, { url: { query: 'a=1' } })).toEqual([true, [true, true, false, false, false], []]);
    expect(outcome(scan, { form: 'x', 'http.request.header.b': 'y', 'http.request.header.a': 'z' })).toEqual([
      true,
      [false, false, false, true, false],
      ['http.request.header.b', 'http.request.header.a'],
    ]);
    expect(outcome(scan, { http: {} })).toEqual([true, [false, false, false, false, true], []]);
    // the prefix alone is no key under it; a name's longer key is not the name
    expect(outcome(scan, { 'http.request.header.': 1, 'url.pathx': 1, 'client.address': 'a' })).toEqual([false, [false, false, false, false, false], []]);
  });

  it('at most maxFound + 1 keys under a prefix are collected', () => {
    const scan = new FieldKeyScan(NAMES, PREFIXES, 2);
    const attrs: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) attrs[`http.request.header.h${i}`] = 'v';
    expect(outcome(scan, attrs)[2]).toEqual(['http.request.header.h0', 'http.request.header.h1', 'http.request.header.h2']);
  });

  it('attributes that are not a plain object read every field (a getter on the prototype is not listed)', () => {
    class Attrs {
      get 'url.path'(): string {
        return '/x';
      }
    }
    const scan = new FieldKeyScan(NAMES, PREFIXES, 64);
    expect(scan.scan(new Attrs() as unknown as Record<string, unknown>)).toBe(true);
    expect(scan.fields).toBe(ALL_FIELDS);
    expect(NAMES.every((_, i) => scan.has(i))).toBe(true);
    expect(scan.scan(Object.create(null))).toBe(false);
  });

  it('more fields than a mask tells apart: any field key reads them all', () => {
    const many = Array.from({ length: 40 }, (_, i) => `f${i}.v`);
    const scan = new FieldKeyScan(many, [], 64);
    expect(scan.scan({ 'f3.v': 1 })).toBe(true);
    expect(scan.has(0) && scan.has(39)).toBe(true);
    expect(scan.scan({ other: 1 })).toBe(false);
    expect(scan.has(3)).toBe(false);
  });

  it('remembering keys by position changes no outcome: one scanner over a varied stream gives what a new one gives per record', () => {
    const rand = mulberry32(14);
    const keys = ['url.path', 'url', 'url.query', 'client.address', 'http.request.header.referer', 'user_agent.original', 'user_agent', 'form', 'http', 'x'.repeat(130), 'http.request.header.x'];
    const shapes = Array.from({ length: 6 }, () => keys.filter(() => rand() < 0.4));
    const kept = new FieldKeyScan(NAMES, PREFIXES, 64);
    for (let k = 0; k < 3000; k++) {
      const shape = rand() < 0.8 ? shapes[Math.floor(rand() * shapes.length)] : keys.filter(() => rand() < 0.5);
      const attrs: Record<string, unknown> = {};
      // keys built at run time as well as literal ones: equal text in another string object
      for (const key of shape) attrs[rand() < 0.3 ? [...key].join('') : key] = 'v';
      expect(outcome(kept, attrs)).toEqual(outcome(new FieldKeyScan(NAMES, PREFIXES, 64), attrs));
    }
  });
});
