import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import { Rule } from '../../src/rules/rule.js';
import { ev, one } from './helpers.js';

const at = (n: number, text = '') => ev('m', { severityNumber: n, severityText: text });

describe('Rule.level', () => {
  it('matches the level and above (ERROR matches FATAL/CRITICAL)', () => {
    const r = Rule.level('ERROR');
    expect([1, 5, 9, 13, 16].flatMap((n) => one(r, at(n)))).toHaveLength(0);
    expect([17, 18, 20, 21, 24].flatMap((n) => one(r, at(n)))).toHaveLength(5);
    const [s] = one(r, at(21, 'CRITICAL'));
    expect(s).toMatchObject({ name: 'level_match', detector: 'level_match', severity: 'high', key: 'FATAL', evidence: { level: 'ERROR', severityNumber: 21, severityText: 'CRITICAL' } });
    expect(s.message).toBe("Log level 'CRITICAL' detected (rule: ERROR or above)");
  });
  it('the message names the severity text of each record, as texts alternate (built once per text, not per record)', () => {
    const r = Rule.level('ERROR', { group: false });
    const texts: [number, string][] = [
      [17, 'error'],
      [17, 'error'],
      [21, 'fatal'],
      [17, ''],
      [17, 'error'],
      [24, ''],
      [18, 'Err'],
    ];
    const got = texts.map(([n, t]) => one(r, at(n, t))[0].message);
    expect(got).toEqual(['ERROR', 'ERROR', 'FATAL', 'ERROR', 'ERROR', 'FATAL', 'ERR'].map((w) => `Log level '${w}' detected (rule: ERROR or above)`));
  });
  it("exact: only the level's own range", () => {
    const r = Rule.level('ERROR', { exact: true });
    expect([16, 17, 20, 21].map((n) => one(r, at(n)).length)).toEqual([0, 1, 1, 0]);
    const w = Rule.level('warn', { exact: true });
    expect([12, 13, 16, 17].map((n) => one(w, at(n)).length)).toEqual([0, 1, 1, 0]);
    expect(one(r, at(17))[0].message).toBe("Log level 'ERROR' detected (rule: ERROR)");
  });
  it('WARN == WARNING, names are case-insensitive, numbers accepted', () => {
    for (const name of ['WARN', 'WARNING', 'warning', 'Warn', 13]) {
      const r = Rule.level(name);
      expect(one(r, at(13, 'WARNING')), String(name)).toHaveLength(1);
      expect(one(r, at(13, 'warn')), String(name)).toHaveLength(1);
      expect(one(r, at(9)), String(name)).toHaveLength(0);
    }
    expect(one(Rule.level('WARN'), at(13))[0].severity).toBe('medium');
    expect(one(Rule.level('INFO'), at(9))[0].severity).toBe('low');
    expect(one(Rule.level('INFO', { severity: 'critical' }), at(9))[0].severity).toBe('critical');
  });
  it('unknown severity (0) never matches, even for the lowest level', () => {
    expect(one(Rule.level('TRACE'), at(0))).toHaveLength(0);
    expect(one(Rule.level(1), at(0))).toHaveLength(0);
    expect(one(Rule.level('TRACE'), at(1))).toHaveLength(1);
  });
  it('invalid levels and options', () => {
    const path = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).path;
      }
      return 'no error';
    };
    expect(path(() => Rule.level('LOUD'))).toBe('level.level');
    expect(path(() => Rule.level('constructor'))).toBe('level.level');
    expect(path(() => Rule.level(0))).toBe('level.level');
    expect(path(() => Rule.level(25))).toBe('level.level');
    expect(path(() => Rule.level(1.5))).toBe('level.level');
    expect(path(() => Rule.level('ERROR', { exact: 1 as never }))).toBe('level.exact');
    expect(path(() => Rule.level('ERROR', { nope: 1 } as never))).toBe('level.nope');
  });
});

describe('Rule.match', () => {
  it('with a predicate', () => {
    const r = Rule.match((e) => e.message.length > 3, { id: 'long', severity: 'low', message: 'long line' });
    expect(one(r, ev('ab'))).toHaveLength(0);
    expect(one(r, ev('abcd', { time: 9 }))).toEqual([{ detector: 'long', name: 'rule_match', kind: 'rule', severity: 'low', message: 'long line', time: 9, evidence: { rule: 'long' } }]);
  });
  it('with { field, equals }: flat and nested, numbers compared as text', () => {
    const r = Rule.match({ field: 'http.response.status_code', equals: 500 });
    expect(one(r, ev('x', { attributes: { 'http.response.status_code': 500 } }))[0].evidence).toEqual({ rule: 'match', 'http.response.status_code': 500 });
    expect(one(r, ev('x', { attributes: { http: { response: { status_code: '500' } } } }))).toHaveLength(1);
    expect(one(r, ev('x', { attributes: { 'http.response.status_code': 200 } }))).toHaveLength(0);
    expect(one(r, ev('x'))).toHaveLength(0);
  });
  it('with { field, keyword }, { level }, keywords, and combinations (all must hold)', () => {
    expect(one(Rule.match({ field: 'user', keyword: 'adm' }), ev('x', { attributes: { user: 'ADMIN' } }))).toHaveLength(1);
    expect(one(Rule.match({ field: 'user', keyword: 'adm' }), ev('adm'))).toHaveLength(0);
    const lv = Rule.match({ level: 'WARN', keyword: 'disk' });
    expect(one(lv, ev('disk full', { severityNumber: 13 }))).toHaveLength(1);
    expect(one(lv, ev('disk full', { severityNumber: 9 }))).toHaveLength(0);
    expect(one(lv, ev('cpu', { severityNumber: 17 }))).toHaveLength(0);
    expect(one(Rule.match(['x', 'y']), ev('..y..'))).toHaveLength(1);
    expect(one(Rule.match({ field: 'tenant' }), ev('m', { attributes: { tenant: 'a' } }))).toHaveLength(1);
  });
  it('invalid conditions', () => {
    const path = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).path;
      }
      return 'no error';
    };
    expect(path(() => Rule.match({ equals: 5 }))).toBe('match.condition.field');
    expect(path(() => Rule.match({}))).toBe('match.condition');
    expect(path(() => Rule.match({ fld: 'a' } as never))).toBe('match.condition.fld');
    expect(path(() => Rule.match(42 as never))).toBe('match.condition');
    expect(path(() => Rule.match({ level: 'LOUD' }))).toBe('match.condition.level');
    expect(path(() => Rule.match({ keyword: [''] }))).toBe('match.condition.keyword[0]');
  });
});
