import { SCORE, type Analyser, type HitList } from './rule-hit.js';
import { PlainLiterals, type PlainValue } from './plain-text.js';
import { SqlTokenizer, T } from './sql-tokenizer.js';
import { parameterStartsAt } from './parameter-name.js';
import { nestedKeyword } from './keyword-tamper.js';
import { errorTextBefore } from './error-text.js';
import { completeStatement } from './complete-statement.js';

/** A retold message quotes its statement whole (`near 'order by x' at line 1`): a closing `'` within 200 characters after `from`. `near ' having 1=1--` leaves the input's quote open. */
function quoteClosesWithin(text: string, from: number): boolean {
  const limit = Math.min(text.length, from + 200);
  for (let i = from; i < limit; i++) if (text.charCodeAt(i) === 39) return true;
  return false;
}

/** Functions used almost only by injections: time delays, file reads, error-based extraction, OS calls. */
const ATTACK_FUNCTIONS = new Set([
  'sleep',
  'benchmark',
  'pg_sleep',
  'load_file',
  'extractvalue',
  'updatexml',
  'xp_cmdshell',
  'sp_executesql',
  'sp_oacreate',
  'sp_makewebtask',
  'dbms_pipe.receive_message',
  'dbms_lock.sleep',
  'utl_inaddr.get_host_address',
  'utl_inaddr.get_host_name',
  'utl_http.request',
  'randomblob',
  'name_const',
  'sys_eval',
  'sys_exec',
  'ctxsys.drithsx.sn',
  'dbms_xmlgen.getxml',
  'get_lock',
  'pg_read_file',
  'pg_ls_dir',
  'lo_import',
  'xmltype',
  'geometrycollection',
  'multipoint',
  'polygon',
  'multilinestring',
  'multipolygon',
  'linestring',
  'exp',
  'gtid_subset',
  'gtid_subtract',
]);

/** Functions attackers chain to extract data; suspicious only next to other evidence. */
const EXTRACTION_FUNCTIONS = new Set([
  'char',
  'chr',
  'concat',
  'concat_ws',
  'group_concat',
  'substring',
  'substr',
  'mid',
  'ascii',
  'ord',
  'hex',
  'unhex',
  'version',
  'database',
  'schema',
  'user',
  'cast',
  'convert',
  'count',
  'length',
  'len',
  'if',
  'iif',
  'ifnull',
  'isnull',
  'coalesce',
  'md5',
  'sha1',
  'nvl',
  'instr',
  'left',
  'right',
  'rand',
  'elt',
  'make_set',
  'floor',
  'bin',
  'conv',
  'lower',
  'upper',
  'current_database',
  'db_name',
  'user_name',
  'system_user',
  'suser_sname',
  'host_name',
  'row_count',
  'found_rows',
  'uuid',
  'compress',
  'uncompress',
  'char_length',
  'bit_length',
  'octet_length',
  'reverse',
  'quote',
  'export_set',
  'unicode',
]);

/** Catalog tables and schemas read while enumerating a database. */
const CATALOG_NAMES = new Set([
  'information_schema',
  'sysobjects',
  'syscolumns',
  'sysdatabases',
  'sysusers',
  'sqlite_master',
  'sqlite_schema',
  'pg_catalog',
  'pg_shadow',
  'pg_user',
  'pg_database',
  'pg_tables',
  'all_tables',
  'user_tables',
  'all_tab_columns',
  'user_tab_columns',
  'msysobjects',
  'msysaccessobjects',
  'sysprocesses',
  'syslogins',
  'sql_logins',
  'dba_users',
  'all_users',
]);

/** Shortest and longest catalog name: dotted parts of other lengths are not looked up. */
const CATALOG_NAME_LENGTH = { min: Math.min(...[...CATALOG_NAMES].map((n) => n.length)), max: Math.max(...[...CATALOG_NAMES].map((n) => n.length)) };

/** Parts of catalog names that make a value worth tokenising even without SQL syntax. */
const CATALOG_HINTS = ['_schema', 'sysobjects', 'sqlite_master'] as const;
const PLAIN_CATALOG_HINTS = new PlainLiterals(CATALOG_HINTS);

/** Server variables read to fingerprint a database (`@@version`). */
const INFO_VARIABLES = new Set(['version', 'datadir', 'hostname', 'basedir', 'servername', 'language', 'spid', 'identity', 'tmpdir', 'version_compile_os', 'global']);

/** Operand content flags. */
const LITERAL = 1;
const CALL = 2;
const VARIABLE = 4;

/** Operand tokens of a comparison. */
function isOperand(t: number): boolean {
  return t === T.NUM || t === T.STR || t === T.USTR || t === T.LIT || t === T.WORD || t === T.VAR || t === T.SYSVAR || t === T.FUNC || t === T.LPAREN;
}

function isLiteral(t: number): boolean {
  return t === T.NUM || t === T.STR || t === T.USTR || t === T.LIT;
}

/**
 * SQL injection analyser: tokenises the value as SQL three ways (as is, and as if it continued a
 * string opened with `'` or `"`) and classifies the token sequences: UNION SELECT, stacked
 * statements, tautologies (`or 1=1`), string breakouts followed by SQL logic or a comment,
 * attack-only functions (sleep, benchmark, load_file, extractvalue, ...), catalog reads
 * (information_schema), server variables, whole statements. Plain words that happen to be SQL
 * keywords (`AS FOR ME AND MY HOUSE`) do not form such sequences and stay quiet.
 */
export class SqliAnalyser implements Analyser {
  readonly category = 'sqli' as const;
  private readonly tk = new SqlTokenizer();
  /** The current tokenisation ends in a real comment (see strongComment). */
  private strongTail = false;
  /** The text of the current tokenisation. */
  private text = '';
  /**
   * The last value analysed is, from its first character to its end, one complete statement with
   * nothing else read as an attack in it (`complete-statement.ts`): its `=` and `;` are SQL, not a
   * parameter list's (the detector does not read it parameter by parameter).
   */
  wholeValue = false;

