// Held-out set 9 (test/fixtures/security/heldout9) loads and has the documented counts: the committed
// outputs are what its seeded generators build, every form value is distinct, every attack payload is a
// form and a query record, every product has failure and normal rows with a client address. No detector
// is run here: the set must not be tuned on (it is scored by `node bench/security.js --heldout9`).
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectAttackRecords, expectFormValues, expectGeneratedFiles } from '../helpers/heldout-set.js';
// @ts-expect-error: plain ESM generators without declarations
import { generateAttacks } from '../fixtures/security/heldout9/attacks-gen.mjs';
// @ts-expect-error: plain ESM generators without declarations
import { generateAuthRows } from '../fixtures/security/heldout9/auth-gen.mjs';
// @ts-expect-error: plain ESM generators without declarations
import { generateForms } from '../fixtures/security/heldout9/forms-gen.mjs';
import { heldout9Attacks, heldout9AuthLines, heldout9AuthRows, heldout9FormValues } from '../fixtures/security/heldout9/sets.mjs';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/security/heldout9');
const PRODUCTS = [
  'bigip',
  'cas',
  'cockroach',
  'couchdb',
  'ejabberd',
  'emqx',
  'icinga2',
  'kafka',
  'kerio',
  'maxscale',
  'minecraft',
  'murmur',
  'nats',
  'ocserv',
  'opensearch',
  'pgbouncer',
  'redmine',
  'registry',
  'rsyncd',
  'shibboleth',
  'verdaccio',
  'vnc',
];
/** BIG-IP APM failure lines name only the access session; the client is on the session's `New session from client IP` line. */
const SESSION_JOINED = /^01490106:3: /;

describe('held-out set 9', () => {
  it('the committed files are what the generators build', () => {
    expectGeneratedFiles(dir, generateForms(), generateAttacks());
    expect(heldout9AuthRows()).toEqual(generateAuthRows());
  });

  it('has 2,340 distinct benign form values in 26 kinds of 90', () => {
    expectFormValues(heldout9FormValues(), 'heldout9', 26, 90);
  });

  it('has 714 attack payloads in 21 classes of 34, each as a form and a query record', () => {
    expectAttackRecords(heldout9Attacks(), 21, 34);
  });

  it('has 3,520 auth rows of 22 products, failures with a client address the set names', () => {
    const rows = heldout9AuthRows();
    expect(rows).toHaveLength(3520);
    expect([...new Set(rows.map((r) => r.daemon))].sort()).toEqual(PRODUCTS);
    for (const d of PRODUCTS) {
      const mine = rows.filter((r) => r.daemon === d);
      expect(mine).toHaveLength(160);
      const f = mine.filter((r) => r.kind === 'F');
      expect(f).toHaveLength(80);
      for (const r of f) {
        expect(isIP(r.client)).toBeGreaterThan(0);
        expect(r.program).toMatch(/^[\w.-]+\[\d+\]$/);
        if (SESSION_JOINED.test(r.message)) expect(r.message).not.toContain(r.client);
        else expect(r.message).toContain(r.client);
      }
      for (const r of mine.filter((x) => x.kind === 'N')) expect(r.client).toBe('-');
    }
    // each session-joined failure follows its session's first line, which names the client
    const joined = rows.map((r, i) => [r, i] as const).filter(([r]) => r.kind === 'F' && SESSION_JOINED.test(r.message));
    expect(joined).toHaveLength(6);
    for (const [r, i] of joined) {
      const session = r.message.split(' ')[1];
      const start = rows.findIndex((x) => x.message.startsWith(`01490500:5: ${session} New session from client IP ${r.client} `));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start).toBeLessThan(i);
    }
    expect(new Set(rows.map((r) => `${r.daemon}|${r.message}`)).size).toBe(3520);
  });

  it('renders every row in the six layouts of auth-formats', () => {
    const lines = heldout9AuthLines();
    expect(lines).toHaveLength(3520 * 6);
    for (const l of lines) expect(l.split).toBe('heldout9');
  });
});
