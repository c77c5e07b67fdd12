import { describe, expect, it } from 'vitest';
import { AccessMessages } from '../../src/input/access-messages.js';

describe('AccessMessages: the message of a repeated request built once', () => {
  it('gives `METHOD target status`, built once per request seen again', () => {
    const m = new AccessMessages();
    expect(m.get('GET', '/x?q=1', 200)).toBe('GET /x?q=1 200');
    expect(m.get('GET', '/x?q=1', 200)).toBe('GET /x?q=1 200');
    expect(m.built).toBe(1);
    // another status, method or target is another message
    expect(m.get('GET', '/x?q=1', 404)).toBe('GET /x?q=1 404');
    expect(m.get('POST', '/x?q=1', 200)).toBe('POST /x?q=1 200');
    expect(m.get('GET', '/x?q=2', 200)).toBe('GET /x?q=2 200');
    expect(m.get('GET', '', 400)).toBe('GET  400');
    expect(m.built).toBe(5);
  });

  it('exact text for every request whatever collides; a long target is built each time', () => {
    const m = new AccessMessages();
    let seed = 11;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 20_000; k++) {
      const target = `/p/${rnd(3000)}`;
      const method = ['GET', 'POST', 'HEAD'][rnd(3)];
      const status = [200, 404, 500][rnd(3)];
      expect(m.get(method, target, status)).toBe(`${method} ${target} ${status}`);
    }
    const long = `/${'a'.repeat(600)}`;
    const before = m.built;
    expect(m.get('GET', long, 200)).toBe(`GET ${long} 200`);
    expect(m.get('GET', long, 200)).toBe(`GET ${long} 200`);
    expect(m.built).toBe(before);
  });
});