  analyse(text: string, paranoia: number, hits: HitList): void {
    this.wholeValue = false;
    if (!maybeSql(text)) return;
    this.context(text, 0, paranoia, hits);
    if (text.indexOf("'") >= 0) this.context(text, 39, paranoia, hits);
    if (text.indexOf('"') >= 0) this.context(text, 34, paranoia, hits);
  }

  /** Plain text has none of the syntax characters {@link maybeSql} looks for: only a catalog name can pass it. */
  mayMatchPlain(plain: PlainValue): boolean {
    return PLAIN_CATALOG_HINTS.test(plain.text, plain.chars);
  }

  private context(text: string, quote: number, paranoia: number, hits: HitList): void {
    const tk = this.tk;
    this.text = text;
    tk.tokenize(text, quote);
    const n = tk.count;
    const ty = tk.types;
    const w = tk.words;
    const st = tk.starts;
    const en = tk.ends;
    const lastEnd = n > 0 ? en[n - 1] : 0;
    this.strongTail = tk.endsWithComment && strongComment(text);

    if (quote !== 0) this.breakout(text, hits);
    // a value that is one complete statement (`complete-statement.ts`): its own clauses are not a break-out;
    // looked for at the first token that a statement's rules read (-2: not yet)
    let whole = quote === 0 ? -2 : -1;
    let wholeEnd = -1;
    const hitsBefore = hits.count;

    for (let k = 0; k < n; k++) {
      const t = ty[k];
      if (whole !== -1 && (t === T.UNION || t === T.STMT || t === T.SELECT || (t === T.LPAREN && k + 1 < n && ty[k + 1] === T.SELECT) || (t === T.CLAUSE && w[k] === 'order'))) {
        if (whole === -2) {
          whole = this.wholeStatement(text);
          wholeEnd = whole < 0 ? -1 : parameterEnd(text, whole);
        }
        // only the rules that read a statement's own shape are skipped
        if (st[k] >= whole && st[k] < wholeEnd) continue;
      }
      if (t === T.UNION) {
        let j = k + 1;
        // a `+` kept for a space (sqlmap's space2plus reaching the application undecoded: `7+union+all+select`)
        while (
          j < n &&
          (ty[j] === T.LPAREN ||
            ((ty[j] === T.CLAUSE || ty[j] === T.WORD) && (w[j] === 'all' || w[j] === 'distinct' || w[j] === 'distinctrow')) ||
            (ty[j] === T.OP && en[j] - st[j] === 1 && text.charCodeAt(st[j]) === 43))
        )
          j++;
        if (j < n && ty[j] === T.SELECT) hits.add('sqli-union-select', 'sqli', SCORE.critical, st[k], en[j]);
        else if (k > 0 && (ty[k - 1] === T.NUM || ty[k - 1] === T.RPAREN || ty[k - 1] === T.STR) && (j >= n || w[j] === 'all')) {
          // `-1 union` with the rest cut off or commented
          hits.add('sqli-union', 'sqli', SCORE.error, st[k - 1], en[k]);
        }
      } else if (t === T.SEMI) {
        const end = this.statementAt(k + 1);
        if (end > 0) hits.add('sqli-stacked-query', 'sqli', SCORE.critical, st[k], end);
      } else if (t === T.LOGIC && k > 0 && w[k] !== 'not' && w[k] !== '!') {
        this.tautology(k, hits);
      } else if (t === T.FUNC) {
        const name = w[k];
        if (
          EXTRACTION_FUNCTIONS.has(name) &&
          k + 2 < n &&
          ty[k + 1] === T.LPAREN &&
          ((ty[k + 2] === T.FUNC && (EXTRACTION_FUNCTIONS.has(w[k + 2]) || ATTACK_FUNCTIONS.has(w[k + 2]))) ||
            ty[k + 2] === T.SELECT ||
            (ty[k + 2] === T.LPAREN && k + 3 < n && ty[k + 3] === T.SELECT))
        ) {
          // ascii(substring(...)), length(version()), count((select ...)): data extraction
          hits.add('sqli-function-chain', 'sqli', SCORE.critical, st[k], closeParen(tk, k + 1));
        }
        if (ATTACK_FUNCTIONS.has(name)) {
          hits.add('sqli-attack-function', 'sqli', SCORE.critical, st[k], closeParen(tk, k + 1));
        } else if (name === 'char' || name === 'chr') {
          // char(...)+char(...) / chr(..)||chr(..): building a string to dodge quoting
          const close = closeParenIndex(tk, k + 1);
          if (
            close > 0 &&
            close + 2 < n &&
            (ty[close + 1] === T.OP || ty[close + 1] === T.LOGIC || ty[close + 1] === T.COMMA) &&
            ty[close + 2] === T.FUNC &&
            (w[close + 2] === 'char' || w[close + 2] === 'chr')
          ) {
            hits.add('sqli-char-concat', 'sqli', SCORE.error, st[k], en[close + 2]);
          } else if (close > 0 && close + 1 < n && ty[close + 1] === T.FUNC && (w[close + 1] === 'char' || w[close + 1] === 'chr')) {
            // `char(83)+char(81)` in a form-encoded value: the `+` decoded to a space
            hits.add('sqli-char-concat', 'sqli', SCORE.error, st[k], en[close + 1]);
          }
        }
        if (isCatalog(name)) hits.add('sqli-catalog', 'sqli', SCORE.critical, st[k], en[k]);
      } else if (t === T.WORD) {
        if (isCatalog(w[k])) hits.add('sqli-catalog', 'sqli', SCORE.critical, st[k], en[k]);
        else if (nestedKeyword(w[k])) hits.add('sqli-nested-keyword', 'sqli', SCORE.critical, st[k], en[k]);
      } else if (t === T.SYSVAR) {
        if (INFO_VARIABLES.has(w[k])) hits.add('sqli-server-variable', 'sqli', SCORE.critical, st[k], en[k]);
        else hits.add('sqli-variable', 'sqli', SCORE.warning, st[k], en[k]);
      } else if (t === T.STMT && w[k] === 'waitfor') {
        // a delay needs its time (`'0:0:5'`, `@t`, `0x..`); `waitfor delay meaning` is a search
        if (k + 2 < n && (w[k + 1] === 'delay' || w[k + 1] === 'time') && ty[k + 2] !== T.WORD) hits.add('sqli-attack-function', 'sqli', SCORE.critical, st[k], en[k + 1]);
      } else if (t === T.LPAREN && k + 1 < n && ty[k + 1] === T.SELECT) {
        const nt = k + 2 < n ? ty[k + 2] : 0;
        if (
          nt === T.NUM ||
          nt === T.FUNC ||
          nt === T.LIT ||
          nt === T.VAR ||
          nt === T.SYSVAR ||
          nt === T.OP ||
          nt === T.LPAREN ||
          nt === T.STR ||
          (hasFromAfter(tk, k + 2) && !englishSelect(tk, k + 1))
        ) {
          hits.add('sqli-subquery', 'sqli', SCORE.critical, st[k], en[Math.min(n - 1, k + 2)]);
        }
      } else if (t === T.CLAUSE && w[k] === 'having' && (k === 0 || paramStart(tk, k)) && this.comparisonAt(k + 1)) {
        hits.add('sqli-having', 'sqli', SCORE.critical, st[k], lastEnd);
      } else if (t === T.CLAUSE && w[k] === 'limit' && k + 1 < n && ty[k + 1] === T.NUM && this.strongTail && (k === 0 || paramStart(tk, k))) {
        hits.add('sqli-limit', 'sqli', SCORE.critical, st[k], lastEnd);
      } else if (t === T.CLAUSE && w[k] === 'case' && k + 2 < n && w[k + 1] === 'when' && (this.comparisonAt(k + 2) || (ty[k + 2] === T.LPAREN && this.comparisonAt(k + 3)))) {
        // `(case when 1=1 then 1 else 1/0 end)`, `case when (2=3) then ...`: a conditional probing a condition
        hits.add('sqli-conditional', 'sqli', SCORE.critical, st[k], en[Math.min(n - 1, k + 4)]);
      } else if (t === T.CLAUSE && w[k] === 'into' && k + 1 < n && (w[k + 1] === 'outfile' || w[k + 1] === 'dumpfile')) {
        hits.add('sqli-into-outfile', 'sqli', SCORE.critical, st[k], en[k + 1]);
      } else if (t === T.NUM && paranoia >= 2 && en[k] - st[k] >= 10 && text.charCodeAt(st[k] + 1) === 120) {
        hits.add('sqli-hex-literal', 'sqli', SCORE.notice, st[k], en[k]);
      }
      if ((t === T.STMT || t === T.SELECT) && quote === 0 && (k === 0 || ty[k - 1] === T.LPAREN || ty[k - 1] === T.SEMI || (paramStart(tk, k) && !linkParameter(text, st[k - 2])))) {
        const end = this.statementAt(k);
        // `select * from users where id = 1 returns nothing`: a statement quoted in a question; `drop table vs truncate`: keywords compared
        if (end > 0 && !sentenceEnd(tk, text, st[k]) && !comparedKeywords(tk, k)) hits.add('sqli-statement', 'sqli', this.statementScore(k), st[k], end);
      }
      if (t === T.CLAUSE && w[k] === 'order' && k + 2 < n && w[k + 1] === 'by' && ty[k + 2] === T.NUM) {
        // `1 order by 5--`: column counting, right after a value
        const early = k <= 1 || paramStart(tk, k) || (k <= 3 && (ty[k - 1] === T.RPAREN || ty[k - 1] === T.STR || ty[k - 1] === T.NUM));
        // `try order by 2 desc but nothing happens.`: prose after the clause, not commented out, is a syntax error, so no probe
        if (tk.endsWithComment || (early && !sentenceEnd(tk, text, st[k]))) hits.add('sqli-order-by', 'sqli', SCORE.critical, st[k], en[k + 2]);
        else if (paranoia >= 2) hits.add('sqli-order-by', 'sqli', SCORE.warning, st[k], en[k + 2]);
      }
    }
    // a whole statement is exempt only when nothing else in it reads as an attack (`select chr(116) || chr(97) from t`)
    if (whole >= 0 && hits.has('sqli')) {
      for (let k = 0; k < n; k++) if (st[k] === whole) hits.add('sqli-statement', 'sqli', this.statementScore(k), st[k], this.statementAt(k));
    } else if (whole === 0 && wholeEnd === text.length && hits.count === hitsBefore) {
      this.wholeValue = true;
    }
    if (tk.endsWithComment && n >= 2 && hits.has('sqli')) {
      hits.add('sqli-comment-terminated', 'sqli', SCORE.notice, st[n - 1], lastEnd);
    }
  }

