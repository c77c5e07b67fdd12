import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// Razor's `@(...)` expressions and Handlebars block helpers with block parameters, versus `@(` and
// `{{#` in ordinary values. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const score = (v: string) => d.score(v).score;

describe('Razor expressions and Handlebars block parameters', () => {
  it.each(['@(6*9)', 'Dear @(3*3)', "x @('a'%2B'b')", '{{#with "x" as |s|}}{{/with}}', 'name: {{#each list as |e|}}{{/each}}'])('an attack: %s', (v) => {
    expect(score(v)).toBeGreaterThanOrEqual(5);
  });
  it.each(['call @(555) 123-4567', 'ping me@(work) later', '@(home) 10-12', '{{#if ready}}go{{/if}} as | the sign', 'team@(2024)'])('clean: %s', (v) => {
    expect(score(v)).toBe(0);
  });
});
