import { type SqlTokenizer, T } from './sql-tokenizer.js';

/**
 * A value that is one complete, well-formed SQL statement from its first token to its end: the query a
 * person pastes into a question or help field (`select name from student where grade > 80;`,
 * `insert into grades (id, grade) values (7, 'a');`), not a fragment breaking out of a literal. An
 * injection must leave the application's context: a quote closed, a number ended by `;`, `union`
 * or a comment. A value that starts with its own statement head closes nothing; placed in a literal it
 * stays data, placed in code it is a syntax error, and an application that runs the field as SQL is no
 * injection. What it contains is still read by the other rules: a tautology, an attack function, a
 * catalog read, a second statement after `;`.
 *
 * Complete means, over the tokens from `k` to the end of the value's parameter (`stop`):
 * - the head is `select ... from name`, `insert into name`, `update name set`, `delete from name`,
 *   `create table` or `alter table` (drop, truncate, exec, grant and other heads are never exempt; a
 *   `select` with no `from`, `select version()`, `select current_user`, reads the server, not data);
 * - `insert` has `values (` or a `select` after its table; `create table` defines two or more columns
 *   (a one-column table is the staging step of a file read: `create table t (line text)`);
 * - no name of a system catalog or its prefix (`pg_`, `all_`, `dba_`, `sys.`, `mysql.`, `v$`):
 *   reading the catalog is enumeration, whatever the statement's shape;
 * - no credential column ({@link credentialName}: `password`, `pin`, `reset_code`, `token`, ...) in a
 *   `where` or `having` condition: where the application puts the value in a subquery position
 *   (`id in (<v>)`), `where name = 'admin' and password like 'a%'` is a blind-extraction oracle, one
 *   character at a time (a prefix pattern on any column is one too, but tutorials' `name like 'a%'`
 *   is the commoner value: left);
 * - written as a person writes it: no NUL, backslash, `[`, inline comment (`/*`), and no number run
 *   into a word (`select 1from`), the spellings of filter evasion;
 * - parentheses balance, every string closes, a `;` only as the last token, no statement keyword after
 *   the head but a referential action (`on delete cascade`) and no `select` but after `union` or `(`
 *   or in `insert ... select`; `union` only after a name or `)` (`from a union select`), never after a
 *   number or a string (`where id = 1 union select password from admins` extends a value);
 * - it ends in a name, a number, a string, a literal, `)` or `end`, an optional `;` after it (no
 *   dangling `where`, `and`, `=`, `,`: `select 1 from foo where` waits for the rest of a query);
 * - no comment, or one comment after a final `;` that holds a word (`; -- 0 rows??`): an injection's
 *   comment cuts the application's query short and says nothing;
 * - the tokenizer did not stop at its token limit.
 */
export function completeStatement(tk: SqlTokenizer, text: string, k: number, stop: number): boolean {
  const n = tk.count;
  if (k >= n || n >= tk.maxTokens) return false;
  const ty = tk.types;
  const w = tk.words;
  if (!completeHead(tk, k)) return false;
  let last = k;
  let depth = 0;
  let condition = false; // after `where` or `having`
  for (let j = k; j < n && tk.starts[j] < stop; j++) {
    const t = ty[j];
    if (t === T.USTR || t === T.OTHER || (t === T.WORD && (catalogPrefix(w[j]) || (condition && credentialName(w[j]))))) return false;
    if (t === T.CLAUSE && (w[j] === 'where' || w[j] === 'having')) condition = true;
    if (t === T.NUM && isLetter(text.charCodeAt(tk.ends[j]))) return false;
    if (t === T.LPAREN) depth++;
    else if (t === T.RPAREN && --depth < 0) return false;
    if (j > k && t === T.STMT && !(ty[j - 1] === T.WORD && w[j - 1] === 'on')) return false;
    if (j > k && t === T.SELECT && ty[j - 1] !== T.UNION && ty[j - 1] !== T.LPAREN && w[k] !== 'insert') return false;
    // `union` after a table or a subquery joins two queries; after a number or a string it extends a value (`id = 1 union select`)
    if (t === T.UNION && ty[j - 1] !== T.WORD && ty[j - 1] !== T.RPAREN) return false;
    if (j > k && ty[j - 1] === T.SEMI) return false;
    last = j;
  }
  if (depth !== 0 || !plainSpelling(text, tk.starts[k], tk.ends[last])) return false;
  const semi = ty[last] === T.SEMI;
  const end = semi ? last - 1 : last;
  if (end <= k) return false;
  const te = ty[end];
  if (!(te === T.WORD || te === T.NUM || te === T.STR || te === T.LIT || te === T.RPAREN || (te === T.CLAUSE && w[end] === 'end'))) return false;
  if (tk.comments === 0) return true;
  return tk.comments === 1 && tk.endsWithComment && semi && annotation(text, tk.ends[last], stop);
}