  /**
   * Start offset of the statement that is the whole value or the whole of a parameter's value
   * ({@link completeStatement}): its head at the first token or right after `name=`; -1 when none.
   */
  private wholeStatement(text: string): number {
    const tk = this.tk;
    const ty = tk.types;
    for (let k = 0; k < tk.count; k++) {
      const t = ty[k];
      if ((t === T.STMT || t === T.SELECT) && (k === 0 || paramStart(tk, k)) && this.statementAt(k) > 0 && completeStatement(tk, text, k, parameterEnd(text, tk.starts[k]))) return tk.starts[k];
    }
    return -1;
  }

  /** Rules for a string closed by the input: `' or 1=1`, `admin'--`, `'; drop`, `' union`, `')+(select`. */
  private breakout(text: string, hits: HitList): void {
    const tk = this.tk;
    const n = tk.count;
    const ty = tk.types;
    const w = tk.words;
    const en = tk.ends;
    if (n === 0 || ty[0] !== T.STR) return;
    const q = en[0] - 1; // the closing quote
    let b = 1;
    while (b < n && ty[b] === T.RPAREN) b++;
    if (b === n) {
      if (this.strongTail) hits.add('sqli-breakout-comment', 'sqli', SCORE.critical, q, text.length);
      return;
    }
    if (text.charCodeAt(q) === 39) this.operatorBreakout(text, b, hits);
    // a database's own error message quoting the statement (`... to use near 'order by x'`, `at or near "order"`)
    if (q >= 9 && (text.startsWith('use near ', q - 9) || text.startsWith('or near ', q - 8) || (text.startsWith(' near ', q - 6) && errorTextBefore(text, q - 6) && quoteClosesWithin(text, q + 1))))
      return;
    const t = ty[b];
    const next = b + 1 < n ? ty[b + 1] : 0;
    const w1 = b + 1 < n ? w[b + 1] : '';
    if (t === T.LOGIC && w[b] !== '!' && w[b] !== 'not') {
      if (this.logicalExpression(b + 1) && !this.comparisonThenProse(b + 1)) hits.add('sqli-breakout-logic', 'sqli', SCORE.critical, q, en[Math.min(n - 1, b + 3)]);
    } else if (t === T.SEMI) {
      if (b + 1 === n && this.strongTail) hits.add('sqli-breakout-comment', 'sqli', SCORE.critical, q, text.length);
    } else if (quotedWord(text, q, en[b], b + 1 < n ? en[b + 1] : -1)) {
      // a keyword in quotes (`"select" vs "choose"`, `"order by" date`): a word named, not a string closed
    } else if (t === T.SELECT) {
      if (this.statementAt(b) > 0) hits.add('sqli-breakout-clause', 'sqli', SCORE.critical, q, en[b]);
    } else if (t === T.CLAUSE) {
      const word = w[b];
      const clause =
        ((word === 'order' || word === 'group') && w1 === 'by') ||
        (word === 'limit' && next === T.NUM) ||
        (word === 'into' && (w1 === 'outfile' || w1 === 'dumpfile' || next === T.VAR)) ||
        (word === 'procedure' && w1 === 'analyse') ||
        ((word === 'having' || word === 'where') && this.comparisonAt(b + 1));
      if (clause) hits.add('sqli-breakout-clause', 'sqli', SCORE.critical, q, en[b + 1]);
    } else if (
      (t === T.OP || t === T.LOGIC) &&
      (next === T.SELECT || (next === T.LPAREN && b + 2 < n && ty[b + 2] === T.SELECT) || (next === T.FUNC && (ATTACK_FUNCTIONS.has(w1) || EXTRACTION_FUNCTIONS.has(w1))))
    ) {
      hits.add('sqli-breakout-expression', 'sqli', SCORE.critical, q, en[b + 1]);
    } else if (t === T.STMT && (w[b] === 'waitfor' || ((w[b] === 'exec' || w[b] === 'execute') && this.statementAt(b) > 0))) {
      hits.add('sqli-breakout-clause', 'sqli', SCORE.critical, q, en[b]);
    }
  }

