import { describe, expect, it } from 'vitest';
import { normalize, Normalizer } from '../../src/security/normalize.js';
import { unwrapLookups } from '../../src/security/lookup-unwrap.js';

describe('normalize', () => {
  it('decodes URL encoding, plus as space, and lower-cases', () => {
    const n = normalize('1%20UNION+SELECT%2C2');
    expect(n.text).toBe('1 union select,2');
    expect(n.layers).toBe(1);
    expect(n.metaLayers).toBe(0);
  });

  it('decodes nested encodings and counts layers that hide syntax', () => {
    const n = normalize('%252E%252E%252Fetc%252Fpasswd');
    expect(n.text).toBe('../etc/passwd');
    expect(n.layers).toBe(2);
    expect(n.metaLayers).toBe(1);
  });

  it('does not count a doubly encoded space as evasion', () => {
    const n = normalize('jquery%2520mobile');
    expect(n.text).toBe('jquery mobile');
    expect(n.metaLayers).toBe(0);
  });

  it('folds overlong UTF-8 and drops stray lead bytes', () => {
    expect(normalize('%c0%ae%c0%ae%c0%af').text).toBe('../');
    expect(normalize('..%c0%5c..').text).toBe('..\\..');
    expect(normalize('%e0%80%ae').text).toBe('.');
  });

  it('decodes %u, HTML entities (numeric without ;) and JS escapes', () => {
    expect(normalize('..%u2215..%u2216').text).toBe('../..\\');
    expect(normalize('&lt;script&gt;').text).toBe('<script>');
    expect(normalize('&#106&#97&#118&#x61;script:').text).toBe('javascript:');
    expect(normalize('&#0000060;').text).toBe('<');
    expect(normalize('\\u0061lert\\x28\\u{31})').text).toBe('alert(1)');
  });

  it('keeps a query string with an entity-like name as it is', () => {
    expect(normalize('a=1&lt=2').text).toBe('a=1&lt=2');
  });

  it('maps full-width characters and notes NUL bytes', () => {
    expect(normalize('／ｅｔｃ／ｐａｓｓｗｄ').text).toBe('/etc/passwd');
    const n = normalize('file.php%00.jpg');
    expect(n.nul).toBe(true);
    expect(n.text).toBe('file.php\0.jpg');
  });

  it('unwraps Log4j lookups', () => {
    expect(normalize('${${lower:j}${upper:n}${::-d}${env:NOPE:-i}:ldap://x}').text).toBe('${jndi:ldap://x}');
    expect(unwrapLookups("${date:'j'}ndi")).toBe('jndi');
    expect(unwrapLookups('Config value ${DATABASE_URL} not set')).toBe('Config value ${DATABASE_URL} not set');
  });

  it('bounds the input length and the decoding rounds', () => {
    const n = new Normalizer({ maxLength: 10, maxRounds: 2 });
    expect(n.normalize('a'.repeat(100)).text).toHaveLength(10);
    const deep = n.normalize('%25252e');
    expect(deep.layers).toBe(2);
    expect(deep.text).toBe('%2e');
  });

  it('never throws on odd input', () => {
    for (const s of ['%', '%%', '%u', '%uZZZZ', '&#', '&#x;', '&#99999999999;', '\\u{110000}', '\\', '${', '}}}', '\uD800', '%f0%9f%98', '%ff%fe']) {
      expect(() => normalize(s)).not.toThrow();
    }
  });
});
