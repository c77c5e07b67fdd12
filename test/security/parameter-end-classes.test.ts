import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// Where a value ends, and what a parameter is: a statement or clause named in a search ends where its
// parameter ends (`&page=2`), a link's own query parameters are not the request's, prose after an
// `ORDER BY n` is no column probe, keywords searched for are no statement, and the `=` of code quoted
// in a sentence does not make a value a parameter list. Values written for these tests (not taken
// from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;
const signals = (attributes: Record<string, unknown>) => {
  const out: unknown[] = [];
  new InjectionDetector().observe({ time: 0, severityNumber: 0, severityText: '', message: '', attributes, eventName: '' }, out as never);
  return out.length;
};
const asQuery = (v: string) => signals({ 'url.query': `q=${encodeURIComponent(v)}&page=2` });
const asForm = (v: string) => signals({ 'http.request.body': `name=ana&comment=${encodeURIComponent(v)}` });
const asJson = (v: string) => signals({ 'http.request.body': JSON.stringify({ name: 'ana', comment: v }) });

describe('benign: the end of a parameter, a link, prose after a clause, keywords searched for', () => {
  it.each([
    'shutdown -r now what happens',
    'waitfor delay syntax explained',
    'Use ORDER BY 3 DESC and the list looks right',
    'Sorting with ORDER BY 2 ASC gives nothing useful',
    'see https://forum.example/t?q=select+from+where',
    'bookmark: https://docs.example/search?term=select+union&lang=en',
    '../ means the parent folder',
    'Try "UPDATE prefs SET theme=\'dark\';" but nothing changes',
    "We tried 'DELETE FROM jobs WHERE state=3;' and it hangs",
  ])('clean as a query, a form and a JSON value: %s', (v) => {
    expect(asQuery(v)).toBe(0);
    expect(asForm(v)).toBe(0);
    expect(asJson(v)).toBe(0);
  });
});

describe('attacks keep their shape', () => {
  it.each([
    ['url.query', 'q=1 order by 5&page=1'],
    ['url.query', 'sort=1 order by 9 desc&x=1'],
    ['url.query', 'q=drop table users&page=1'],
    ['url.query', 'id=1; shutdown with nowait&x=2'],
    ['url.query', 'q=select+@@version&page=1'],
    ['url.query', 'q=1 union select+1,2&page=1'],
    ['url.query', "id=1' order by 3-- but why&x=1"],
    ['url.full', 'https://shop.example/search?q=1 union select password from users'],
    ['url.query', 'next=../../../etc/passwd&page=1'],
  ])('%s %s', (field, v) => {
    expect(signals({ [field]: v })).toBe(1);
  });
  it.each(['1 order by 5', '1 order by 3 desc', "admin' order by 3 desc", 'select+@@version', "x'; shutdown--"])('value: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
});

describe('a post with a phrase before its first `=` is no parameter list; keywords compared are no statement', () => {
  it.each(['DELETE FROM carts WHERE id = 3;\n^ copied from the docs, is it right?', "UPDATE flags SET on = 'yes';\nthat is what the wiki says but it does nothing"])(
    'clean as a body and a JSON value: %s',
    (v) => {
      expect(signals({ 'http.request.body': v })).toBe(0);
      expect(asJson(v)).toBe(0);
    },
  );
  it.each(['truncate table vs delete from', 'insert into vs select into performance', 'DROP TABLE versus TRUNCATE TABLE'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
    expect(asQuery(v)).toBe(0);
  });
  // a whole statement typed alone (`insert into admins values (1)`) breaks out of nothing: named-code-classes.test.ts
  it.each(['drop table users', '1; drop table vs', "x'; delete from users--", 'insert into admins values (1); drop table x'])('still an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(4);
  });
  it('a phrase list without a post is still read parameter by parameter', () => {
    expect(signals({ 'http.request.body': "note here=1' or '1'='1&x=2" })).toBe(1);
  });
});