  /**
   * `aa' or '1`, `' <> '`, `x' is 0 or '1`: after a `'` breakout, only operators, numbers and
   * literals, ending in a short string that the application's own quote closes. Natural text has
   * words in between (`KNICKIN' AND KNACKIN' SEE WHAT`), which this shape does not allow.
   */
  private operatorBreakout(text: string, b: number, hits: HitList): void {
    const tk = this.tk;
    const n = tk.count;
    const ty = tk.types;
    if (n - b < 2 || ty[n - 1] !== T.USTR || text.charCodeAt(tk.starts[n - 1]) !== 39 || tk.ends[n - 1] - tk.starts[n - 1] > 5) return;
    let ops = 0;
    for (let j = b; j < n - 1; j++) {
      const t = ty[j];
      if (t === T.LOGIC || t === T.CMP || t === T.OP) ops++;
      else if (t !== T.NUM && t !== T.LIT && t !== T.VAR && t !== T.LPAREN && t !== T.RPAREN && t !== T.STR) return;
    }
    const tail = text.slice(tk.starts[n - 1] + 1, tk.ends[n - 1]);
    if (ops > 0 && tail.indexOf(' ') < 0) hits.add('sqli-breakout-operator', 'sqli', SCORE.critical, tk.ends[0] - 1, text.length);
  }

  /**
   * After `or`/`and`: an expression that reads as SQL: a comparison (`1=1`, `'a'='a`, `x like '%`),
   * a call, a subquery, or a bare literal followed by the end of a commented-out tail (`or 1--`).
   */
  private logicalExpression(k: number): boolean {
    const tk = this.tk;
    const n = tk.count;
    const ty = tk.types;
    if (k >= n) return false;
    if (ty[k] === T.LOGIC && tk.words[k] === 'not') k++;
    if (k >= n) return false;
    const t = ty[k];
    if (t === T.SELECT || (t === T.LPAREN && k + 1 < n && ty[k + 1] === T.SELECT)) return true;
    if (t === T.FUNC && (ATTACK_FUNCTIONS.has(tk.words[k]) || EXTRACTION_FUNCTIONS.has(tk.words[k]))) return true;
    if (this.comparisonAt(k)) return true;
    return (isLiteral(t) || t === T.WORD) && k + 1 === n && this.strongTail;
  }

  /** The comparison starting at token `k` (after `or`/`and`) ends in prose ({@link proseAfterOperand}). */
  private comparisonThenProse(k: number): boolean {
    const tk = this.tk;
    const after = this.operandEnd(k);
    if (after < 0 || after + 1 >= tk.count || tk.types[after] !== T.CMP) return false;
    const b = after + 1;
    const end = this.operandEnd(b);
    return end > 0 && this.proseAfterOperand(k, after, b, end);
  }

  /**
   * The comparison `[a, cmp) cmp [b, end)` is followed by a sentence, so the condition is named, not
   * injected (`someone tried ' or 1=1 on our login form?`, `showed that ' or '1'='1 breaks a login
   * query`): with no comment to end the query (see strongComment), two plain words after it (letters
   * only, two or more each, not SQL words the tokenizer leaves as names) are a syntax error. A string
   * left open for the application's quote that holds a sentence ({@link wordPairIn}) counts only as
   * `'1' = 'sentence`: an `=` between one string and another that differs from it ({@link sameString}),
   * a condition false for every row; any other comparison (`'b' > 'a plain sentence`, `<>`, `!=`,
   * `like`), a number (`1 = '1 words` is true in MySQL) or a string that may equal it makes a valid tautology once
   * the application's quote closes it. A NUL before the words ends the query there in a C-string API,
   * so it voids the reading (`' or 2>1\0 some words`). `' or 1=1 limit 1`, `' or 1=1--`, `' or 'a'='a`
   * are none of these.
   */
  private proseAfterOperand(a: number, cmp: number, b: number, end: number): boolean {
    if (this.strongTail) return false;
    const tk = this.tk;
    const ty = tk.types;
    const text = this.text;
    if (end === b + 1 && ty[b] === T.USTR) {
      const equalsString = tk.words[cmp] === '=' && cmp === a + 1 && ty[a] === T.STR && !sameString(text, tk.starts[a] + 1, tk.ends[a] - 1, tk.starts[b] + 1, tk.ends[b]);
      return equalsString && !hasNul(text, tk.starts[b], tk.ends[b]) && wordPairIn(text, tk.starts[b], tk.ends[b]);
    }
    return end + 1 < tk.count && plainName(tk, text, end) && plainName(tk, text, end + 1) && !hasNul(text, tk.ends[end - 1], tk.ends[end + 1]);
  }

