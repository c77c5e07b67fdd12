import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// LDAP filter break-outs with extra parentheses, extensible matches and the metacharacter probe,
// versus the same characters in ordinary values. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

describe('LDAP filter break-outs', () => {
  it.each(['bob*)((|mail=*)', 'x*)(((&(cn=*)', '*)(memberOf:1.2.840.113556.1.4.1941:=cn=admins,dc=example,dc=org)', 'eve*)(cn:dn:=admin)', '*()|&', 'a*)(|', 'k*()&x'])('an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it.each(['smile :) (really)', 'f(x) = (a*)(b) in algebra', 'rate: 5*(3+2) | total', 'time 10:30 (approx) :=)', '(see note) (and this)', 'wow*) ok'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});