/** Token `k` opens a statement head that {@link completeStatement} may exempt. */
function completeHead(tk: SqlTokenizer, k: number): boolean {
  const ty = tk.types;
  const w = tk.words;
  const n = tk.count;
  if (ty[k] === T.SELECT) {
    for (let j = k + 1; j + 1 < n && ty[j] !== T.SEMI && ty[j] !== T.UNION; j++) if (ty[j] === T.CLAUSE && w[j] === 'from') return ty[j + 1] === T.WORD;
    return false;
  }
  if (ty[k] !== T.STMT || k + 2 >= n) return false;
  switch (w[k]) {
    case 'insert':
      for (let j = k + 2; j < n; j++) {
        if ((ty[j] === T.CLAUSE && w[j] === 'values' && j + 1 < n && ty[j + 1] === T.LPAREN) || ty[j] === T.SELECT) return true;
        if (ty[j] === T.SEMI) return false;
      }
      return false;
    case 'update':
    case 'delete':
      return true;
    case 'create':
      return ty[k + 1] === T.CLAUSE && w[k + 1] === 'table' && columnList(tk, k + 2);
    case 'alter':
      return ty[k + 1] === T.CLAUSE && w[k + 1] === 'table';
    default:
      return false;
  }
}

/** `text[from, stop)` is spaces, then `--` or `#`, then a comment holding a letter (`-- is this safe?`). */
function annotation(text: string, from: number, stop: number): boolean {
  let i = from;
  while (i < stop && text.charCodeAt(i) === 32) i++;
  if (text.charCodeAt(i) === 35) i++;
  else if (text.charCodeAt(i) === 45 && text.charCodeAt(i + 1) === 45) i += 2;
  else return false;
  for (; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** Token `k` is a table name followed by a parenthesised list of two or more column definitions (a `,` at its first depth). */
function columnList(tk: SqlTokenizer, k: number): boolean {
  const ty = tk.types;
  if ((ty[k] !== T.WORD && ty[k] !== T.FUNC) || k + 1 >= tk.count || ty[k + 1] !== T.LPAREN) return false;
  let depth = 0;
  for (let j = k + 1; j < tk.count; j++) {
    if (ty[j] === T.LPAREN) depth++;
    else if (ty[j] === T.RPAREN && --depth === 0) return false;
    else if (ty[j] === T.COMMA && depth === 1) return true;
  }
  return false;
}

/** Prefixes of system catalog names: PostgreSQL's `pg_`, Oracle's `all_`, `dba_`, `v$`, SQL Server's `sys.`, MySQL's `mysql.`. */
const CATALOG_PREFIXES = ['pg_', 'all_', 'dba_', 'v$', 'sys.', 'mysql.', 'information_schema'] as const;

function catalogPrefix(word: string): boolean {
  for (const p of CATALOG_PREFIXES) if (word.startsWith(p)) return true;
  return false;
}

/** Parts of a column name that holds a credential: passwords, their hashes and salts, tokens, secrets, keys, reset and verification codes. */
const CREDENTIAL_PARTS = ['passw', 'pwd', 'passphrase', 'passcode', 'secret', 'token', 'hash', 'salt', 'apikey', 'api_key', 'private_key', 'reset_', 'verif', 'recovery'] as const;

/** Short credential names, matched as a whole segment of the name (between `.` and `_`): `pass`, `users.pin`, `otp_seed`. */
const CREDENTIAL_SEGMENTS = new Set(['pass', 'pin', 'otp', 'totp', 'mfa']);

/** The name (`password`, `users.pwd_hash`, `api_token`, `pin`) holds a {@link CREDENTIAL_PARTS} part or a {@link CREDENTIAL_SEGMENTS} segment. */
function credentialName(word: string): boolean {
  for (const p of CREDENTIAL_PARTS) if (word.includes(p)) return true;
  let start = 0;
  for (let i = 0; i <= word.length; i++) {
    const c = i < word.length ? word.charCodeAt(i) : 46;
    if (c !== 46 && c !== 95) continue;
    if (i - start >= 3 && i - start <= 4 && CREDENTIAL_SEGMENTS.has(word.slice(start, i))) return true;
    start = i + 1;
  }
  return false;
}

/** `text[from, to)` holds none of NUL, `\\`, `[` or `/*`. */
function plainSpelling(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || c === 92 || c === 91 || (c === 47 && text.charCodeAt(i + 1) === 42)) return false;
  }
  return true;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
