import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Masking, type MaskingOptions } from '../../src/templates/masking.js';
import { TokenBuffer, Tokenizer } from '../../src/templates/tokenize.js';
import { mulberry32 } from '../helpers/prng.js';

// Differential test of the tokenizer: `tokenize-differential.json` holds, for every line below under
// several option sets, a digest of what the tokenizer wrote (count, starts, ends, first ends, kinds,
// word classes, hashes) and of what the buffer derives from it (display text, token text, literal,
// affix code, parameter text, parameter). It was written by the tokenizer as it was before its
// classification moved into the boundary loop (commit f313acc); the lines are the loghub samples of
// test/fixtures/golden/corpora, the app lines, and seeded random token soup stored in the fixture.
// Regenerate only on purpose: UPDATE_TOKENIZE=1 npx vitest run test/templates/tokenize-differential.test.ts

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURE = join(here, '../fixtures/templates/tokenize-differential.json');

interface Variant {
  name: string;
  masking?: MaskingOptions;
  extra: string;
  maxLength: number;
  maxTokens: number;
}

const VARIANTS: Variant[] = [
  { name: 'default', extra: '', maxLength: 2048, maxTokens: 128 },
  { name: 'digits-token', masking: { digits: 'token' }, extra: '', maxLength: 2048, maxTokens: 128 },
  { name: 'digits-off', masking: { digits: false, units: false, dates: false, collapse: false }, extra: ',;', maxLength: 2048, maxTokens: 128 },
  { name: 'all-kv', masking: { keyValue: 'all', quoted: false, hex: false, hostnames: false, empty: false }, extra: '', maxLength: 2048, maxTokens: 128 },
  { name: 'few-off', masking: { numbers: false, url: false, email: false, path: false, keyValue: false }, extra: '|', maxLength: 2048, maxTokens: 128 },
  { name: 'rules-short', masking: { rules: [{ pattern: '[a-z]+_[0-9]+' }, { pattern: /id-\w+/i }] }, extra: '', maxLength: 90, maxTokens: 9 },
];

function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0x1f, 0x01000193);
}

/** Digest of the buffer after tokenising `text`: the token count and a 32-bit hash over a rendering of every field. */
function digest(text: string, buf: TokenBuffer): string {
  let a = 0x811c9dc5 | 0;
  for (let i = 0; i < buf.count; i++) {
    const fields = `${buf.starts[i]},${buf.ends[i]},${buf.firstEnds[i]},${buf.kinds[i]},${buf.words[i]},${buf.hashes[i]}`;
    const derived = `${buf.displayText(text, i)}\u0001${buf.tokenText(text, i)}\u0001${buf.literal(text, i)}\u0001${buf.affixCode(text, i)}\u0001${buf.parameterText(text, i)}\u0001${buf.parameter(text, i)}`;
    a = fnv(fnv(a, fields), derived);
  }
  return `${buf.count}:${(a >>> 0).toString(36)}`;
}

