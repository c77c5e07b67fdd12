import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// NoSQL: `$where` field tests after a closed string, operators as unquoted object keys, versus `$` keys of JSON
// Schema and code in questions. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const rules = (v: string) => d.score(v).rules.filter((r) => r.startsWith('code-nosql'));

describe('NoSQL injection', () => {
  it.each([
    ["admin' && this.password.match(/.*/)//%00", 'code-nosql-where'],
    ["bob' || this.pin[0] == '1", 'code-nosql-where'],
    ["x' && this.token.length > 3 && 'a'=='a", 'code-nosql-where'],
    ["me@example.org' || this.role.startsWith('adm') || '", 'code-nosql-where'],
    ["'; return this.role != ''; var y='", 'code-nosql-where'],
    ["' || 1==1//", 'code-nosql-where'],
    ['"||"1"=="1', 'code-nosql-where'],
    ["';return 'a'=='a' && ''=='", 'code-nosql-where'],
    ["'; return(true); var x='", 'code-nosql-where'],
    ["'; while(true){}; '", 'code-nosql-where'],
    ["';db.dropDatabase();'", 'code-nosql-where'],
    ["x' ; return db.version() ; var a='", 'code-nosql-where'],
    ['{"pass": {$gt: ""}}', 'code-nosql-operator'],
    ['{"$nor": [{"a": 1}]}', 'code-nosql-operator'],
    ['{"$accumulator": {"init": "function(){}"}}', 'code-nosql-operator'],
  ])('%s', (v, rule) => {
    expect(rules(v)).toContain(rule);
    expect(d.score(v).score).toBeGreaterThanOrEqual(5);
  });
  it.each([
    '{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}',
    '{"$ref": "#/definitions/user"}',
    '{"$id": "https://example.com/p.json", "$comment": "v2", "$defs": {}}',
    'this.state == null when I click, why?',
    "it's this.value && that.value I need",
    "O'Brien && this.x",
    'Price: $ne 5 in my notes',
    'a, $5 each',
    "it's || 1 == 1 I think",
    "don't; return later",
    "x'; db.notes are here",
    "it's; while (true) I wait",
    'if (a || 1 == 1) return;',
    '{ $100: "bill" }',
    // operators as spaced, unquoted keys: how MongoDB code in a developer's post is written (left: a payload in that form is missed)
    'db.users.find({ age: { $gt: 18 } })',
  ])('clean: %s', (v) => {
    expect(rules(v)).toEqual([]);
  });
});
