import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { PROBATION_SIZE } from '../../src/templates/admission.js';
import { TemplateMiner, UNADMITTED_ID } from '../../src/templates/index.js';
import { mulberry32 } from '../helpers/prng.js';

const word = (rnd: () => number) => Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');

describe('TemplateMiner admission at the cap (admitAfter)', () => {
  it('below the cap every new message starts a template at once', () => {
    const miner = new TemplateMiner({ maxClusters: 3 });
    expect(miner.add('alpha one happened')).toMatchObject({ id: 'T1', isNew: true });
    expect(miner.add('beta two happened here')).toMatchObject({ id: 'T2', isNew: true });
    expect(miner.unadmitted).toBe(0);
  });

  it('at the cap a message seen once is answered as T0 and neither creates nor evicts; its repeat is admitted', () => {
    const miner = new TemplateMiner({ maxClusters: 2 });
    miner.add('alpha one happened');
    miner.add('beta two happened here');
    const first = miner.add('gamma three happened here now at 10.0.0.7');
    expect(first).toMatchObject({ id: UNADMITTED_ID, template: 'gamma three happened here now at <*>', isNew: true, changed: false, count: 1 });
    expect(first.parameters).toEqual(['10.0.0.7']);
    expect(miner.size).toBe(2);
    expect(miner.evicted).toBe(0);
    expect(miner.unadmitted).toBe(1);
    expect(miner.get(UNADMITTED_ID)).toBeUndefined();
    // the same skeleton (masked tokens alike) again: a template holding both sightings, the oldest forgotten
    const second = miner.add('gamma three happened here now at 10.0.0.9');
    expect(second).toMatchObject({ id: 'T3', template: 'gamma three happened here now at <*>', isNew: true, count: 2 });
    expect(miner.evicted).toBe(1);
    expect(miner.get('T1')).toBeUndefined();
    expect(miner.add('gamma three happened here now at 10.0.0.1')).toMatchObject({ id: 'T3', count: 3 });
  });

  it('a message similar to one seen once makes the template that one would have made, and joins it', () => {
    const miner = new TemplateMiner({ maxClusters: 1 });
    miner.add('disk full on node seven');
    expect(miner.add('session opened for alice by root').id).toBe(UNADMITTED_ID);
    const joined = miner.add('session opened for bob by root');
    expect(joined).toMatchObject({ id: 'T2', template: 'session opened for <*> by root', isNew: true, changed: true, count: 2 });
    expect(joined.parameters).toEqual(['bob']);
    // as a miner below its cap groups them
    const free = new TemplateMiner();
    free.add('session opened for alice by root');
    expect(free.add('session opened for bob by root')).toMatchObject({ template: 'session opened for <*> by root', changed: true, count: 2 });
  });

  it('different leading tokens or too few equal tokens are not admitted together', () => {
    const miner = new TemplateMiner({ maxClusters: 1 });
    miner.add('disk full on node seven');
    expect(miner.add('session opened for alice by root').id).toBe(UNADMITTED_ID);
    expect(miner.add('login opened for alice by root').id).toBe(UNADMITTED_ID); // routed elsewhere
    expect(miner.add('session closed after many quiet hours').id).toBe(UNADMITTED_ID); // 1 of 6 tokens equal
    expect(miner.size).toBe(1);
    expect(miner.evicted).toBe(0);
  });

  it('an unadmitted message has the text and parameters of the template it alone would make', () => {
    const miner = new TemplateMiner({ maxClusters: 1 });
    miner.add('disk full on node seven');
    for (const m of ['fetch blk_1 blk_2 from dn228 uid=0 status=ok in 35 ms', 'GET /a/b/c.png "curl 7.1" 10.0.0.1:80 took 0x7f', 'x=1 y=2 CPU#3 16K id 4411589101766563890']) {
      const got = miner.add(m);
      const alone = new TemplateMiner().add(m);
      expect([got.id, got.template, got.parameters]).toEqual([UNADMITTED_ID, alone.template, alone.parameters]);
    }
    // random token soup: words, digits, hex, spacing, punctuation, masked values
    const rnd = mulberry32(9);
    const parts = ['alpha', 'Beta', 'x=1', 'blk_-3', 'dn12', '0x1f', 'deadbeefcafe', '10.0.0.1:80', '"q t"', '(uid=0)', 'a,', '42', 'ok3k9', '  ', '\t', '/v/l/x.log', 'ns.example.com'];
    for (let k = 0; k < 300; k++) {
      const m = Array.from({ length: 1 + Math.floor(rnd() * 9) }, () => parts[Math.floor(rnd() * parts.length)] + (rnd() < 0.3 ? Math.floor(rnd() * 1e4).toString(36) : '')).join(
        rnd() < 0.8 ? ' ' : '  ',
      );
      const got = miner.add(m);
      if (got.id !== UNADMITTED_ID) continue;
      const alone = new TemplateMiner().add(m);
      expect([m, got.template, got.parameters]).toEqual([m, alone.template, alone.parameters]);
    }
  });

  it('admitAfter 1 creates at once and evicts (the behaviour before admission)', () => {
    const miner = new TemplateMiner({ maxClusters: 1, admitAfter: 1 });
    miner.add('disk full on node seven');
    expect(miner.add('session opened for alice by root')).toMatchObject({ id: 'T2', isNew: true });
    expect(miner.evicted).toBe(1);
    expect(miner.unadmitted).toBe(0);
  });

  it('keeps the templates held on a flood of never-repeating messages, and forgets probation beyond its size', () => {
    const rnd = mulberry32(3);
    const miner = new TemplateMiner({ maxClusters: 20 });
    for (let t = 0; t < 20; t++) miner.add(`job ${'step '.repeat(t)}done`);
    expect(miner.size).toBe(20);
    const held = miner.templates().map((t) => t.id);
    for (let i = 0; i < 5000; i++) expect(miner.add(`${word(rnd)} ${word(rnd)} ${word(rnd)} ${word(rnd)} ${word(rnd)}`).id).toBe(UNADMITTED_ID);
    expect(miner.templates().map((t) => t.id)).toEqual(held);
    expect(miner.unadmitted).toBe(5000);
    // a message similar to one pushed out of probation by later ones is not admitted on that ground
    miner.add('session opened for alice by root');
    for (let i = 0; i < PROBATION_SIZE; i++) miner.add(`${word(rnd)} ${word(rnd)} ${word(rnd)}`);
    expect(miner.add('session opened for bob by root').id).toBe(UNADMITTED_ID);
  });

  it('an empty message at the cap is admitted on its repeat', () => {
    const miner = new TemplateMiner({ maxClusters: 1 });
    miner.add('disk full on node seven');
    expect(miner.add('')).toMatchObject({ id: UNADMITTED_ID, template: '', count: 1 });
    expect(miner.add('')).toMatchObject({ id: 'T2', template: '', isNew: true, count: 2 });
    expect(miner.add('')).toMatchObject({ id: 'T2', isNew: false, count: 3 });
  });

  it('restore forgets messages seen once', () => {
    const miner = new TemplateMiner({ maxClusters: 1 });
    miner.add('disk full on node seven');
    const state = miner.toJSON();
    expect(miner.add('gamma three happened here now').id).toBe(UNADMITTED_ID);
    miner.restore(state);
    expect(miner.add('gamma three happened here now').id).toBe(UNADMITTED_ID);
    expect(miner.add('gamma three happened here now').id).toBe('T2');
  });

  it('rejects a bad admitAfter naming the field', () => {
    expect(() => new TemplateMiner({ admitAfter: 3 })).toThrow(ConfigError);
    expect(() => new TemplateMiner({ admitAfter: 0 })).toThrow(/templateMiner\.admitAfter/);
  });
});
