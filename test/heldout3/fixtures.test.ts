// The held-out set 3 (test/fixtures/security/heldout3) is well-formed: the committed forms.jsonl and auth.tsv are
// what generate.mjs builds, and every daemon of auth.tsv has its failure and normal lines with clients that its
// messages carry. No detection rate is asserted here on purpose: this set is scored in bench/security.js
// (--heldout3) and must never be tuned on.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUTH_TSV, FORM_RECORDS } from '../fixtures/security/heldout3/generate.mjs';
import { heldout3AuthLines, heldout3AuthRows, heldout3FormValues } from '../fixtures/security/heldout3/sets.mjs';

const DAEMONS = ['sshd', 'pam', 'login', 'su', 'sudo', 'vsftpd', 'proftpd', 'pure-ftpd', 'dovecot', 'postfix', 'exim', 'courier', 'cyrus', 'apache', 'nginx', 'web'];
const FILE_LOG_DAEMONS = ['web', 'apache', 'nginx'];

describe('heldout3 form values', () => {
  const values = heldout3FormValues();
  it('holds at least 2,000 distinct benign values in the record format of the other form sets', () => {
    expect(values.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(values.map((v) => v.value)).size).toBe(values.length);
    for (const v of values) {
      expect(Object.keys(v)).toEqual(['kind', 'template', 'split', 'value']);
      expect(v.split).toBe('heldout3');
      expect(v.template.startsWith(`${v.kind}-`)).toBe(true);
      expect(v.value.length).toBeGreaterThan(0);
    }
  });
  it('is the output of generate.mjs (seeded)', () => {
    expect(values).toEqual(FORM_RECORDS);
  });
});

describe('heldout3 authentication lines', () => {
  const rows = heldout3AuthRows();
  it('is the output of generate.mjs', () => {
    expect(fs.readFileSync(new URL('../fixtures/security/heldout3/auth.tsv', import.meta.url), 'utf8')).toBe(AUTH_TSV);
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
      if (r.kind === 'N') {
        expect(r.client).toBe('-');
        continue;
      }
      const name = r.client.startsWith('user:') ? r.client.slice(5) : r.client;
      expect(name.length).toBeGreaterThan(0);
      expect(r.message.toLowerCase(), r.message).toContain(name.toLowerCase());
    }
    expect(new Set(rows.map((r) => `${r.daemon}|${r.message}`)).size).toBe(rows.length);
  });
  it('renders every message in the layouts of auth-formats', () => {
    const lines = heldout3AuthLines();
    expect(lines.length).toBe(rows.reduce((n, r) => n + (FILE_LOG_DAEMONS.includes(r.daemon) ? 3 : 6), 0));
    for (const l of lines) {
      if (l.layout === 'journal-json') expect(JSON.parse(l.line).MESSAGE).toBe(l.message);
      else expect(l.line.endsWith(l.message)).toBe(true);
    }
  });
});
