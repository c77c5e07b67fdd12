import { describe, expect, it } from 'vitest';
import { CodeInjectionAnalyser } from '../../src/security/code-injection.js';
import { HeaderInjectionAnalyser } from '../../src/security/header-injection.js';
import { Normalizer } from '../../src/security/normalize.js';
import { HitList, type Analyser } from '../../src/security/rule-hit.js';

const norm = new Normalizer();
function rules(a: Analyser, value: string): string[] {
  const hits = new HitList();
  a.analyse(norm.normalize(value).text, 1, hits);
  return hits.ids.slice(0, hits.count);
}

describe('CodeInjectionAnalyser', () => {
  const a = new CodeInjectionAnalyser();
  it.each([
    ["<?php system($_GET['c']); ?>", 'code-php-tag'],
    ['${@print(md5(1))}', 'code-php-complex'],
    ["base64_decode('aWQ=')", 'code-php-function'],
    ['<!--#exec cmd="id"-->', 'code-ssi'],
    ['O:8:"stdClass":1:{s:1:"a";s:1:"b";}', 'code-php-object'],
    ['rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==', 'code-java-serialized'],
    ['x=aced0005737200116a6176612e7574', 'code-java-serialized'],
    ['org.apache.commons.collections.functors.InvokerTransformer', 'code-java-gadget'],
    ['__proto__[admin]=1', 'code-prototype-pollution'],
    ['constructor[prototype][admin]=1', 'code-prototype-pollution'],
    ['user[$ne]=x', 'code-nosql-operator'],
    ['{"$where":"sleep(100)"}', 'code-nosql-operator'],
  ])('finds %s', (value, rule) => {
    expect(rules(a, value)).toContain(rule);
  });
  // a decoy before the payload: each marker is looked for past an occurrence that does not qualify
  it.each([
    ['<?xml version="1.0"?><?php $a=1; ?>', 'code-php-tag'],
    ['<!--# note --><!--#exec cmd="id"-->', 'code-ssi'],
    ["my_base64_decode(1) base64_decode('aWQ=')", 'code-php-function'],
    ['xrO0AB data=rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==', 'code-java-serialized'],
    ['constructor x constructor[prototype][admin]=1', 'code-prototype-pollution'],
  ])('finds %s after a decoy', (value, rule) => {
    expect(rules(a, value)).toContain(rule);
  });
  // however many decoys come first (the look-ups per occurrence are bounded: linear without a count cap)
  it.each([
    ['code-php-tag', `${'<?'.repeat(100)}<?php $a=1; ?>`],
    ['code-ssi', `${'<!--# '.repeat(100)}<!--#exec cmd="id"-->`],
    ['code-php-function', `${'my_assert(1) '.repeat(100)}assert($x)`],
    ['code-java-serialized', `${'xrO0AB '.repeat(100)}rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==`],
    ['code-prototype-pollution', `${'constructor '.repeat(100)}constructor[prototype][admin]=1`],
    ['code-php-complex', `${'$'.repeat(100)}\${@print(md5(1))}`],
    ['code-php-object', `${'a: '.repeat(100)}O:8:"stdClass":1:{s:1:"a";s:1:"b";}`],
    ['code-php-object', ':x O:8:"stdClass":1:{s:1:"a";s:1:"b";}'],
  ])('finds %s after 100 decoys', (rule, value) => {
    expect(rules(a, value)).toContain(rule);
  });
  it.each(['I paid $5 (cash)', 'price: $_ per unit', 'my_assert(x) is a helper', 'O:8 is my seat', 'the constructor of the prototype', 'cost {"$": 5}', 'Java is an island', 'a:1:{b}', 'ro0ab'])(
    'stays quiet on %s',
    (value) => {
      expect(rules(a, value)).toEqual([]);
    },
  );
});

describe('HeaderInjectionAnalyser', () => {
  const a = new HeaderInjectionAnalyser();
  it.each(['x%0d%0aSet-Cookie:%20a=b', 'x%0aLocation:%20https://evil.example/', '%0d%0aContent-Length:%200', 'en%0d%0aX-Forwarded-For:%20127.0.0.1', 'a%0d%0a%0d%0aHTTP/1.1 200 OK'])(
    'finds %s',
    (value) => {
      expect(rules(a, value)).not.toEqual([]);
    },
  );
  it('finds a header after 100 ordinary lines', () => {
    expect(rules(a, `${'line%0a'.repeat(100)}Set-Cookie:%20a=b`)).toEqual(['crlf-header']);
  });
  it.each(['Dear team,\nLocation: Paris office\nHost: Ann', 'line one\nline two', 'Set-Cookie: a=b on one line', 'notes\nvia email'])('stays quiet on %j', (value) => {
    expect(rules(a, value)).toEqual([]);
  });
});
