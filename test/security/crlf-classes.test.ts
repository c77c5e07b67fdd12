import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { normalize } from '../../src/security/normalize.js';
import { foldWideBreaks } from '../../src/security/wide-break.js';

// Header injection: line breaks as servers read them, custom and mail headers after a one-word value, versus
// multi-line form text. Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const crlf = (v: string) => d.score(v).rules.includes('crlf-header');

describe('line breaks a header writer sees', () => {
  it('a lone CR is a line break, a CR before LF a space', () => {
    expect(normalize('a%0db').text).toBe('a\nb');
    expect(normalize('a%0d%0ab').text).toBe('a \nb');
  });
  it("wide characters truncating to CR and LF, in a pair or between ASCII text and a letter (the header analyser's view only)", () => {
    expect(normalize('%E5%98%8D%E5%98%8ASet').text).toBe('嘍嘊set');
    expect(normalize('%E5%98%8D%E5%98%8ASet').wideBreaks).toBe(true);
    expect(foldWideBreaks(normalize('%E5%98%8D%E5%98%8ASet').text)).toBe('\nset');
    expect(foldWideBreaks(normalize('x%E5%98%8ASet').text)).toBe('x\nset');
    // what the other analysers (shell, SQL) read keeps the character
    expect(normalize('Linux上ls -la显示什么').text).toBe('linux上ls -la显示什么');
  });
  it('one inside CJK text stays', () => {
    expect(normalize('上海').text).toBe('上海');
    expect(normalize('在上Git').text).toBe('在上git');
  });
});

describe('headers after a one-word value', () => {
  it.each([
    'foo%0aX-Injected:%201',
    '%0d%0aX-Debug: 1',
    '%23%0dSet-Cookie:x=1',
    'en%E5%98%8D%E5%98%8ASet-Cookie:%20a=b',
    'test%0d%0aBcc:%20victim@example.org',
    'me@example.org%0ACc:%20all@example.net',
    'hi%0d%0aReply-To:%20x@evil.example',
  ])('an attack: %s', (v) => {
    expect(crlf(v)).toBe(true);
  });
  it.each([
    'Chart settings:%0D%0AX-axis: time%0D%0AY-axis: count',
    'Dear team,%0D%0ATo: whom it may concern',
    'Agenda%0D%0ACc: the usual people',
    'Shipping%0D%0AFrom: Lisbon%0D%0ATo: Porto',
    'Line one%0D%0ANote: bring snacks',
    'Kind regards%0D%0AAnna - Follow-up: next week',
    'Hello there%0D%0ABcc: me@example.org',
    'x%0d%0aX-:%201',
    'old mac text\rsecond line',
  ])('clean: %s', (v) => {
    expect(crlf(v)).toBe(false);
  });
});