  /** Token `k` starts `operand CMP operand`. */
  private comparisonAt(k: number): boolean {
    const tk = this.tk;
    const n = tk.count;
    const ty = tk.types;
    while (k < n && ty[k] === T.LPAREN && closeParenIndex(tk, k) < 0) k++; // `('1'='1` left open
    const after = this.operandEnd(k);
    if (after < 0 || after + 1 >= n || ty[after] !== T.CMP) return false;
    let b = after + 1;
    if (ty[b] === T.LOGIC && tk.words[b] === 'not' && b + 1 < n) b++;
    return isOperand(ty[b]) || ty[b] === T.SELECT;
  }

  /** `x or 1=1`, `' or 'a'='a`, `and ascii(substr(...))>64`, `or 1+1=2`, `(1 or 1)--`, `or 1--`. */
  private tautology(k: number, hits: HitList): void {
    const tk = this.tk;
    const n = tk.count;
    const ty = tk.types;
    const w = tk.words;
    // `5 > 3 and 3 < 5`: an ordering joined to another, written out as text, not a condition added
    // to a value (`1>0 or 1=1`, `1>0 or 2>1--` are)
    const s0 = k - 3;
    if (s0 >= 0 && (s0 === 0 || paramStart(tk, s0)) && orderingAt(tk, s0) && orderingAt(tk, k + 1) && !this.strongTail) return;
    let a = k + 1;
    if (a < n && ty[a] === T.LOGIC && w[a] === 'not') a++;
    // `1) or (1=1`: the value's parenthesis closed, and one opened that the query's own `)` closes
    if (a + 1 < n && ty[a] === T.LPAREN && ty[k - 1] === T.RPAREN && closeParenIndex(tk, a) < 0) a++;
    const afterA = this.operandEnd(a);
    if (afterA < 0) return;
    const ta = ty[a];
    let end = afterA;
    while (end < n && ty[end] === T.RPAREN) end++;
    if (end >= n) {
      // `or 1` / `or 1)` at the end of a commented-out tail
      // `5 or true` as the whole value (or parameter): a number made true for every row
      const numberOrTrue = ta === T.LIT && w[a] === 'true' && afterA === n && ty[k - 1] === T.NUM && (k === 1 || paramStart(tk, k - 1));
      if (numberOrTrue || (this.strongTail && (isLiteral(ta) || ta === T.FUNC || ta === T.VAR || ta === T.LPAREN))) hits.add('sqli-tautology', 'sqli', SCORE.critical, tk.starts[k], tk.ends[n - 1]);
      return;
    }
    // `2 not between 0 and 1`, `1 not like 2`: a negated comparison
    let cmp = afterA;
    if (ty[cmp] === T.LOGIC && w[cmp] === 'not' && cmp + 1 < n && ty[cmp + 1] === T.CMP) cmp++;
    if (ty[cmp] !== T.CMP) return;
    let b = cmp + 1;
    if (b < n && ty[b] === T.LOGIC && w[b] === 'not') b++;
    const afterB = ty[b] === T.SELECT ? b + 1 : this.operandEnd(b);
    if (afterB < 0 || this.proseAfterOperand(a, cmp, b, afterB)) return;
    const fa = this.operandFlags(a, afterA);
    const fb = ty[b] === T.SELECT ? CALL : this.operandFlags(b, afterB);
    const literals = (fa & LITERAL) !== 0 && (fb & LITERAL) !== 0;
    const oneLiteral = ((fa | fb) & LITERAL) !== 0 && this.strongTail;
    const sameWords = afterA === a + 1 && afterB === b + 1 && ta === T.WORD && ty[b] === T.WORD && w[a] === w[b];
    const computed = ((fa | fb) & (CALL | VARIABLE)) !== 0;
    if (literals || oneLiteral || sameWords || computed) hits.add('sqli-tautology', 'sqli', SCORE.critical, tk.starts[k], tk.ends[Math.min(n - 1, afterB - 1)]);
  }

  /**
   * What the operand tokens [from, to) contain: literals, calls/subqueries, variables. A call of a
   * one-letter name with its arguments is maths notation (`p(b|a)`, `f(x)`): no database has such a
   * function, so it adds nothing.
   */
  private operandFlags(from: number, to: number): number {
    const tk = this.tk;
    const ty = tk.types;
    let f = 0;
    for (let j = from; j < to; j++) {
      const t = ty[j];
      if (t === T.FUNC && tk.ends[j] - tk.starts[j] === 1) {
        const close = closeParenIndex(tk, j + 1);
        if (close > 0 && close < to) {
          j = close;
          continue;
        }
      }
      if (isLiteral(t)) f |= LITERAL;
      else if (t === T.FUNC || t === T.LPAREN || t === T.SELECT) f |= CALL;
      else if (t === T.VAR || t === T.SYSVAR) f |= VARIABLE;
    }
    return f;
  }

