import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { carriersFlagging } from './carriers.js';

// forms9: code a person pastes or names (a whole SQL statement, a condition or a path in a sentence, a bare
// <script> in a ticket, an option's key file, maths bars), told from a break-out by class. Values written for
// these tests; each attack fails when the exemption beside it is widened.
const d = new InjectionDetector();
const carriers = (v: string) => carriersFlagging(d, v, true);
const flagged = (v: string) => carriersFlagging(d, v).length;

describe('a value that is one complete SQL statement is not a break-out (complete-statement.ts)', () => {
  it.each([
    'SELECT title, year FROM films WHERE rating >= 8 ORDER BY year DESC;',
    "INSERT INTO members (id, name, joined) VALUES (12, 'Ana', '2024-03-01');",
    "UPDATE stock SET qty = qty - 3 WHERE sku = 'B-77';",
    'DELETE FROM carts WHERE updated_at < NOW();',
    'CREATE TABLE course (id INT PRIMARY KEY, name TEXT NOT NULL);',
    'ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;',
    'SELECT a.id FROM a JOIN b ON b.a_id = a.id UNION SELECT id FROM c;',
    // by decision: typed alone, a whole statement breaks out of nothing (a WAF at paranoia 1 reports these)
    'select * from users where name = admin',
    'insert into admins values (1)',
    'DELETE FROM logs WHERE id NOT IN (SELECT id FROM keep); -- why does this take so long?',
    // a prefix pattern on a plain column, and a credential column outside a condition
    "SELECT name FROM student WHERE name LIKE 'a%';",
    "UPDATE users SET password_hash = 'x' WHERE id = 7;",
    "SELECT id FROM orders WHERE shipping_code = 'B7';",
  ])('quiet: %s', (v) => {
    expect(flagged(v)).toBe(0);
  });

  it.each([
    // break-outs: a number or a quote closed, then SQL
    '1; DROP TABLE users--',
    "' OR 1=1--",
    "admin'--",
    "x' UNION SELECT password FROM users--",
    // `union` after a number or a string extends a value
    'select name from users where id = 1 union select password from admins',
    "select name from users where n = 'x' union select password from admins",
    // a second statement after `;`
    'SELECT * FROM users; DROP TABLE users',
    // not complete: a dangling clause, a bare comment cutting the query short
    'select 1 from foo where',
    'select * from users where id=1 --',
    // `select` without `from` reads the server
    'select version();',
    // a system catalog by its prefix
    'select * from pg_roles;',
    // a one-column table: the staging step of a file read
    'create table t (line text);',
    // spellings of filter evasion
    'SELECT\u0000name\u0000FROM\u0000users',
    'SELECT 1FROM users WHERE id=1',
    // another rule inside the statement keeps it
    "select * from users where name = 'a' or 'a'='a';",
    'select chr(112)||chr(119) from dual;',
    // heads never exempt
    'drop table users;',
  ])('reported: %s', (v) => {
    expect(flagged(v)).toBeGreaterThan(0);
  });
});

describe('a condition followed by a sentence is named, not injected (sqli.ts proseAfterOperand)', () => {
  it.each(["we saw ' OR 1=1 hitting our login page yesterday", "my teacher said ' OR 'a'='a works because the quote closes early", '1 OR 1=1 shows every row, why?'])('quiet: %s', (v) => {
    expect(flagged(v)).toBe(0);
  });

  it.each([
    "' OR 1=1 LIMIT 1",
    "' OR 1=1 ORDER BY 1",
    "' OR 1=1 -- hitting our page",
    "' OR 1=1 fetch first 1 rows only",
    "' or 'a'='a",
    "' and 'x'='y",
    "see `x' or '1'='1` — why",
    "' or 1='1 breaks a login query",
    "' or 'a' like 'a plain sentence",
  ])('reported: %s', (v) => {
    expect(flagged(v)).toBeGreaterThan(0);
  });
});

describe('a bare <script> followed by a sentence runs nothing (script-body.ts)', () => {
  it.each(['is an inline <script> block allowed under our policy?', 'Fwd: invoice with <script> inside the attachment title', 'does the CSP stop <script> tags?'])('quiet: %s', (v) => {
    expect(flagged(v)).toBe(0);
  });

  it.each([
    // no closing tag (`</script>` is reported on its own)
    '<script>alert(1)',
    '<script>KCF',
    '<script>',
    '<script>call alert',
    '<script>new Image',
    '<script>x in y',
    '<script>a?b(1):0',
    '<script>x?.y',
    // an HTML-like comment hides the words; the next line runs
    '<script>x <!-- a b\nalert(1)',
    '<script>--> a b\nalert(1)',
  ])('reported: %s', (v) => {
    expect(carriers(v)).toEqual(['query', 'form', 'json', 'raw']);
  });
});

describe('a system file at the end of a short path named in a sentence is a mention (traversal.ts)', () => {
  it.each(['spotted ../../etc/passwd in our proxy logs, should we block it?', 'found ../../etc/shadow in the audit log, is it serious?'])('quiet: %s', (v) => {
    expect(flagged(v)).toBe(0);
  });

  it.each([
    '../../etc/passwd',
    'x ../../etc/passwd',
    'x ../../etc/shadow and more',
    'open ../../etc/passwd now',
    '; cat ../../etc/passwd in logs',
    '|cat ../../etc/passwd for me',
    'see ../../../etc/passwd in logs, should I worry',
  ])('reported: %s', (v) => {
    expect(flagged(v)).toBeGreaterThan(0);
  });
});

describe("a key file given to a command's option is a mention (traversal.ts optionArgument)", () => {
  it.each(['ssh -i ~/.ssh/deploy_ed25519 admin@10.1.2.3 -p 2200 times out', 'ssh -i ~/.ssh/id_rsa deploy@192.0.2.10 asks for a passphrase'])('quiet: %s', (v) => {
    expect(flagged(v)).toBe(0);
  });

  it.each(['~/.ssh/id_rsa', '-i ~/.ssh/id_rsa', '; scp -i ~/.ssh/id_rsa x', 'a | ssh -i ~/.ssh/id_rsa x', '../../.ssh/id_rsa'])('reported: %s', (v) => {
    expect(flagged(v)).toBeGreaterThan(0);
  });
});

describe('maths notation: one-letter calls and absolute-value bars', () => {
  it.each(['P(A|B) = 0.3 and P(B) = 0.5, find P(A)', '|u| = 2, |w| = 5, angle 60°', 'show |w| < 5 for every w', 'so |w| - 1 = 0 and |v| >= 0.5, hence'])('quiet: %s', (v) => {
    expect(flagged(v)).toBe(0);
  });

  it.each([
    '1 and ascii(substr(user(),1,1))>64',
    "' and length(database())=5--",
    'a |w| nc x 80',
    'a |w| x',
    'x|w',
    '|w',
    '1 and user()=1',
    'a |w|>1.php',
    'a |w| >x',
    'a |w|/tmp/x',
    'a |w|-x',
    'a |w|*',
  ])('reported: %s', (v) => {
    expect(flagged(v)).toBeGreaterThan(0);
  });
});
