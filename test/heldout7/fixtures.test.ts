// The held-out set 7 (test/fixtures/security/heldout7) is well-formed: the committed forms.jsonl, attacks.jsonl and
// auth.tsv are what generate.mjs builds, the attack records are consistent with their payloads and encodings, and every
// daemon of auth.tsv has its failure and normal lines with clients that its messages carry. No detection rate is
// asserted here on purpose: this set is scored in bench/security.js (--heldout7) and must never be tuned on.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_LOGS } from '../fixtures/security/auth-formats/lines.mjs';
import { ATTACKS_JSONL, AUTH_TSV, FORMS_JSONL } from '../fixtures/security/heldout7/generate.mjs';
import { heldout7Attacks, heldout7AuthLines, heldout7AuthRows, heldout7FormValues } from '../fixtures/security/heldout7/sets.mjs';

const file = (name: string) => fs.readFileSync(new URL(`../fixtures/security/heldout7/${name}`, import.meta.url), 'utf8');
const DAEMONS = [
  'sshd',
  'dropbear',
  'pam',
  'sudo',
  'su',
  'vsftpd',
  'proftpd',
  'dovecot',
  'postfix',
  'apache',
  'nginx',
  'web',
  'haproxy',
  'squid',
  'gitea',
  'vault',
  'kubernetes',
  'proxmox',
  'fortigate',
  'windows',
  'okta',
  'entra',
];
const CLASSES = [
  'sqli-union',
  'sqli-boolean',
  'sqli-stacked',
  'sqli-time',
  'sqli-error',
  'sqli-tamper',
  'shell',
  'shell-obfuscated',
  'cmd-windows',
  'powershell',
  'ssti',
  'xxe',
  'ldap',
  'xss',
  'traversal',
  'jndi',
  'nosql',
];
const DOC_V4 = /\b(?:192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}\b/;
const ANY_V4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;
const DOMAIN = /[\p{L}\p{N}-]+\.(?:com|org|net)\b/giu;

describe('heldout7 form values', () => {
  const values = heldout7FormValues();
  it('holds at least 2,400 distinct benign values in the record format of the other form sets', () => {
    expect(values.length).toBeGreaterThanOrEqual(2400);
    expect(new Set(values.map((v) => v.value)).size).toBe(values.length);
    for (const v of values) {
      expect(Object.keys(v)).toEqual(['kind', 'template', 'split', 'value']);
      expect(v.split).toBe('heldout7');
      expect(v.template.startsWith(`${v.kind}-`)).toBe(true);
      expect(v.value.length).toBeGreaterThan(0);
    }
    expect(new Set(values.map((v) => v.kind)).size).toBeGreaterThanOrEqual(20);
  });
  it('uses only documentation addresses (and loopback, 0.0.0.0 and reduced browser versions such as Chrome/124.0.0.0; phone numbers are not addresses)', () => {
    for (const v of values.filter((x) => x.kind !== 'phone')) for (const m of v.value.matchAll(ANY_V4)) if (!/^(?:127\.0\.0\.1|\d+\.0\.0\.0)$/.test(m[0])) expect(m[0], v.value).toMatch(DOC_V4);
  });
  it('uses only example domains in e-mail addresses and URLs', () => {
    for (const v of values.filter((x) => x.kind === 'email' || x.kind === 'url')) for (const m of v.value.matchAll(DOMAIN)) expect(m[0].toLowerCase(), v.value).toMatch(/^example\./);
  });
  it('has passwords that together use every printable ASCII symbol', () => {
    const used = new Set(values.filter((v) => v.kind === 'password').flatMap((v) => [...v.value]));
    for (let c = 0x21; c < 0x7f; c++) if (!/[A-Za-z0-9]/.test(String.fromCharCode(c))) expect(used.has(String.fromCharCode(c)), String.fromCharCode(c)).toBe(true);
  });
  it('is the output of generate.mjs (seeded)', () => {
    expect(file('forms.jsonl')).toBe(FORMS_JSONL);
  });
});