  /**
   * Index after the operand expression starting at `k`: an optional sign, then values, calls and
   * parenthesised groups joined by arithmetic operators (`1+2`, `ascii(substr(x,1,1))-10`); -1 if none.
   */
  private operandEnd(k: number): number {
    const tk = this.tk;
    const n = tk.count;
    const ty = tk.types;
    if (k < n && ty[k] === T.OP) k++;
    for (let guard = 0; guard < 16; guard++) {
      if (k >= n || !isOperand(ty[k])) return -1;
      if (ty[k] === T.FUNC || ty[k] === T.LPAREN) {
        const close = closeParenIndex(tk, ty[k] === T.FUNC ? k + 1 : k);
        if (close < 0) return -1;
        k = close + 1;
      } else {
        k++;
      }
      if (k < n && ty[k] === T.OP && k + 1 < n && isOperand(ty[k + 1]) && !parameterBoundary(tk, k)) {
        k++;
        continue;
      }
      return k;
    }
    return -1;
  }

  /** End offset of a statement head starting at token `k` (`drop table x`, `select .. from x`), or -1. */
  private statementAt(k: number): number {
    const tk = this.tk;
    const n = tk.count;
    if (k >= n) return -1;
    const ty = tk.types;
    const w = tk.words;
    const en = tk.ends;
    const t = ty[k];
    const w1 = k + 1 < n ? w[k + 1] : '';
    const t1 = k + 1 < n ? ty[k + 1] : 0;
    if (t === T.SELECT) {
      if (t1 === 0) return -1;
      // `select +1`, `select+@@version`; not `select+union` (a keyword is no operand: two keywords searched for)
      if (t1 === T.NUM || t1 === T.FUNC || t1 === T.LIT || t1 === T.SYSVAR || t1 === T.VAR || (t1 === T.OP && w1 === '' && !keywordAt(tk, k + 2)) || t1 === T.STR) return en[k + 1];
      const from = findFrom(tk, k + 1);
      if (englishSelect(tk, k)) return -1;
      return from > 0 && from + 1 < n && (ty[from + 1] === T.WORD || ty[from + 1] === T.LPAREN) ? en[from + 1] : -1;
    }
    if (t === T.WORD && (w[k] === 'if' || w[k] === 'while') && this.comparisonAt(k + 1)) return en[k + 1];
    if ((t === T.WORD || t === T.FUNC) && w[k] === 'do' && t1 === T.LPAREN) return en[k + 1];
    if (t === T.WORD && w[k] === 'load' && (w1 === 'data' || w1 === 'xml')) return en[k + 1];
    if (t !== T.STMT) return -1;
    switch (w[k]) {
      case 'drop':
      case 'create':
      case 'alter':
      case 'truncate':
        return (t1 === T.CLAUSE && (w1 === 'table' || w1 === 'database')) || w1 === 'user' || w1 === 'procedure' || w1 === 'function' || w1 === 'view' || w1 === 'login' ? en[k + 1] : -1;
      case 'insert':
        return w1 === 'into' && k + 2 < n && (ty[k + 2] === T.WORD || ty[k + 2] === T.FUNC) ? en[k + 2] : -1;
      case 'update':
        return t1 === T.WORD && k + 2 < n && w[k + 2] === 'set' ? en[k + 2] : -1;
      case 'delete': {
        let j = k + 1;
        while (j < n && (w[j] === 'low_priority' || w[j] === 'quick' || w[j] === 'ignore')) j++;
        return j + 1 < n && w[j] === 'from' && ty[j + 1] === T.WORD ? en[j + 1] : -1;
      }
      case 'call':
        return t1 === T.FUNC ? en[k + 1] : -1;
      case 'exec':
      case 'execute':
        return t1 === T.LPAREN || t1 === T.VAR || ((t1 === T.WORD || t1 === T.FUNC) && isProcedure(w1)) ? en[k + 1] : -1;
      case 'declare':
        return t1 === T.VAR ? en[k + 1] : -1;
      case 'shutdown':
        return en[k];
      case 'waitfor':
        // a delay needs its time (`'0:0:5'`, `@t`): `waitfor delay sql server meaning` is a search
        return (w1 === 'delay' || w1 === 'time') && !(k + 2 < n && ty[k + 2] === T.WORD) ? en[k + 1] : -1;
      case 'grant':
      case 'revoke':
        return t1 === T.CLAUSE || t1 === T.WORD ? en[k + 1] : -1;
      default:
        return -1;
    }
  }

  /** A whole statement as the value: critical when it also filters, joins, comments or chains. */
  private statementScore(k: number): number {
    const tk = this.tk;
    const w = tk.words;
    if (tk.types[k] !== T.SELECT && w[k] !== 'delete') return SCORE.critical;
    if (tk.endsWithComment || tk.comments > 0) return SCORE.critical;
    for (let j = k + 1; j < tk.count; j++) {
      const t = tk.types[j];
      if (t === T.SEMI || t === T.UNION || (t === T.CLAUSE && (w[j] === 'where' || w[j] === 'limit' || w[j] === 'order' || w[j] === 'group'))) return SCORE.critical;
    }
    return SCORE.error;
  }
}

/**
 * The value ends in a sentence: its last two tokens are plain words (letters only, two or more
 * each, not SQL keywords) running to the end of the value, a final `?`, `.` or `!` allowed
 * (`... where id = 1 returns nothing?`, `... where status='open' is slow`). SQL does not end in two
 * bare names (an alias is one; `t1 t2`, `users u` are not letters-only pairs of two or more), and
 * an injected statement ends in SQL, a comment or a quote. In a parameter list the value of the
 * parameter holding offset `from` ends at the next `&name=` (`q=shutdown -s what does it do&page=1`).
 */
function sentenceEnd(tk: SqlTokenizer, text: string, from = 0): boolean {
  let stop = parameterEnd(text, from);
  let k = tk.count - 1;
  while (k >= 0 && tk.starts[k] >= stop) k--;
  while (stop > 0 && (text.charCodeAt(stop - 1) === 32 || text.charCodeAt(stop - 1) === 63 || text.charCodeAt(stop - 1) === 46 || text.charCodeAt(stop - 1) === 33)) stop--;
  // a trailing `?`, `.` or `!` token
  if (k >= 3 && tk.types[k] === T.OTHER && tk.starts[k] >= stop) k--;
  if (k < 2 || tk.ends[k] !== stop) return false;
  let words = 0;
  for (; k >= 0 && words < 2; k--) {
    if (tk.types[k] !== T.WORD) return false;
    for (let i = tk.starts[k]; i < tk.ends[k]; i++) {
      const c = text.charCodeAt(i);
      if (c < 97 || c > 122) return false;
    }
    if (tk.ends[k] - tk.starts[k] < 2) return false;
    words++;
  }
  return words === 2;
}

