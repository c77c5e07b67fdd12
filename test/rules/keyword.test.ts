import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import { KeywordMatcher } from '../../src/core/keyword-matcher.js';
import { Rule } from '../../src/rules/rule.js';
import { mulberry32, randInt } from '../helpers/prng.js';
import { ev, one } from './helpers.js';

/** Folding as a non-unicode `i` RegExp does (the matcher's documented case rule). */
function fold(s: string): string {
  let out = '';
  for (const ch of s.split('')) {
    const up = ch.toUpperCase();
    out += up.length !== 1 || (ch.charCodeAt(0) >= 128 && up.charCodeAt(0) < 128) ? ch : up;
  }
  return out;
}

const isWord = (c: string | undefined) => c !== undefined && /[0-9A-Za-z_]/.test(c);

/** Naive reference: leftmost start, longest keyword there; returns the folded keyword or null. */
function naive(keywords: string[], text: string, ignoreCase: boolean, wholeWord: boolean, limit: number): string | null {
  const s = text.slice(0, limit);
  const t = ignoreCase ? fold(s) : s;
  const ks = [...new Set(keywords.map((k) => (ignoreCase ? fold(k) : k)))].sort((a, b) => b.length - a.length);
  for (let i = 0; i < t.length; i++) {
    for (const k of ks) {
      if (!t.startsWith(k, i)) continue;
      if (wholeWord && (isWord(s[i - 1]) || isWord(s[i + k.length]))) continue;
      return k;
    }
  }
  return null;
}