describe('heldout7 attacks', () => {
  const attacks = heldout7Attacks();
  it('holds at least 500 distinct payloads of the named classes, each as a form value and as a query value', () => {
    const payloads = new Set(attacks.map((a) => a.payload));
    expect(payloads.size).toBeGreaterThanOrEqual(500);
    expect(new Set(attacks.map((a) => a.cls))).toEqual(new Set(CLASSES));
    for (const cls of CLASSES) expect(attacks.filter((a) => a.cls === cls && a.carrier === 'form').length, cls).toBeGreaterThanOrEqual(30);
    for (const p of payloads) expect(attacks.filter((a) => a.payload === p).map((a) => a.carrier)).toEqual(['form', 'query']);
  });
  it('sends a form value as written and a query value encoded so that decoding it gives the payload back', () => {
    for (const a of attacks) {
      expect(Object.keys(a)).toEqual(['cls', 'carrier', 'encoding', 'payload', 'value']);
      if (a.carrier === 'form') {
        expect(a.encoding).toBe('raw');
        expect(a.value).toBe(a.payload);
        continue;
      }
      expect(['browser', 'encodeURIComponent', 'minimal', 'as-written']).toContain(a.encoding);
      expect(a.value).not.toMatch(/[\s#&]/);
      if (a.encoding === 'as-written') {
        expect(a.value).toBe(a.payload.replace(/ /g, '%20'));
        expect(a.payload).not.toMatch(/[%+]/);
      } else expect(decodeURIComponent(a.encoding === 'browser' ? a.value.replace(/\+/g, ' ') : a.value)).toBe(a.payload);
      if (a.encoding === 'browser') expect(a.value).toMatch(/^[A-Za-z0-9*\-._+%]*$/);
    }
    expect(new Set(attacks.filter((a) => a.carrier === 'query').map((a) => a.encoding))).toEqual(new Set(['browser', 'encodeURIComponent', 'minimal', 'as-written']));
  });
  it('uses only documentation addresses', () => {
    for (const a of attacks) for (const m of a.payload.matchAll(ANY_V4)) if (m[0] !== '127.0.0.1') expect(m[0]).toMatch(DOC_V4);
  });
  it('is the output of generate.mjs', () => {
    expect(file('attacks.jsonl')).toBe(ATTACKS_JSONL);
  });
});

describe('heldout7 authentication lines', () => {
  const rows = heldout7AuthRows();
  it('is the output of generate.mjs', () => {
    expect(file('auth.tsv')).toBe(AUTH_TSV);
  });
  it('gives every daemon at least 12 failure and 12 normal lines', () => {
    for (const d of DAEMONS) {
      expect(rows.filter((r) => r.daemon === d && r.kind === 'F').length, d).toBeGreaterThanOrEqual(12);
      expect(rows.filter((r) => r.daemon === d && r.kind === 'N').length, d).toBeGreaterThanOrEqual(12);
    }
    expect(new Set(rows.map((r) => r.daemon))).toEqual(new Set(DAEMONS));
  });
  it('labels each failure with a client its message carries and each normal line with -', () => {
    for (const r of rows) {
      expect(['F', 'N']).toContain(r.kind);
      expect(r.program.length).toBeGreaterThan(0);
      expect(r.message).not.toMatch(/[\t\n\r]/);
      for (const m of r.message.matchAll(ANY_V4)) if (!/^(?:127\.0\.0\.1|0\.0\.0\.0|10\.\d+\.\d+\.\d+)$/.test(m[0])) expect(m[0], r.message).toMatch(DOC_V4);
      if (r.kind === 'N') {
        expect(r.client).toBe('-');
        continue;
      }
      const name = r.client.startsWith('user:') ? r.client.slice(5) : r.client;
      expect(name.length).toBeGreaterThan(0);
      expect(name).not.toMatch(/^::ffff:|^\d+\.\d+\.\d+\.\d+:\d+$|^\[/);
      if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) expect(name).toMatch(DOC_V4);
      if (name.includes(':')) expect(name.startsWith('2001:db8:')).toBe(true);
      if (/[a-z]\.[a-z]/i.test(name) && !name.includes(':')) expect(name).toMatch(/\.example\.(?:com|org|net)$/);
      expect(r.message.toLowerCase(), r.message).toContain(name.toLowerCase());
    }
    expect(new Set(rows.map((r) => `${r.daemon}|${r.message}`)).size).toBe(rows.length);
  });
  it('renders every message in the layouts of auth-formats', () => {
    const lines = heldout7AuthLines();
    expect(lines.length).toBe(rows.reduce((n, r) => n + (FILE_LOGS.has(r.daemon) ? 3 : 6), 0));
    for (const l of lines) {
      expect(l.split).toBe('heldout7');
      if (l.layout === 'journal-json') expect(JSON.parse(l.line).MESSAGE).toBe(l.message);
      else expect(l.line.endsWith(l.message)).toBe(true);
    }
  });
});
