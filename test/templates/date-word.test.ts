import { describe, expect, it } from 'vitest';
import { Masking, isDateWord, mayBeDateWord } from '../../src/templates/masking.js';
import { mulberry32 } from '../helpers/prng.js';

// mayBeDateWord is the tokenizer's quick test before isDateWord (a day or month name next to a number
// joins it): it must never say no to a word isDateWord takes, or dates would stop joining.
describe('mayBeDateWord', () => {
  const m = new Masking(undefined, 'masking');
  const names = ['Mon', 'tue', 'WED', 'Thursday', 'fri,', 'Sat', 'sun', 'Jan', 'feb', 'MAR', 'Apr', 'may', 'June', 'jul', 'Aug,', 'Sep', 'Sept', 'oct', 'Nov', 'December', 'AM', 'pm', 'UTC', 'gmt'];

  it('says yes to every day and month name, any case, with a trailing comma', () => {
    for (const w of names) {
      const text = `at ${w} 17`;
      expect(isDateWord(text, 3, 3 + w.length, m)).toBe(true);
      expect(mayBeDateWord(text, 3)).toBe(true);
    }
  });

  it('never says no to a word isDateWord takes, and says no to most other words (random words and tokens)', () => {
    const rnd = mulberry32(9);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,.-_0123456789µé';
    let rejected = 0;
    let taken = 0;
    const total = 200_000;
    for (let i = 0; i < total; i++) {
      const n = 1 + Math.floor(rnd() * 10);
      let w = '';
      for (let j = 0; j < n; j++) w += alphabet[Math.floor(rnd() * (rnd() < 0.7 ? 26 : alphabet.length))];
      // some real names in odd cases, to hit the true side often
      if (rnd() < 0.05) w = names[Math.floor(rnd() * names.length)].toUpperCase();
      const text = `${w} 1`;
      if (isDateWord(text, 0, w.length, m)) {
        taken++;
        expect(mayBeDateWord(text, 0)).toBe(true);
      } else if (!mayBeDateWord(text, 0)) rejected++;
    }
    expect(taken).toBeGreaterThan(5_000);
    expect(rejected / total).toBeGreaterThan(0.8);
  });
});
