import { describe, expect, it } from 'vitest';
import { isIdentifier, labelLength, prefixLength, suffixLength } from '../../src/templates/affix.js';
import { DIGIT_RUNS, Masking } from '../../src/templates/masking.js';
import { TokenBuffer, Tokenizer, WILDCARD, literalHash } from '../../src/templates/tokenize.js';
import { mulberry32 } from '../helpers/prng.js';

/** The rule `asWritten` implements, spelled out from the affix functions (its fast path must agree with it). */
function reference(text: string, start: number, end: number, firstEnd: number): boolean {
  if (firstEnd < end) return false;
  const pre = prefixLength(text, start, end);
  const post = suffixLength(text, start + pre, end);
  return labelLength(text, start + pre, end - post) === 0 && isIdentifier(text, start + pre, end - post);
}

describe('TokenBuffer.asWritten', () => {
  it('agrees with the affix rule and with literal() on random tokens with digits', () => {
    const rnd = mulberry32(7);
    // letters, digits, `_` and `-` mostly (the fast path), with the punctuation the rule reads around them
    const alphabet = 'abcXYZ0123456789_-_-.:#=/()[]"\',;';
    const tokenizer = new Tokenizer(new Masking(undefined, 'masking'), '', 4096);
    const buf = new TokenBuffer(100);
    let digitRuns = 0;
    let written = 0;
    for (let k = 0; k < 4000; k++) {
      const words: string[] = [];
      for (let w = 0; w < 6; w++) {
        const n = 1 + Math.floor(rnd() * 9);
        let t = '';
        for (let j = 0; j < n; j++) t += alphabet[Math.floor(rnd() * (rnd() < 0.8 ? 22 : alphabet.length))];
        words.push(t);
      }
      const text = words.join(' ');
      tokenizer.tokenize(text, buf);
      for (let i = 0; i < buf.count; i++) {
        if (buf.kinds[i] !== DIGIT_RUNS) continue;
        digitRuns++;
        const want = reference(text, buf.starts[i], buf.ends[i], buf.firstEnds[i]);
        expect(buf.asWritten(text, i), text.slice(buf.starts[i], buf.ends[i])).toBe(want);
        expect(buf.literal(text, i)).toBe(want ? literalHash(text, buf.starts[i], buf.ends[i]) : WILDCARD);
        if (want) written++;
      }
    }
    // both answers are common in the sample
    expect(digitRuns).toBeGreaterThan(3000);
    expect(written).toBeGreaterThan(500);
    expect(digitRuns - written).toBeGreaterThan(500);
  });

  it('reads tokens with digits as people wrote them', () => {
    const tokenizer = new Tokenizer(new Masking(undefined, 'masking'), '', 4096);
    const buf = new TokenBuffer(16);
    const text = 'eth1 blk_-42 jk2_init() CPU#0 (eth1) cache3vrg';
    tokenizer.tokenize(text, buf);
    const got: Record<string, boolean> = {};
    for (let i = 0; i < buf.count; i++) if (buf.kinds[i] === DIGIT_RUNS) got[text.slice(buf.starts[i], buf.ends[i])] = buf.asWritten(text, i);
    expect(got).toEqual({ eth1: true, 'blk_-42': true, 'jk2_init()': true, 'CPU#0': false, '(eth1)': true, cache3vrg: true });
  });
});