/** Words of clauses that can follow a condition but that the tokenizer leaves as names (`fetch first 1 rows only`, `lock in share mode`, `collate x`). */
const TRAILING_CLAUSE_WORDS = new Set([
  'fetch',
  'first',
  'next',
  'rows',
  'only',
  'lock',
  'share',
  'mode',
  'for',
  'with',
  'collate',
  'escape',
  'returning',
  'window',
  'over',
  'rollup',
  'nulls',
  'asc',
  'desc',
  'as',
]);

/**
 * `text[from, to)` holds two words of letters (two or more each) separated by one space, and no
 * backtick (a code span closing inside the string: `` `x' or '1'='1` — why ``): a sentence.
 */
function wordPairIn(text: string, from: number, to: number): boolean {
  let run = 0; // letters in the current word
  let words = 0; // plain words in a row, each ended by one space
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) return false;
    if (c >= 97 && c <= 122) run++;
    else if (c === 32 && run >= 2) {
      words++;
      run = 0;
    } else {
      words = 0;
      run = c === 32 ? 0 : -1000;
    }
    if (words >= 1 && run >= 2 && (i + 1 >= to || text.charCodeAt(i + 1) === 32)) {
      for (let j = i + 1; j < to; j++) if (text.charCodeAt(j) === 96) return false;
      return true;
    }
  }
  return false;
}

/**
 * `text[a0, a1)` and `text[b0, b1)` may be the same string to a database's default collation: equal
 * ignoring ASCII case and trailing spaces (`'A' = 'a '` is true in MySQL), or either holds a non-ASCII
 * character (accent-insensitive collations make `'séntence' = 'sentence'` true).
 */
function sameString(text: string, a0: number, a1: number, b0: number, b1: number): boolean {
  if (!asciiOnly(text, a0, a1) || !asciiOnly(text, b0, b1)) return true;
  while (a1 > a0 && text.charCodeAt(a1 - 1) === 32) a1--;
  while (b1 > b0 && text.charCodeAt(b1 - 1) === 32) b1--;
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) if (lowerAscii(text.charCodeAt(a0 + i)) !== lowerAscii(text.charCodeAt(b0 + i))) return false;
  return true;
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function asciiOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** `text[from, to)` holds a NUL. */
function hasNul(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0) return true;
  return false;
}

/** Token `k` is a name of letters only, two or more, not a {@link TRAILING_CLAUSE_WORDS} word. */
function plainName(tk: SqlTokenizer, text: string, k: number): boolean {
  if (tk.types[k] !== T.WORD || tk.ends[k] - tk.starts[k] < 2) return false;
  for (let i = tk.starts[k]; i < tk.ends[k]; i++) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return !TRAILING_CLAUSE_WORDS.has(tk.words[k]);
}

/** Token `k` is a keyword that cannot be an operand (`union`, `from`, `select`, `drop`, `and`). */
function keywordAt(tk: SqlTokenizer, k: number): boolean {
  if (k >= tk.count) return false;
  const t = tk.types[k];
  return t === T.UNION || t === T.CLAUSE || t === T.STMT || t === T.SELECT || t === T.LOGIC;
}

/**
 * The keywords at `k` are compared with others, not run: within the next three tokens, keywords only,
 * then `vs` or `versus` (`drop table vs truncate`, `delete from vs truncate table`). A name or any
 * other token before it ends the look (`drop table vs` is a table named `vs` only with more SQL after).
 */
function comparedKeywords(tk: SqlTokenizer, k: number): boolean {
  for (let j = k + 1; j < tk.count && j <= k + 3; j++) {
    const w = tk.words[j];
    if (w === 'vs' || w === 'versus') return true;
    if (!keywordAt(tk, j)) return false;
  }
  return false;
}

/** How far a parameter's end is looked for past a statement (characters). */
const PARAMETER_END_WINDOW = 512;

/**
 * Where the value holding offset `from` ends: at the first `&` followed by a parameter name and `=`
 * within {@link PARAMETER_END_WINDOW} characters, else at the end of the text.
 */
function parameterEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + PARAMETER_END_WINDOW);
  for (let i = from; i < limit; i++) if (parameterStartsAt(text, i)) return i;
  return text.length;
}

/**
 * The parameter name at `nameStart` belongs to a link given as data, not to the request: it follows a
 * `?` or `&` inside a URL (`scheme://`) that does not start the value (`comment=see http://x/?q=select
 * union`, `link: http://x/?q=...`). A URL starting the value is the request's own (`url.full`). Reads
 * back over the URL's characters, at most {@link PARAMETER_END_WINDOW}.
 */
function linkParameter(text: string, nameStart: number): boolean {
  const c = text.charCodeAt(nameStart - 1);
  if (c !== 63 && c !== 38) return false;
  const stop = Math.max(0, nameStart - PARAMETER_END_WINDOW);
  for (let i = nameStart - 2; i >= stop + 2; i--) {
    const d = text.charCodeAt(i);
    if (d === 32 || d === 10) return false;
    if (d === 47 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58) {
      let b = i - 2;
      while (b > 0 && text.charCodeAt(b - 1) >= 97 && text.charCodeAt(b - 1) <= 122) b--;
      return b > 0 && b < i - 2;
    }
  }
  return false;
}

/** Tokens `k` to `k + 2` are `literal <|>|<=|>= literal`. */
function orderingAt(tk: SqlTokenizer, k: number): boolean {
  const ty = tk.types;
  const op = tk.words[k + 1];
  return k + 2 < tk.count && isLiteral(ty[k]) && ty[k + 1] === T.CMP && (op === '<' || op === '>' || op === '<=' || op === '>=') && isLiteral(ty[k + 2]);
}

/**
 * Token `k` is a lone `&` followed by `name=`: where a query or form body starts its next parameter
 * (`q=having fun&page=1`), which ends an operand rather than joining it to the next (`fun & page`).
 */
