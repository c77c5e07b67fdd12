import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// The generic classes behind held-out set 2's form-value false positives (that set is seen since):
// English contractions after a separator, "select the ... from the ..." sentences, an ellipsis value.
const d = new InjectionDetector();
const score = (v: string) => d.score(v);

describe('an English contraction after `&` or a line break is not a quote-split command', () => {
  it.each([
    "Bought it for my mum's birthday & I'd buy it again",
    "Hi,\nI'd like to move to the yearly plan.",
    "Works & it's cheap",
    "Sizes run small & I'm returning it",
    "Great & we'll see\nI've ordered two",
    "Hello\nI'd",
  ])('clean: %s', (v) => {
    expect(score(v).score).toBe(0);
  });
  it.each([";w'h'o'am'i", "&i'd'", "x\ni'd'", "|l's -la'", ';c"a"t /etc/passwd', "a;wh''oami"])('still an attack: %s', (v) => {
    expect(score(v).score).toBeGreaterThanOrEqual(5);
  });
});

describe('English "select the ... from the ..." is a sentence', () => {
  it.each([
    'select the plan from the drop-down where it says Pro',
    "select the plan from the drop-down where it says 'Pro' -> nothing happens",
    'Terrible (select the bigger size from the menu, trust me)',
    'select a colour from the list',
    'Select your country from the list above',
  ])('clean: %s', (v) => {
    expect(score(v).score).toBe(0);
  });
  it.each([
    "1' union select password from users--",
    "' or 1=(select the from the)--",
    '1 and (select 1 from users where 1=1)',
    "x' and (select count(*) from the users)>0--",
    "'; select the_col from the_table--",
    '(select a.name from the a)',
  ])('still SQL: %s', (v) => {
    expect(score(v).score).toBeGreaterThanOrEqual(5);
  });
});

describe('an ellipsis ending a value does not climb', () => {
  it.each(['...', '....', 'comment=...', 'wait...', 'so ... '])('clean: %s', (v) => {
    expect(score(v).score).toBe(0);
  });
  it.each(['../../etc/passwd', '....//....//etc/passwd', 'file=..', '..', '.../.../etc/passwd', '/..'])('still traversal: %s', (v) => {
    expect(score(v).rules.some((r) => r.startsWith('traversal'))).toBe(true);
  });
});
