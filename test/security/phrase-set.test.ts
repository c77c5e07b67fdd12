import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/core/keyword-matcher.js';
import { DEFAULT_FAILURE_PHRASES } from '../../src/security/brute-force.js';
import { PhraseSet } from '../../src/security/phrase-set.js';
import { corpus, fixtureLines, mulberry32 } from './helpers.js';

// PhraseSet answers what a case-insensitive KeywordMatcher (a regex alternation) answers.
const SETS: readonly (readonly string[])[] = [
  DEFAULT_FAILURE_PHRASES,
  ['ab', 'ba'],
  ['denied', 'ACCESS DENIED', 'xx'],
  ['Login Failed', 'LOGIN'],
  ['aaaa', 'aaab'],
  ['é', 'x'],
  ['a'], // non-ASCII and one-character phrases: the regex fallback
];

describe('PhraseSet', () => {
  it('agrees with a case-insensitive regex on random texts around the phrases', () => {
    const rand = mulberry32(5);
    for (const set of SETS) {
      const regex = new KeywordMatcher(set, true);
      const phrases = new PhraseSet(set);
      const pieces = [
        ...set,
        ...set.map((s) => s.toUpperCase()),
        ...set.map((s) => s.slice(1)),
        ...set.map((s) => s.slice(0, -1)),
        ' ',
        'a',
        'B',
        'é',
        'É',
        'ſ',
        'K',
        'failed',
        'Password',
        '"',
        'x'.repeat(20),
      ];
      for (let k = 0; k < 4000; k++) {
        let s = '';
        const n = Math.floor(rand() * 12);
        for (let q = 0; q < n; q++) s += pieces[Math.floor(rand() * pieces.length)];
        const limit = rand() < 0.2 ? Math.floor(rand() * 40) : 8192;
        expect(phrases.test(s, limit), `${JSON.stringify(set)} ${JSON.stringify(s)} ${limit}`).toBe(regex.find(s, limit) >= 0);
      }
    }
  });

  it('agrees with it on the fixture logs', () => {
    const regex = new KeywordMatcher(DEFAULT_FAILURE_PHRASES, true);
    const phrases = new PhraseSet(DEFAULT_FAILURE_PHRASES);
    const lines = [...fixtureLines('apache-access-sample.txt'), ...corpus().map((r) => r.text), 'sshd[1]: Failed password for root from 1.2.3.4', 'user "bob" was not found in "/etc/htpasswd"'];
    let hits = 0;
    for (const line of lines) {
      const expected = regex.find(line, 8192) >= 0;
      if (expected) hits++;
      expect(phrases.test(line, 8192), line).toBe(expected);
    }
    expect(hits).toBeGreaterThanOrEqual(2);
  });
});