describe('KeywordMatcher', () => {
  it('finds overlapping keywords (he, she, hers, his) leftmost-longest', () => {
    const m = new KeywordMatcher(['he', 'she', 'hers', 'his'], false);
    expect(m.keywords[m.find('ushers', 100)]).toBe('she');
    expect(m.keywords[m.find('xhersx', 100)]).toBe('hers');
    expect(m.find('hxsxe', 100)).toBe(-1);
    expect(m.find('', 100)).toBe(-1);
  });
  it('respects the scan limit', () => {
    const m = new KeywordMatcher(['needle'], true);
    expect(m.find(`${'x'.repeat(100)}needle`, 100)).toBe(-1);
    expect(m.find(`${'x'.repeat(94)}needle`, 100)).toBe(0);
  });
  it('escapes regex metacharacters', () => {
    const m = new KeywordMatcher(['a.b', '(x)', '[y]', 'c+d', 'e|f', '^$', 'g\\h', '/'], false);
    expect(m.find('axb', 100)).toBe(-1);
    expect(m.keywords[m.find('..a.b..', 100)]).toBe('a.b');
    expect(m.keywords[m.find('__(x)__', 100)]).toBe('(x)');
    expect(m.keywords[m.find('e|f', 100)]).toBe('e|f');
    expect(m.keywords[m.find('g\\h', 100)]).toBe('g\\h');
    expect(m.find('ef', 100)).toBe(-1);
  });
  it('case-insensitive by fold: final sigma hits sigma and the index still resolves', () => {
    const m = new KeywordMatcher(['ς'], true);
    expect(m.find('xσy', 100)).toBe(0);
    const k = new KeywordMatcher(['ÉTÉ', 'straße'], true);
    expect(k.find('un été chaud', 100)).toBe(0);
    expect(k.find('STRASSE', 100)).toBe(-1); // no multi-character folding
    expect(k.find('STRAßE', 100)).toBe(1);
  });
  it('whole word: a longer non-word hit does not hide a shorter whole-word keyword at the same place', () => {
    const m = new KeywordMatcher(['foo-b', 'foo'], true);
    expect(m.keywords[m.find('foo-bar', 100, true)]).toBe('foo');
    expect(m.find('foobar', 100, true)).toBe(-1);
  });
  it('texts built with template literals (ropes) and calls in a row keep no state between them', () => {
    const m = new KeywordMatcher(['ERROR', 'CRITICAL'], true);
    const parts = ['GET /a', 'critical', 'x', 'ERROR', ''];
    for (let round = 0; round < 3; round++) {
      for (const p of parts) {
        const text = `${p} at ${round}: ${p.length}`; // a fresh rope each call
        const want = p === 'critical' ? 1 : p === 'ERROR' ? 0 : -1;
        expect(m.find(text, 100)).toBe(want);
        expect(m.find(text, 100, true)).toBe(want);
      }
    }
    // a hit late in one text, then a text that has one early: each found from the start
    expect(m.find(`${'x'.repeat(50)} error`, 100)).toBe(0);
    expect(m.find(`critical ${'y'.repeat(5)}`, 100)).toBe(1);
    expect(m.find(`${'z'.repeat(5)}`, 100)).toBe(-1);
  });
  it('duplicate keywords (by case) resolve to the first', () => {
    const m = new KeywordMatcher(['Error', 'ERROR', 'error'], true);
    expect(m.find('an error', 100)).toBe(0);
    const cs = new KeywordMatcher(['Error', 'ERROR'], false);
    expect(cs.find('an ERROR', 100)).toBe(1);
    expect(cs.find('an error', 100)).toBe(-1);
  });
  it('one keyword (after folding duplicates) is found by test: index 0, has() agrees, on ropes and flat strings', () => {
    const m = new KeywordMatcher(['Error', 'ERROR', 'error'], true);
    const id = 42;
    for (const text of [`db ${id} failed: ERROR at ${id}`, 'an eRRor', `no ${id} problem`, '', 'ERRO']) {
      const want = /error/i.test(text) ? 0 : -1;
      expect(m.find(text, 100)).toBe(want);
      expect(m.has(text, 100)).toBe(want === 0);
      expect(m.find(text, 100, true)).toBe(/\berror\b/i.test(text) ? 0 : -1);
    }
    expect(m.find('xx error', 4)).toBe(-1); // the bound still applies
    expect(new KeywordMatcher(['Error', 'ERROR'], false).find('an ERROR', 100)).toBe(1); // two keywords case-sensitively: not single
  });
  it('a few ASCII keywords agree with a naive reference on seeded random strings that often hold them (any case, near non-ASCII units)', () => {
    // letters of the keywords in both cases, the non-ASCII units whose upper case is ASCII (ſ ı K-sign), others
    const alphabet = ['e', 'r', 'o', 'E', 'R', 'O', 'c', 'C', 'i', 'I', 't', 'a', 'l', 'L', ' ', '-', '_', 'ſ', 'ı', '\u212a', 'é', 'ß', '日', '\ud83d', '\ude00'];
    for (const seed of [5, 6]) {
      const rand = mulberry32(seed);
      const randStr = (min: number, max: number, from: readonly string[]) => {
        let s = '';
        const n = min + randInt(rand, max - min + 1);
        for (let i = 0; i < n; i++) s += from[randInt(rand, from.length)];
        return s;
      };
      const ascii = alphabet.filter((c) => c.charCodeAt(0) < 128 && c !== ' ');
      for (let set = 0; set < 12; set++) {
        const keywords = set === 0 ? ['ERROR', 'CRITICAL'] : Array.from({ length: 1 + randInt(rand, 8) }, () => randStr(2, 6, ascii));
        for (const ignoreCase of [true, false]) {
          const m = new KeywordMatcher(keywords, ignoreCase);
          for (let i = 0; i < 120; i++) {
            // texts that often hold a keyword (or one in another case) among random units
            const text = rand() < 0.5 ? randStr(0, 60, alphabet) : `${randStr(0, 20, alphabet)}${keywords[randInt(rand, keywords.length)].toLowerCase()}${randStr(0, 20, alphabet)}`;
            for (const wholeWord of [false, true]) {
              const want = naive(keywords, text, ignoreCase, wholeWord, 50);
              const got = m.find(text, 50, wholeWord);
              const what = `${seed} ${JSON.stringify(keywords)} ${ignoreCase} ${wholeWord} ${JSON.stringify(text)}`;
              expect(m.has(text, 50, wholeWord), what).toBe(want !== null);
              if (want === null) expect(got, what).toBe(-1);
              else {
                expect(got, what).toBeGreaterThanOrEqual(0);
                const k = m.keywords[got];
                expect(ignoreCase ? fold(k) : k, what).toBe(want);
              }
            }
          }
        }
      }
    }
  });
  it('500 keywords agree with a naive reference on seeded random strings (incl. non-ASCII)', () => {
    const alphabet = 'abehirsABEHRS _-.éÉσςΣжЖß日😀'
      .split('')
      .flatMap((c) => (c === '😀' ? [] : [c]))
      .concat(['😀']);
    for (const seed of [1, 2, 3, 42]) {
      const rand = mulberry32(seed);
      const randStr = (min: number, max: number) => {
        let s = '';
        const n = min + randInt(rand, max - min + 1);
        for (let i = 0; i < n; i++) s += alphabet[randInt(rand, alphabet.length)];
        return s;
      };
      const keywords = ['he', 'she', 'hers', 'his'];
      while (keywords.length < 500) keywords.push(randStr(2, 7));
      for (const ignoreCase of [true, false]) {
        const m = new KeywordMatcher(keywords, ignoreCase);
        for (let i = 0; i < 150; i++) {
          const text = randStr(0, 120);
          for (const wholeWord of [false, true]) {
            const want = naive(keywords, text, ignoreCase, wholeWord, 100);
            const got = m.find(text, 100, wholeWord);
            if (want === null) expect(got, `${seed} ${ignoreCase} ${wholeWord} ${JSON.stringify(text)}`).toBe(-1);
            else {
              expect(got, `${seed} ${ignoreCase} ${wholeWord} ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
              const k = m.keywords[got];
              expect(ignoreCase ? fold(k) : k).toBe(want);
            }
          }
        }
      }
    }
  });
  it('is linear on adversarial input (no backtracking blow-up)', () => {
    const m = new KeywordMatcher([`${'a'.repeat(50)}b`, `${'a'.repeat(49)}c`], false);
    expect(m.find('a'.repeat(200_000), 1_000_000)).toBe(-1);
    expect(m.find('a'.repeat(200_000), 1_000_000, true)).toBe(-1);
  });
});

describe('Rule.contains (KeywordRule)', () => {
  it('case-insensitive substring by default; signal shape', () => {
    const r = Rule.contains('ERROR');
    expect(one(r, ev('TERRORIST', { time: 5 }))).toEqual([
      { detector: 'keyword_match', name: 'keyword_match', kind: 'rule', severity: 'medium', message: "Keyword 'ERROR' detected", time: 5, key: 'ERROR', evidence: { keyword: 'ERROR' } },
    ]);
    expect(one(r, ev('an error'))).toHaveLength(1);
    expect(one(r, ev('all fine'))).toHaveLength(0);
  });
  it('ignoreCase false and wholeWord', () => {
    expect(one(Rule.contains('ERROR', { ignoreCase: false }), ev('an error'))).toHaveLength(0);
    expect(one(Rule.contains('ERROR', { ignoreCase: false }), ev('an ERROR'))).toHaveLength(1);
    const ww = Rule.contains('ERROR', { wholeWord: true });
    expect(one(ww, ev('TERRORIST'))).toHaveLength(0);
    expect(one(ww, ev('ERROR_CODE'))).toHaveLength(0);
    expect(one(ww, ev('[error] x'))).toHaveLength(1);
    expect(one(ww, ev('TERRORIST then ERROR'))).toHaveLength(1);
    expect(one(ww, ev('ERROR'))).toHaveLength(1);
  });
  it("keeps a copy of the caller's keyword array: changing it afterwards changes nothing", () => {
    const words = ['ERROR', 'CRITICAL'];
    const r = Rule.contains(words);
    words[0] = 'timeout';
    words.push('panic');
    words.reverse();
    expect(r.keywords).toEqual(['ERROR', 'CRITICAL']);
    expect(one(r, ev('an ERROR here'))).toMatchObject([{ key: 'ERROR', message: "Keyword 'ERROR' detected", evidence: { keyword: 'ERROR' } }]);
    expect(one(r, ev('CRITICAL: disk'))).toMatchObject([{ key: 'CRITICAL', evidence: { keyword: 'CRITICAL' } }]);
    expect(one(r, ev('a timeout, then panic'))).toEqual([]);
    const m = new KeywordMatcher(words, true);
    words.length = 0;
    expect(m.keywords[m.find('xx TIMEOUT', 100)]).toBe('timeout');
  });
  it('fires on every matching event (the watcher cools down)', () => {
    const r = Rule.contains(['ERROR', 'CRITICAL']);
    const out: Signal[] = [];
    for (let i = 0; i < 5; i++) r.observe(ev(i % 2 ? 'CRITICAL x' : 'ERROR y', { time: i }), out);
    expect(out.map((s) => s.key)).toEqual(['ERROR', 'CRITICAL', 'ERROR', 'CRITICAL', 'ERROR']);
  });
  it('field: searches an attribute (flat or nested), not the message', () => {
    const r = Rule.contains('Timeout', { field: 'exception.type', severity: 'high', id: 'exc' });
    expect(one(r, ev('Timeout in message'))).toHaveLength(0);
    const [s] = one(r, ev('x', { attributes: { exception: { type: 'SocketTimeoutException' } } }));
    expect(s).toMatchObject({ detector: 'exc', severity: 'high', evidence: { keyword: 'Timeout', field: 'exception.type' } });
    expect(s.message).toBe("Keyword 'Timeout' detected in exception.type");
    expect(one(r, ev('x', { attributes: { 'exception.type': 'timeout' } }))).toHaveLength(1);
  });
  it('maxChars bounds the searched text', () => {
    const r = Rule.contains('needle', { maxChars: 10 });
    expect(one(r, ev('0123456789needle'))).toHaveLength(0);
    expect(one(r, ev('needle'))).toHaveLength(1);
  });
  it('odd messages: empty, huge, non-ASCII', () => {
    const r = Rule.contains('boom');
    expect(one(r, ev(''))).toHaveLength(0);
    expect(one(r, ev(`boom${'x'.repeat(1_000_000)}`))).toHaveLength(1);
    expect(one(r, ev(`${'x'.repeat(1_000_000)}boom`))).toHaveLength(0); // past maxChars 8192
    expect(one(r, ev('日本 BOOM 😀'))).toHaveLength(1);
  });
  it('invalid options name the option', () => {
    const path = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).path;
      }
      return 'no error';
    };
    expect(path(() => Rule.contains(''))).toBe('contains.keywords[0]');
    expect(path(() => Rule.contains(['a', 5 as never]))).toBe('contains.keywords[1]');
    expect(path(() => Rule.contains([]))).toBe('contains.keywords');
    expect(path(() => Rule.contains('a', { ignoreCase: 'yes' as never }))).toBe('contains.ignoreCase');
    expect(path(() => Rule.contains('a', { severity: 'urgent' as never }))).toBe('contains.severity');
    expect(path(() => Rule.contains('a', { maxChars: 0 }))).toBe('contains.maxChars');
    expect(path(() => Rule.contains('a', { colour: 1 } as never))).toBe('contains.colour');
  });
});