/** Seeded random token soup: numbers, signs, hex, `0x`, IPv4/IPv6, units, dates, punctuation, unicode. */
function soup(count: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const int = (k: number) => Math.floor(rnd() * k);
  const pick = <T>(a: readonly T[]): T => a[int(a.length)];
  const hex = (k: number) => Array.from({ length: k }, () => pick('0123456789abcdefABCDEF'.split(''))).join('');
  const chars = 'aZ09-+._:/\\=@#%,;()[]{}<>"\'`~!$^&*|?µé中😀\t '.split('');
  const words = [
    'error',
    'Failed',
    'GET',
    'ms',
    'KB',
    'sec)',
    'bytes',
    'Jun',
    'Fri',
    'PM',
    'utc,',
    'deadbeef',
    'DEADBEEFCAFE',
    'abcdefab',
    'user',
    'root',
    'blk',
    'µs',
    'Résumé',
    'naïve',
    'x',
    'X',
    '<*>',
    '()',
    '[]',
    '""',
    "''",
    '{}',
  ];
  const pieces: (() => string)[] = [
    () => String(int(100000)),
    () => `-${int(1000)}`,
    () => `+${int(99)}`,
    () => `${int(100)}.${int(1000)}`,
    () => `-${int(9)}.${int(99)}e-${int(9)}`,
    () => `0x${hex(1 + int(12))}`,
    () => `0X${hex(int(3))}`,
    () => hex(4 + int(14)),
    () => `${int(256)}.${int(256)}.${int(256)}.${int(256)}${rnd() < 0.3 ? `:${int(65536)}` : ''}`,
    () => `${hex(4)}::${hex(3)}:${hex(4)}`,
    () => `[${hex(4)}:${hex(2)}::${int(9)}]:${int(9999)}`,
    () => `${int(999)} ${pick(['ms', 'KB', 'MiB', 'seconds', 'h', 'd', 'µs', 'Bytes', 'sec', 'min)'])}`,
    () => `${int(999)}${pick(['ms', 'K', 'kb', 's', '%', 'GB,'])}`,
    () => `${pick(['Mon', 'Tue', 'fri', 'SEPT', 'june', 'Dec,'])} ${pick(['Jan', 'Jul', 'Oct'])} ${int(31)} ${int(24)}:${int(60)}:${int(60)} ${1990 + int(40)}`,
    () => `${1990 + int(40)}-${int(13)}-${int(32)}T${int(24)}:${int(60)}:${int(60)}.${int(1000)}Z`,
    () => `${int(32)}/${pick(['Jun', 'Dec'])}/${2000 + int(30)}:${int(24)}:${int(60)}`,
    () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
    () => `${pick(['uid', 'user', 'a.b', 'x-y', 'k_1', 'bad key', '(uid', 'LOGIN(uid'])}=${pick(['0', 'root', '/tmp', 'a@b', 'host.example.com', '"q"', '', 'x:y', String(int(99)), '0x1f)'])}`,
    () => `${pick(['/var/log/', './', '~/', 'C:\\Windows\\', '/a', '//', 'http://', 'https://x.io/', 'ftp://'])}${pick(words)}${rnd() < 0.5 ? `/${int(99)}` : ''}`,
    () => `${pick(words)}@${pick(['example.com', 'x', 'a.b.c', 'host.io'])}`,
    () => `${pick(['ns', 'proxy.cs', 'a-b', 'www'])}.${pick(['example', 'cuhk.edu', 'x'])}.${pick(['com', 'hk', 'org', 'zz', 'internal', 'Com'])}${rnd() < 0.2 ? `:${int(9999)}` : ''}`,
    () => `${pick(['"', "'"])}${Array.from({ length: int(5) }, () => pick(words)).join(' ')}${rnd() < 0.8 ? pick(['"', "'"]) : ''}`,
    () => `"${pick(['GET', 'POST', 'DELETE', 'OPTIONSXYZW'])} ${pick(['/x', '*', 'a', '1'])} HTTP/1.1"`,
    () => `${pick(['blk_', 'dn', 'CPU#', 'eth', 'jk2_init(', 'r-', 'id_'])}${rnd() < 0.3 ? '-' : ''}${int(9999)}${pick(['', ')', ',', '()', '_x', 'b'])}`,
    () => `${pick(['(', '[', '<', '{', '"', "'", ''])}${pick(words)}${int(99)}${pick([')', ']', '>', '}', '"', ',', ':', '.', ''])}`,
    () => pick(words),
    () => pick(words),
    () => Array.from({ length: 1 + int(12) }, () => pick(chars)).join(''),
    () => String.fromCharCode(...Array.from({ length: 1 + int(6) }, () => int(0x3000))),
  ];
  const out: string[] = [];
  for (let l = 0; l < count; l++) {
    const n = l % 100 === 0 ? 60 + int(80) : 1 + int(16);
    const parts: string[] = [];
    for (let t = 0; t < n; t++) parts.push(pick(pieces)());
    const seps = [' ', ' ', ' ', '  ', '\t', ', ', ' | '];
    let s = parts[0];
    for (let t = 1; t < n; t++) s += pick(seps) + parts[t];
    out.push(rnd() < 0.05 ? ` ${s} ` : s);
  }
  return out;
}

function corpusLines(): string[] {
  const dir = join(here, '../fixtures/golden/corpora');
  const lines: string[] = [];
  for (const f of readdirSync(dir).sort())
    if (f.endsWith('.txt'))
      lines.push(
        ...readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      );
  lines.push(
    ...readFileSync(join(here, '../fixtures/templates/app-lines.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0),
  );
  return lines;
}

function digests(lines: readonly string[], v: Variant): string[] {
  const tokenizer = new Tokenizer(new Masking(v.masking, 'masking'), v.extra, v.maxLength);
  const buf = new TokenBuffer(v.maxTokens);
  return lines.map((l) => {
    tokenizer.tokenize(l, buf);
    return digest(l, buf);
  });
}

interface Fixture {
  soup: string[];
  digests: Record<string, string[]>;
}

describe('tokenizer differential', () => {
  if (process.env.UPDATE_TOKENIZE === '1') {
    const s = soup(3000, 20261201);
    const lines = [...corpusLines(), ...s];
    const out: Fixture = { soup: s, digests: {} };
    for (const v of VARIANTS) out.digests[v.name] = digests(lines, v);
    writeFileSync(FIXTURE, `${JSON.stringify(out)}\n`);
  }
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
  const lines = [...corpusLines(), ...fixture.soup];

  it.each(VARIANTS.map((v) => [v.name, v] as const))('tokenises every line as before (%s)', (_name, v) => {
    const want = fixture.digests[v.name];
    expect(want.length).toBe(lines.length);
    const got = digests(lines, v);
    const diff: string[] = [];
    for (let i = 0; i < lines.length && diff.length < 5; i++) if (got[i] !== want[i]) diff.push(`line ${i}: ${JSON.stringify(lines[i])} ${got[i]} != ${want[i]}`);
    expect(diff).toEqual([]);
  });

  it('covers every kind of token under the default options', () => {
    const tokenizer = new Tokenizer(new Masking(undefined, 'masking'), '', 2048);
    const buf = new TokenBuffer(128);
    const kinds = new Set<number>();
    for (const l of lines) {
      tokenizer.tokenize(l, buf);
      for (let i = 0; i < buf.count; i++) kinds.add(buf.kinds[i]);
    }
    expect([...kinds].sort()).toEqual([0, 1, 2, 3]);
  });
});
