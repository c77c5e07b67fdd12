// The held-out set 2 (test/fixtures/security/heldout2) is well-formed: the committed forms.jsonl is what
// generate.mjs builds, and every daemon of auth.tsv has its failure and normal lines with clients that its
// messages carry. No detection rate is asserted here on purpose: this set is scored in bench/security.js
// (--heldout2) and must never be tuned on.
import { describe, expect, it } from 'vitest';
import { FORM_RECORDS } from '../fixtures/security/heldout2/generate.mjs';
import { heldout2AuthLines, heldout2AuthRows, heldout2FormValues, sameClient } from '../fixtures/security/heldout2/sets.mjs';

const DAEMONS = ['sshd', 'pam', 'login', 'su', 'sudo', 'vsftpd', 'proftpd', 'pure-ftpd', 'dovecot', 'postfix', 'exim', 'courier', 'cyrus', 'apache', 'nginx', 'web'];

describe('heldout2 form values', () => {
  const values = heldout2FormValues();
  it('holds at least 1,500 distinct benign values in the record format of forms/values.jsonl', () => {
    expect(values.length).toBeGreaterThanOrEqual(1500);
    expect(new Set(values.map((v) => v.value)).size).toBe(values.length);
    for (const v of values) {
      expect(Object.keys(v)).toEqual(['kind', 'template', 'split', 'value']);
      expect(v.split).toBe('heldout2');
      expect(v.template.startsWith(`${v.kind}-`)).toBe(true);
      expect(v.value.length).toBeGreaterThan(0);
    }
  });
  it('is the output of generate.mjs (seeded)', () => {
    expect(values).toEqual(FORM_RECORDS);
  });
});

describe('heldout2 authentication lines', () => {
  const rows = heldout2AuthRows();
  it('gives every daemon at least 10 failure and 10 normal lines', () => {
    for (const d of DAEMONS) {
      expect(rows.filter((r) => r.daemon === d && r.kind === 'F').length, d).toBeGreaterThanOrEqual(10);
      expect(rows.filter((r) => r.daemon === d && r.kind === 'N').length, d).toBeGreaterThanOrEqual(10);
    }
    expect(new Set(rows.map((r) => r.daemon))).toEqual(new Set(DAEMONS));
  });
  it('labels each failure with a client its message carries and each normal line with -', () => {
    for (const r of rows) {
      expect(['F', 'N']).toContain(r.kind);
      if (r.kind === 'N') {
        expect(r.client).toBe('-');
        continue;
      }
      const name = r.client.startsWith('user:') ? r.client.slice(5) : r.client;
      expect(r.message.toLowerCase(), r.message).toContain(name.toLowerCase());
    }
  });
  it('renders every message in the layouts of auth-formats', () => {
    const lines = heldout2AuthLines();
    expect(lines.length).toBe(rows.reduce((n, r) => n + (['web', 'apache', 'nginx'].includes(r.daemon) ? 3 : 6), 0));
    for (const l of lines) if (l.layout !== 'journal-json') expect(l.line.endsWith(l.message)).toBe(true);
  });
  it('compares clients without case and without an IPv4-mapped prefix', () => {
    expect(sameClient('::ffff:192.0.2.9', '192.0.2.9')).toBe(true);
    expect(sameClient('Host.Example.NET', 'host.example.net')).toBe(true);
    expect(sameClient('2001:db8::1', '2001:db8::2')).toBe(false);
    expect(sameClient(undefined, '192.0.2.9')).toBe(false);
  });
});
