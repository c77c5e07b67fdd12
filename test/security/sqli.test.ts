import { describe, expect, it } from 'vitest';
import { HitList } from '../../src/security/rule-hit.js';
import { SqlTokenizer, T } from '../../src/security/sql-tokenizer.js';
import { SqliAnalyser } from '../../src/security/sqli.js';

const analyser = new SqliAnalyser();
function rules(text: string, paranoia = 1): string[] {
  const hits = new HitList();
  analyser.analyse(text, paranoia, hits);
  return hits.ids.slice(0, hits.count);
}
function score(text: string): number {
  const hits = new HitList();
  analyser.analyse(text, 1, hits);
  return hits.total();
}

describe('SqlTokenizer', () => {
  it('tokenises keywords, strings, numbers, operators and calls', () => {
    const tk = new SqlTokenizer();
    tk.tokenize("1 or 'a'='a' and sleep(5)", 0);
    expect(Array.from(tk.types.slice(0, tk.count))).toEqual([T.NUM, T.LOGIC, T.STR, T.CMP, T.STR, T.LOGIC, T.FUNC, T.LPAREN, T.NUM, T.RPAREN]);
  });

  it('reads the input as the continuation of a string', () => {
    const tk = new SqlTokenizer();
    tk.tokenize("admin'--", 39);
    expect(tk.count).toBe(1);
    expect(tk.types[0]).toBe(T.STR);
    expect(tk.endsWithComment).toBe(true);
  });

  it('folds a comment inside a word but not between two keywords', () => {
    const tk = new SqlTokenizer();
    tk.tokenize('un/**/ion sel/**/ect', 0);
    expect(tk.words.slice(0, tk.count)).toEqual(['union', 'select']);
    tk.tokenize('union/**/select', 0);
    expect(Array.from(tk.types.slice(0, tk.count))).toEqual([T.UNION, T.SELECT]);
  });

  it('reads MySQL executable comments as code', () => {
    const tk = new SqlTokenizer();
    tk.tokenize('/*!50000union*/ select', 0);
    expect(Array.from(tk.types.slice(0, tk.count))).toEqual([T.UNION, T.SELECT]);
  });
});

describe('SqliAnalyser', () => {
  it.each([
    ["' or '1'='1", 'sqli-breakout-logic'],
    ['1 or 1=1', 'sqli-tautology'],
    ["admin'--", 'sqli-breakout-comment'],
    ['-1 union all select 1,2,3--', 'sqli-union-select'],
    ['1; drop table users', 'sqli-stacked-query'],
    ['1 and sleep(5)', 'sqli-attack-function'],
    ["1' and extractvalue(1,concat(0x7e,version()))--", 'sqli-attack-function'],
    ['information_schema.tables', 'sqli-catalog'],
    ['1 and @@version>5', 'sqli-server-variable'],
    ['ascii(substring(version(),1,1))', 'sqli-function-chain'],
    ["'; waitfor delay '0:0:5'--", 'sqli-attack-function'],
    ['1 order by 5--', 'sqli-order-by'],
    ['select * from users where', 'sqli-statement'],
    ["1' into outfile '/tmp/x'", 'sqli-into-outfile'],
    ["aa' or '1", 'sqli-breakout-operator'],
    ["x' <> '", 'sqli-breakout-operator'],
    ['1;if 1=1 drop database test', 'sqli-stacked-query'],
  ])('flags %s', (text, rule) => {
    expect(rules(text)).toContain(rule);
    expect(score(text)).toBeGreaterThanOrEqual(5);
  });

  it.each([
    'AS FOR ME AND MY HOUSE',
    "Y'ALL COME BACK NOW",
    'NOT ALL WHO WANDER',
    '"NOT FOR SALE"',
    'necklace length 16" or 18"',
    '7" #2 CIRCULAR NEEDLE',
    "O' UNION selected a few friends",
    '1; exec will create the case 7',
    'UNIQUE TABLE RUNNER',
    'black and white',
    'order by price',
    "I'd like to delete my order; it's broken -- thanks!",
    "KNICKIN' AND KNACKIN' SEE WHAT ONFIRE'S PACKIN'",
    '\'-"8',
  ])('stays quiet on %s', (text) => {
    expect(score(text.toLowerCase())).toBeLessThan(5);
  });
});

describe('SqliAnalyser: an ordering written out as text', () => {
  it('stays quiet on one ordering joined to another (math typed as text)', () => {
    expect(score('5 > 3 and 3 < 5')).toBeLessThan(5);
  });
  it.each(['1 > 0 or 1=1', '1>0 or 1=1--', "1 < 2 or 'a'='a", '3 > 2 and 1=1', '1>0 or 2>1--'])('still flags the tautology joined to an ordering in %s', (text) => {
    expect(rules(text)).toContain('sqli-tautology');
    expect(score(text)).toBeGreaterThanOrEqual(5);
  });
});