function parameterBoundary(tk: SqlTokenizer, k: number): boolean {
  return tk.words[k] === '&' && k + 2 < tk.count && tk.types[k + 1] === T.WORD && tk.types[k + 2] === T.CMP && tk.words[k + 2] === '=';
}

/** Token `k` starts a parameter value: `name=` before it. */
function paramStart(tk: SqlTokenizer, k: number): boolean {
  return k >= 2 && tk.types[k - 1] === T.CMP && tk.words[k - 1] === '=' && tk.types[k - 2] === T.WORD;
}

/** Stored procedures run by injections: `xp_cmdshell`, `sp_executesql`, `master..xp_dirtree`. */
function isProcedure(word: string): boolean {
  return word.startsWith('xp_') || word.startsWith('sp_') || word.startsWith('master') || word.startsWith('dbo.') || word.startsWith('sys.');
}

/**
 * The input ends in a comment as SQL engines read it: `--` followed by a space or the end (MySQL's
 * rule), `/*`, or a `#` with nothing after it. `16" #2` and `CUSTOM' --INFANT` are not comments.
 */
function strongComment(text: string): boolean {
  const hash = text.lastIndexOf('#');
  const dash = text.lastIndexOf('--');
  const slash = text.lastIndexOf('/*');
  const last = Math.max(hash, dash, slash);
  if (last < 0) return false;
  if (last === slash) return true;
  if (last === dash) {
    const c = text.charCodeAt(dash + 2);
    return Number.isNaN(c) || c === 32 || c === 10 || c === 45 || c === 0;
  }
  for (let i = hash + 1; i < text.length; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 10) return false;
  return true;
}

function isCatalog(word: string): boolean {
  if (CATALOG_NAMES.has(word)) return true;
  if (word.indexOf('.') < 0) return false;
  // each dotted part (`information_schema.tables`), sliced only when its length fits a catalog name
  for (let from = 0; ; ) {
    const dot = word.indexOf('.', from);
    const end = dot < 0 ? word.length : dot;
    if (end - from >= CATALOG_NAME_LENGTH.min && end - from <= CATALOG_NAME_LENGTH.max && CATALOG_NAMES.has(word.slice(from, end))) return true;
    if (dot < 0) break;
    from = dot + 1;
  }
  return word.startsWith('mysql.user') || word.startsWith('master.');
}

/** Index of the `)` closing the `(` at `open`, or -1 (bounded by the token count). */
function closeParenIndex(tk: SqlTokenizer, open: number): number {
  if (open >= tk.count || tk.types[open] !== T.LPAREN) return -1;
  let depth = 0;
  for (let j = open; j < tk.count; j++) {
    if (tk.types[j] === T.LPAREN) depth++;
    else if (tk.types[j] === T.RPAREN && --depth === 0) return j;
  }
  return -1;
}

/** End offset of the call whose `(` is at `open` (the last token when unclosed). */
function closeParen(tk: SqlTokenizer, open: number): number {
  const j = closeParenIndex(tk, open);
  if (j >= 0) return tk.ends[j];
  return tk.count > 0 ? tk.ends[Math.min(tk.count - 1, open + 3)] : 0;
}

function findFrom(tk: SqlTokenizer, k: number): number {
  const end = Math.min(tk.count, k + 24);
  for (let j = k; j < end; j++) {
    if (tk.types[j] === T.CLAUSE && tk.words[j] === 'from') return j;
    if (tk.types[j] === T.SEMI || tk.types[j] === T.SELECT) return -1;
  }
  return -1;
}

/** English determiners: `select the plan from the list` is a sentence, no SQL writes them on both sides. */
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'your', 'our', 'his', 'her', 'their', 'its', 'this', 'that', 'these', 'those']);

/**
 * True when the `select` at `k` reads as English: a determiner right after it, only plain words up to
 * its `from`, and a determiner right after the `from` (`select the bigger size from the drop-down`).
 * SQL's select list (`*`, `1,2`, `password`, `@@version`, `(…)`) and table (`users`) never both
 * start with an article; any SQL syntax between them (comma, operator, parenthesis, quote,
 * function) keeps the statement.
 */
function englishSelect(tk: SqlTokenizer, k: number): boolean {
  if (k + 1 >= tk.count || tk.types[k + 1] !== T.WORD || !DETERMINERS.has(tk.words[k + 1])) return false;
  const from = findFrom(tk, k + 1);
  if (from < 0 || from + 1 >= tk.count || tk.types[from + 1] !== T.WORD || !DETERMINERS.has(tk.words[from + 1])) return false;
  for (let j = k + 2; j < from; j++) if (tk.types[j] !== T.WORD) return false;
  return true;
}

function hasFromAfter(tk: SqlTokenizer, k: number): boolean {
  return findFrom(tk, k) > 0;
}

/**
 * Cheap gate: an injection needs a space (or comment), a quote, a parenthesis, `;`, `@`, `|`, a
 * backtick or a comparison; a bare catalog name (`information_schema.tables`) also counts.
 */
function maybeSql(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 0 || c === 39 || c === 34 || c === 40 || c === 41 || c === 59 || c === 64 || c === 124 || c === 96 || c === 35 || c === 42 || c === 60 || c === 62 || c === 61)
      return true;
  }
  return hasCatalogHint(s);
}

/** A catalog name that is an attack without any SQL syntax around it (`information_schema.tables`). */
function hasCatalogHint(s: string): boolean {
  for (const h of CATALOG_HINTS) if (s.indexOf(h) >= 0) return true;
  return false;
}

/**
 * True when the quote at `q` opens a keyword in quotes: the same quote character right after the word
 * ending at `end1` or after the next one ending at `end2` (`"select"`, `"order by"`), the quote starting
 * the value, a space or a parameter's `=`. `x' order by 1--` and `' select` leave the quote open.
 */
function quotedWord(text: string, q: number, end1: number, end2: number): boolean {
  const c = text.charCodeAt(q);
  if (q > 0 && text.charCodeAt(q - 1) !== 32 && text.charCodeAt(q - 1) !== 10 && text.charCodeAt(q - 1) !== 61) return false;
  return text.charCodeAt(end1) === c || (end2 > 0 && text.charCodeAt(end2) === c && text.charCodeAt(end1) === 32);
}
