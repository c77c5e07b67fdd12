import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { TemplateMiner } from '../../src/templates/index.js';
import { mulberry32 } from '../helpers/prng.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'templates');

describe('TemplateMiner', () => {
  it('finds the expected templates of a small corpus', () => {
    const lines = readFileSync(join(fixtures, 'app-lines.txt'), 'utf8').trim().split('\n');
    const expected = JSON.parse(readFileSync(join(fixtures, 'app.expected.json'), 'utf8')) as { template: string; count: number }[];
    const miner = new TemplateMiner();
    for (const line of lines) miner.add(line);
    const got = miner.templates().map((t) => ({ template: t.template, count: t.count }));
    expect(got).toEqual(expect.arrayContaining(expected));
    expect(got).toHaveLength(expected.length);
  });

  it('generalises a word that varies and reports new, changed and parameters', () => {
    const miner = new TemplateMiner({ stableAfter: 0 });
    const a = miner.add('User alice logged in from 10.0.0.1');
    expect(a).toMatchObject({ id: 'T1', template: 'User alice logged in from <*>', isNew: true, changed: false, count: 1 });
    expect(a.parameters).toEqual(['10.0.0.1']);
    const b = miner.add('User bob logged in from 10.0.0.2');
    expect(b).toMatchObject({ id: 'T1', template: 'User <*> logged in from <*>', isNew: false, changed: true, count: 2 });
    expect(b.parameters).toEqual(['bob', '10.0.0.2']);
    // An earlier result keeps the template it saw.
    expect(a.template).toBe('User alice logged in from <*>');
    const c = miner.add('Disk /dev/sda1 is full');
    expect(c).toMatchObject({ id: 'T2', isNew: true });
  });

  it('keeps different messages apart', () => {
    const miner = new TemplateMiner();
    const ids = new Set(['Connection opened', 'Connection closed by peer', 'Shutting down now', 'Shutting down now please'].map((m) => miner.add(m).id));
    expect(ids.size).toBe(4);
  });

  it('stableAfter: a long-steady word that changes starts a new template', () => {
    const miner = new TemplateMiner({ stableAfter: 5 });
    for (let i = 0; i < 5; i++) miner.add(`job ${i} finished with status ok`);
    const r = miner.add('job 9 finished with status failed');
    expect(r.isNew).toBe(true);
    const loose = new TemplateMiner({ stableAfter: 0 });
    for (let i = 0; i < 5; i++) loose.add(`job ${i} finished with status ok`);
    expect(loose.add('job 9 finished with status failed')).toMatchObject({ isNew: false, template: 'job <*> finished with status <*>' });
  });

  it('match() looks up without learning', () => {
    const miner = new TemplateMiner();
    miner.add('cache miss for key 17');
    miner.add('cache miss for key 18');
    const m = miner.match('cache miss for key 99');
    expect(m).toMatchObject({ id: 'T1', template: 'cache miss for key <*>', isNew: false, count: 2 });
    expect(m?.parameters).toEqual(['99']);
    expect(miner.match('something else entirely')).toBeUndefined();
    expect(miner.templates()[0].count).toBe(2);
  });

  it('survives a restart: toJSON / restore keep ids, counts and routing', () => {
    const miner = new TemplateMiner();
    const lines = readFileSync(join(fixtures, 'app-lines.txt'), 'utf8').trim().split('\n');
    for (const line of lines) miner.add(line);
    const state = JSON.parse(JSON.stringify(miner.toJSON()));
    const again = new TemplateMiner();
    again.restore(state);
    expect(again.templates()).toEqual(miner.templates());
    for (const line of lines) {
      const before = miner.match(line);
      const after = again.add(line);
      expect(after.isNew).toBe(false);
      expect(after.id).toBe(before?.id);
    }
    expect(again.add('a brand new message').id).toBe('T9');
  });

  it('restore rejects what is not a miner state, naming the bad path', () => {
    const miner = new TemplateMiner();
    expect(() => miner.restore({ nope: 1 })).toThrow(/state\.version/);
    expect(() => miner.restore({ version: 1, nextId: 1, clusters: [{ id: 3 }] })).toThrow(/state\.clusters\[0\]\.id/);
  });

  it('restore validates everything first and changes nothing on a bad state', () => {
    const miner = new TemplateMiner();
    for (const m of ['alpha one happened', 'beta two happened here', 'gamma three']) miner.add(m);
    const good = miner.toJSON();
    const before = JSON.stringify(good);
    const bad = (patch: (s: any) => void) => {
      const s = JSON.parse(before);
      patch(s);
      return s;
    };
    const cases: [any, RegExp][] = [
      [
        bad((s) => {
          s.nextId = 1e300;
        }),
        /state\.nextId/,
      ],
      [
        bad((s) => {
          s.nextId = 1.5;
        }),
        /state\.nextId/,
      ],
      [
        bad((s) => {
          s.clusters[2].id = 'T1e+300';
        }),
        /state\.clusters\[2\]\.id/,
      ],
      [
        bad((s) => {
          s.clusters[2].id = 'T9007199254740993';
        }),
        /state\.clusters\[2\]\.id/,
      ],
      [
        bad((s) => {
          s.clusters[1].id = s.clusters[0].id;
        }),
        /state\.clusters\[1\]\.id/,
      ],
      [
        bad((s) => {
          s.clusters[2].count = -1;
        }),
        /state\.clusters\[2\]\.count/,
      ],
      [
        bad((s) => {
          s.clusters[2].count = Infinity;
        }),
        /state\.clusters\[2\]\.count/,
      ],
      [
        bad((s) => {
          s.clusters[2].tokens = [1, 2];
        }),
        /state\.clusters\[2\]\.tokens\[0\]/,
      ],
      [
        bad((s) => {
          s.clusters[2].route = [];
        }),
        /state\.clusters\[2\]\.route/,
      ],
      [
        bad((s) => {
          s.clusters[2].tokens = Array(200).fill('x');
        }),
        /state\.clusters\[2\]\.tokens/,
      ],
      [
        bad((s) => {
          s.version = 2;
        }),
        /state\.version/,
      ],
      [null, /state/],
    ];
    for (const [state, path] of cases) {
      // a half-applied restore would show in the templates or the next id
      expect(() => miner.restore(state)).toThrow(ConfigError);
      expect(() => miner.restore(state)).toThrow(path);
      expect(JSON.stringify(miner.toJSON())).toBe(before);
    }
    expect(() =>
      miner.restore(
        bad((s) => {
          s.clusters[0].id = 'T9007199254740991';
        }),
      ),
    ).toThrow(/state\.nextId/);
    expect(miner.add('delta is brand new here now').id).toBe('T4');
    miner.restore(good, 'x');
    expect(miner.templates()).toHaveLength(3);
  });

  it('bounds memory: evicts the least recently used template beyond maxClusters', () => {
    const miner = new TemplateMiner({ maxClusters: 3, admitAfter: 1 });
    miner.add('alpha one happened');
    miner.add('beta two happened here');
    miner.add('gamma three happened here now');
    miner.add('alpha one happened'); // touch alpha: beta is now the least recently used
    miner.add('delta four happened here now again');
    expect(miner.size).toBe(3);
    expect(miner.evicted).toBe(1);
    expect(
      miner
        .templates()
        .map((t) => t.template)
        .sort(),
    ).toEqual(['alpha one happened', 'delta four happened here now again', 'gamma three happened here now']);
    // Evicted templates come back with a new id.
    expect(miner.add('beta two happened here')).toMatchObject({ isNew: true, id: 'T5' });
  });

  it('restores its own state when template text is longer than the characters read (digits shown as <*>)', () => {
    const miner = new TemplateMiner({ maxLength: 40 });
    miner.add('a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0 x');
    miner.add('1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0');
    const copy = new TemplateMiner({ maxLength: 40 });
    copy.restore(miner.toJSON());
    expect(copy.toJSON()).toEqual(miner.toJSON());
    expect(() => copy.restore({ ...miner.toJSON(), clusters: [{ id: 'T1', tokens: ['x'.repeat(121)], route: [], count: 1 }] })).toThrow(/tokens\[0\]/);
  });

  it('a forgotten template whose object a new template reuses leaves earlier results as they were', () => {
    const miner = new TemplateMiner({ maxClusters: 2, admitAfter: 1 });
    const a = miner.add('alpha 1 beta gamma');
    miner.add('delta 2 epsilon zeta');
    miner.add('eta 3 theta iota'); // T1 forgotten
    miner.add('kappa 4 lambda mu'); // T2 forgotten; T4 made in T1's object (same length)
    expect([a.id, a.template, a.isNew, a.count, a.parameters]).toEqual(['T1', 'alpha <*> beta gamma', true, 1, ['1']]);
    expect(miner.get('T1')).toBeUndefined();
    expect(miner.templates()).toEqual([
      { id: 'T3', template: 'eta <*> theta iota', count: 1 },
      { id: 'T4', template: 'kappa <*> lambda mu', count: 1 },
    ]);
    expect(miner.add('kappa 5 lambda mu')).toMatchObject({ id: 'T4', isNew: false, count: 2 });
    expect(miner.add('alpha 6 beta gamma')).toMatchObject({ id: 'T5', isNew: true });
  });

  it('stays bounded on a stream of distinct messages', () => {
    const rnd = mulberry32(7);
    const word = () => Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
    const miner = new TemplateMiner({ maxClusters: 50 });
    for (let i = 0; i < 5000; i++) miner.add(`${word()} ${word()} ${word()} ${word()}`);
    expect(miner.size).toBeLessThanOrEqual(50);
    expect(miner.toJSON().clusters.length).toBeLessThanOrEqual(50);
  });

  it('compares a message with a few templates however many a leaf holds (index, not scan)', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (n: number, pos: number) => {
      let w = letters[pos];
      let x = n;
      do {
        w += letters[x % 26];
        x = Math.floor(x / 26);
      } while (x > 0);
      return w;
    };
    // 5,000 templates sharing first token and length: one leaf
    const line = (t: number, v: number, change = -1) => `request ${[1, 2, 3, 4].map((p) => (p === change ? 'zz' : word(t, p))).join(' ')} ${v}`;
    const miner = new TemplateMiner({ maxClusters: 6000 });
    for (let t = 0; t < 5000; t++) miner.add(line(t, t));
    expect(miner.size).toBe(5000);
    const before = miner.compared;
    // lines differing from their template in one word (each template once): found by similarity, not equality
    for (let i = 0; i < 1000; i++) {
      const t = (i * 977) % 5000;
      expect(miner.add(line(t, i, 1 + (i % 4))).isNew).toBe(false);
    }
    expect((miner.compared - before) / 1000).toBeLessThanOrEqual(3);
    expect(miner.size).toBe(5000);
  });

  it('handles odd input', () => {
    const miner = new TemplateMiner({ maxTokens: 5, maxLength: 200 });
    expect(miner.add('').template).toBe('');
    expect(miner.add('   \t ').template).toBe('');
    expect(miner.add(undefined as unknown as string).template).toBe('');
    expect(miner.add(42 as unknown as string).template).toBe('<*>');
    expect(miner.add('\u0000\u0001 binary \uFFFD junk').isNew).toBe(true);
    const long = miner.add('a b c d e f g h i j k');
    expect(long.template).toBe('a b c d <*>');
    expect(long.parameters).toEqual(['e f g h i j k']);
    const huge = miner.add('x'.repeat(1_000_000));
    expect(huge.template.length).toBe(200);
    expect(miner.add('"unterminated quote here').template).toBe('"unterminated quote here');
  });

  it('rejects invalid options with the option path', () => {
    expect(() => new TemplateMiner({ similarity: 2 })).toThrow(ConfigError);
    expect(() => new TemplateMiner({ similarity: 2 })).toThrow(/templateMiner\.similarity/);
    expect(() => new TemplateMiner({ depth: 2 })).toThrow(/templateMiner\.depth/);
    expect(() => new TemplateMiner({ extraDelimiters: 'é' })).toThrow(/extraDelimiters/);
    expect(() => new TemplateMiner({ masking: { digits: 'yes' as never } })).toThrow(/templateMiner\.masking\.digits/);
    expect(() => new TemplateMiner({ masking: { rules: [{ pattern: '(' }] } })).toThrow(/masking\.rules\[0\]\.pattern/);
    expect(() => new TemplateMiner({ bogus: 1 } as never)).toThrow(/templateMiner\.bogus/);
  });

  it('extra delimiters split tokens', () => {
    const miner = new TemplateMiner({ extraDelimiters: ',;' });
    expect(miner.add('a,b;c').template).toBe('a b c');
  });
});
