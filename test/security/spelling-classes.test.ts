import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// Attack spellings: an empty substitution splitting a command name, a here-string feeding a command,
// a `$where` field test joined to a closed string, UNION SELECT with `+` kept for spaces. Both
// sides of each class; values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

describe('attack spellings', () => {
  it.each([
    ';una$()me -a',
    '|i$()d',
    '&&who``ami',
    'x;ca$()t /etc/hosts',
    ';$(rev<<<dwssap/cte/)',
    '|sh<<<id',
    "' && this.pin.match(/^9/) && '",
    '" || this.api_key.match(/.*/) || "',
    '0 || this.role.match(/adm/)',
    '5+union+select+null,null--',
    '-1+UNION+DISTINCT+SELECT+1,2',
    "x'+union+all+select+version()#",
  ])('attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it.each([
    'the total was 5$() today',
    'use x << 2 to double it',
    'a <<< b is a here-string in bash, right?',
    "'a' || 'b' in JavaScript gives 'a'",
    'this.value.match is not a function',
    'trade union + all members meet',
    'union+all members welcome',
  ])('clean: %s', (v) => {
    expect(score(v)).toBeLessThan(5);
  });
});
