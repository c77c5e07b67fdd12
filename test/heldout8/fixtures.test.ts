// Held-out set 8 (test/fixtures/security/heldout8) loads and has the documented counts: the committed
// outputs are what its seeded generators build, every form value is distinct, every attack payload is a
// form and a query record, every product has failure and normal rows with a client address. No detector
// is run here: the set must not be tuned on (it is scored by `node bench/security.js --heldout8`).
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectAttackRecords, expectFormValues, expectGeneratedFiles } from '../helpers/heldout-set.js';
// @ts-expect-error: plain ESM generators without declarations
import { generateAttacks } from '../fixtures/security/heldout8/attacks-gen.mjs';
// @ts-expect-error: plain ESM generators without declarations
import { generateAuthRows } from '../fixtures/security/heldout8/auth-gen.mjs';
// @ts-expect-error: plain ESM generators without declarations
import { generateForms } from '../fixtures/security/heldout8/forms-gen.mjs';
import { heldout8Attacks, heldout8AuthLines, heldout8AuthRows, heldout8FormValues } from '../fixtures/security/heldout8/sets.mjs';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/security/heldout8');
const PRODUCTS = [
  'argocd',
  'atlassian',
  'authelia',
  'clickhouse',
  'cpanel',
  'esxi',
  'etcd',
  'freeradius',
  'freeswitch',
  'krb5kdc',
  'minio',
  'mosquitto',
  'netscaler',
  'nextcloud',
  'opensmtpd',
  'opnsense',
  'oracle',
  'rabbitmq',
  'redis',
  'roundcube',
  'slapd',
  'traefik',
];
/** Products whose failure line names no address (the client is on the session's normal line). */
const SESSION_JOINED = new Set(['slapd', 'clickhouse']);

describe('held-out set 8', () => {
  it('the committed files are what the generators build', () => {
    expectGeneratedFiles(dir, generateForms(), generateAttacks());
    expect(heldout8AuthRows()).toEqual(generateAuthRows());
  });

  it('has 2,520 distinct benign form values in 28 kinds of 90', () => {
    expectFormValues(heldout8FormValues(), 'heldout8', 28, 90);
  });

  it('has 612 attack payloads in 18 classes of 34, each as a form and a query record', () => {
    expectAttackRecords(heldout8Attacks(), 18, 34);
  });

  it('has 616 auth rows of 22 products, failures with a client address the set names', () => {
    const rows = heldout8AuthRows();
    expect(rows).toHaveLength(616);
    expect([...new Set(rows.map((r) => r.daemon))].sort()).toEqual(PRODUCTS);
    const messages = rows.map((r) => r.message).join('\n');
    for (const d of PRODUCTS) {
      const mine = rows.filter((r) => r.daemon === d);
      expect(mine).toHaveLength(28);
      const f = mine.filter((r) => r.kind === 'F');
      expect(f.length).toBe(d === 'slapd' ? 8 : d === 'clickhouse' ? 7 : 14);
      for (const r of f) {
        expect(isIP(r.client)).toBeGreaterThan(0);
        if (SESSION_JOINED.has(d)) expect(r.message).not.toContain(r.client);
        else expect(r.message).toContain(r.client);
      }
      for (const r of mine.filter((x) => x.kind === 'N')) expect(r.client).toBe('-');
    }
    for (const r of rows.filter((x) => SESSION_JOINED.has(x.daemon) && x.kind === 'F')) expect(messages).toContain(r.client);
    expect(new Set(rows.map((r) => `${r.daemon}|${r.message}`)).size).toBe(616);
  });

  it('renders every row in the layouts of auth-formats', () => {
    const lines = heldout8AuthLines();
    const fileLogs = heldout8AuthRows().filter((r) => r.daemon === 'nextcloud' || r.daemon === 'roundcube').length;
    expect(lines).toHaveLength(fileLogs * 3 + (616 - fileLogs) * 6);
    for (const l of lines) expect(l.split).toBe('heldout8');
  });
});
