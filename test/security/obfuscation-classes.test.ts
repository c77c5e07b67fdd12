import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// Attack spellings of several classes (shell obfuscation, Windows task commands, negated and
// parenthesised SQL conditions, error functions, $where JavaScript, template probes) and benign
// values of the same look. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const rules = (v: string) => d.score(v).rules ?? [];
const score = (v: string) => d.score(v).score;

describe('shell spellings that hide a command name', () => {
  it.each([
    ["|`$'\\x69\\x64'`", 'cmdi-chained-command'],
    ["x\n`$'\\x75name' -a`", 'cmdi-chained-command'],
    ["&&c=$'\\x6c\\x73';$c", 'cmdi-variable-command'],
    [';n="whoami";$n', 'cmdi-variable-command'],
    [';${HOME:0:1}usr${HOME:0:1}bin${HOME:0:1}id', 'cmdi-obfuscated-command'],
    ['|/???/?at /???/?ass??', 'cmdi-obfuscated-command'],
    ['1;/b?n/c?t /e?c/h??ts', 'cmdi-obfuscated-command'],
  ])('reported: %s', (v, rule) => {
    expect(rules(v)).toContain(rule);
  });
  it.each(['Total: $5 | see /faq?/help? for details', "name='bob'; greet $name", 'Price ${price:0:2} is a template', 'Is /usr/bin/???? a valid glob', 'Use ${PATH} not ${PATH:0:1} in docs, I think'])(
    'clean: %s',
    (v) => {
      expect(score(v)).toBe(0);
    },
  );
});

describe('Windows scheduled tasks and WMI queries chained after a value', () => {
  it.each(['x & schtasks /create /tn t /tr notepad.exe /sc once /st 01:00', '| schtasks /run /tn t', 'a | Get-WmiObject Win32_Process', '; Get-CimInstance Win32_Service'])('reported: %s', (v) => {
    expect(score(v)).toBeGreaterThan(0);
  });
  it.each(['schtasks /query /fo list is slow on my laptop', 'How do I use `schtasks /create /tn "Backup job" /tr "C:\\jobs\\run.bat" /sc weekly /st 03:00` here'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});

describe('SQL conditions: negated comparisons, parenthesised CASE WHEN, GTID error functions', () => {
  it.each([
    ['1 AND 3 NOT BETWEEN 0 AND 2', 'sqli-tautology'],
    ['5 OR 2 NOT LIKE 3', 'sqli-tautology'],
    ["' OR CASE WHEN (4=4) THEN 1 ELSE 1/0 END=1-- -", 'sqli-conditional'],
    ['1 AND GTID_SUBTRACT(CONCAT(0x7e,(SELECT user())),1)', 'sqli-attack-function'],
  ])('reported: %s', (v, rule) => {
    expect(rules(v)).toContain(rule);
  });
  it.each(['ages not between 18 and 30', 'sizes between 3 and 5 please', 'in case when it rains, bring a coat'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});

describe('JavaScript for a $where filter', () => {
  it.each(['"; return true; var y="', '7; return 1', 'this.pin.match(/^1/)', 'q=this.secret.match(/.*/)//'])('reported: %s', (v) => {
    expect(rules(v)).toContain('code-nosql-where');
  });
  it.each(['this.props is undefined in my component', 'it returns true; but why?', 'this.match is not a function', 'score; return later'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});

describe('template probes: the polyglot of several engines, Twig dump()', () => {
  it.each(['<%{{${[%\'"}}%>', '#{${{<%\'"}}', '{{ dump(_context) }}', '{{dump(app)}}'])('reported: %s', (v) => {
    expect(score(v)).toBeGreaterThan(0);
  });
  it.each(['Hello {{ user.name }}, total ${amount}', 'Use {% raw %} around {{ x }}', 'dump(app) prints the whole thing'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});
