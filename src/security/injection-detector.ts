import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { getField } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkBoolean, checkChoice, checkInteger, checkNumber, checkOptions, checkString } from '../core/validate.js';
import { CodeInjectionAnalyser } from './code-injection.js';
import { CommandInjectionAnalyser } from './command-injection.js';
import { HeaderInjectionAnalyser } from './header-injection.js';
import { JndiAnalyser } from './jndi.js';
import { LdapAnalyser } from './ldap.js';
import { TemplateInjectionAnalyser } from './template-injection.js';
import { XxeAnalyser } from './xxe.js';
import { Normalizer } from './normalize.js';
import { PlainScanner, type PlainValue } from './plain-text.js';
import { PlainMisses } from './plain-misses.js';
import { BenignValues } from './benign-values.js';
import { BodyValues } from './body-values.js';
import { DefaultInjectionFields, FieldSet, type FieldReader } from './field-path.js';
import { FieldKeyScan } from './field-key-scan.js';
import { DEFAULT_CLIENT_FIELDS } from './record-view.js';
import { emptyAccessRequest, parseAccessLine } from '../input/request-line.js';
import { HitList, INJECTION_CATEGORIES, SCORE, type Analyser, type InjectionCategory } from './rule-hit.js';
import { BREAK_OUT_CATEGORIES, quotedInPost, withoutPosts } from './prose-post.js';
import { equalsOnlyInFences } from './fenced-equals.js';
import { SqliAnalyser } from './sqli.js';
import { SsrfAnalyser, type UrlFieldContext } from './ssrf.js';
import { TraversalAnalyser } from './traversal.js';
import { XssAnalyser } from './xss.js';
import { foldWideBreaks } from './wide-break.js';

/**
 * User-input fields inspected by default: the OpenTelemetry semantic conventions, and the `req`
 * object Node request loggers write (pino-http, Fastify, bunyan's serializer: `req.url`,
 * `req.headers`; express-winston: `meta.req.url`, `meta.req.originalUrl`, `meta.req.headers`
 * under its default `metaField`), and the request body where an application logs it
 * (`http.request.body`, ECS `http.request.body.content`, `req.body`, `meta.req.body`: a string or
 * a parsed object). A name ending in `.*` reads every attribute under that prefix (flat keys and
 * nested objects).
 */
export const DEFAULT_INJECTION_FIELDS: readonly string[] = [
  'url.path',
  'url.query',
  'url.full',
  'url.original',
  'http.request.header.*',
  'user_agent.original',
  'req.url',
  'req.originalUrl',
  'req.headers.*',
  'meta.req.url',
  'meta.req.originalUrl',
  'meta.req.headers.*',
  'http.request.body',
  'http.request.body.content',
  'req.body',
  'meta.req.body',
];

/**
 * Fields read as request bodies: a JSON text or a parsed object gives its string values (see
 * `BodyValues`), any other string (form-encoded, XML) is one value.
 */
const BODY_FIELDS: ReadonlySet<string> = new Set(['http.request.body', 'http.request.body.content', 'req.body', 'meta.req.body']);

/** Defaults of {@link InjectionDetectorOptions}. */
export const INJECTION_DEFAULTS = Object.freeze({
  id: 'injection_attempt',
  minScore: 5,
  paranoia: 1,
  message: 'off' as InjectionMessageMode,
  defaultFields: true,
  maxFieldChars: 4096,
  maxDecodeRounds: 4,
  maxRecordChars: 65_536,
} as const);
const DEFAULTS = { ...INJECTION_DEFAULTS, fragmentLength: 120, maxHeaders: 64, maxArrayItems: 8 } as const;

/** How the log message is used: not at all, parsed as an access-log line, or inspected whole. */
export type InjectionMessageMode = 'off' | 'access-log' | 'whole';

/** Options of {@link InjectionDetector}; defaults in brackets. */
export interface InjectionDetectorOptions {
  /** Detector id ['injection_attempt']. */
  id?: string;
  /** Extra fields to inspect, added to {@link DEFAULT_INJECTION_FIELDS} (`form.comment`, `http.request.header.*`). */
  fields?: string[];
  /** Inspect {@link DEFAULT_INJECTION_FIELDS} [true]; set false to inspect only `fields`. */
  defaultFields?: boolean;
  /**
   * The message: `'off'` [default] ignores it; `'access-log'` parses an access-log line out of it and
   * inspects the path, query, referer and user agent; `'whole'` inspects the whole message as one
   * value (noisy on application logs: use it only for logs made of user input).
   */
  message?: InjectionMessageMode;
  /** Anomaly score at which a record is reported [5]. Rule scores: critical 5, error 4, warning 3, notice 2. */
  minScore?: number;
  /** Paranoia level 1..4 [1]: higher levels enable rules that catch more and misfire more. */
  paranoia?: number;
  /** Rule ids (`xss-js-call`) or categories (`cmdi`) to switch off [none]. */
  exclude?: string[];
  /** Characters inspected per value [4096]. */
  maxFieldChars?: number;
  /** URL/entity/escape decoding rounds at most [4]. */
  maxDecodeRounds?: number;
  /**
   * Characters inspected per record across all its fields [65536 = 16 fields of 4096]; what a
   * record holds beyond that (and beyond `maxFieldChars` per value) is not analysed but counted:
   * `skippedChars` in the signal's evidence and in {@link InjectionDetector.stats}. The
   * parameter-by-parameter pass is charged to it too (a parameter: its length, +32 when analysed).
   */
  maxRecordChars?: number;
}

/** Counters of {@link InjectionDetector} (cumulative). */
export interface InjectionStats {
  /** Characters of user input analysed. */
  inspectedChars: number;
  /** Characters of user input left unanalysed (beyond `maxFieldChars` per value or `maxRecordChars` per record). */
  skippedChars: number;
  /** Records that had more user input than `maxRecordChars`. */
  recordsOverBudget: number;
  /**
   * Request bodies read in part only: a JSON text beyond 4 x `maxFieldChars` (or the record's budget)
   * or its 64th value (the characters left are also in `skippedChars`); a parsed object beyond 64
   * values, 64 keys or items per object, 8 levels or 256 objects (what it holds beyond is not read,
   * so not measured: counted here only).
   */
  bodiesCut: number;
}

const OPTION_KEYS = ['id', 'fields', 'defaultFields', 'message', 'minScore', 'paranoia', 'exclude', 'maxFieldChars', 'maxDecodeRounds', 'maxRecordChars'] as const;

const CATEGORY_LABEL: Record<InjectionCategory, string> = {
  sqli: 'SQL injection',
  xss: 'XSS',
  traversal: 'Path traversal / file inclusion',
  cmdi: 'Command injection',
  jndi: 'JNDI / Log4Shell',
  ssti: 'Template injection',
  xxe: 'XML external entity',
  ldap: 'LDAP injection',
  code: 'Code / object injection',
  crlf: 'Header injection',
  ssrf: 'Server-side request forgery',
  evasion: 'Encoding evasion',
};

/**
 * Injection detector: inspects the user-input fields of each record (by default the OTel
 * attributes `url.path`, `url.query`, `url.full`, `url.original`, `http.request.header.*`,
 * `user_agent.original`; optionally an access-log line in the message), decodes each value
 * ({@link Normalizer}), runs the SQL injection, XSS, traversal/inclusion, command injection,
 * JNDI, template injection, XML external entity, LDAP, code / object injection (PHP, SSI, serialised
 * objects, prototype pollution, NoSQL operators) and header injection analysers and adds the scores of the rules that match (OWASP CRS model: critical 5, error 4,
 * warning 3, notice 2). The record's score is that of its highest-scoring field; at `minScore`
 * (default 5) it raises `injection_attempt` (kind `security`; severity `critical` at twice the
 * `minScore`, else `high`; key: the client address when known) with evidence `categories`, `field`,
 * `fragment` (decoded, at most 120 chars), `score`, `minScore`, `layers`, `rules`.
 *
 * Safe on hostile input: every analyser is a linear scan without backtracking (tested by counting
 * the string work on hostile values of doubling length), at most `maxFieldChars` (4096)
 * characters per value, `maxRecordChars` (65536) per record and `maxDecodeRounds` (4) decoding
 * rounds are processed, and no input makes it throw. The evidence also carries `inspectedChars`
 * and `skippedChars` (input left unanalysed by those bounds). A record with no key a field can be under
 * costs one pass over its keys.
 */
export class InjectionDetector implements Detector {
  readonly id: string;
  readonly kind = 'security' as const;
  readonly minScore: number;
  readonly paranoia: number;
  readonly message: InjectionMessageMode;
  /** True when it reads the message's access-log line (`message: 'access-log'`). */
  readonly readsRequest: boolean;
  /** The exact fields, then the objects holding the wildcard fields (`http.request.header`). */
  private readonly fields: FieldReader;
  private readonly exactCount: number;
  /** Per exact field: read as a request body. */
  private readonly isBody: Uint8Array;
  private readonly body = new BodyValues();
  /** Wildcard prefixes (`http.request.header.`); the parent of prefix i is field `exactCount + i`. */
  private readonly prefixes: string[] = [];
  /**
   * The pass over a record's keys: the fields it can hold (by their names and first segments, `url` of
   * `url.path`), and its flat keys under a wildcard prefix (at most `maxHeaders + 1`).
   */
  private readonly keyScan: FieldKeyScan;
  private readonly analysers: Analyser[];
  /** The last full analysis found the whole value a post, or every `=` and separator of it inside quoted code (`prose-post.ts`). */
  private wholePost = false;
  /** The SQL analyser, when it runs: it tells a value that is one whole statement ({@link SqliAnalyser.wholeValue}). */
  private readonly sqli: SqliAnalyser | undefined;
  /** 1 for the analysers of break-out classes, which skip code quoted in a post (`prose-post.ts`). */
  private readonly breaksOut: Uint8Array;
  /** 1 for the analysers that read a parameter list's parameters themselves (not run on its parts). */
  private readonly wholeOnly: Uint8Array;
  /** 1 for the analysers that read wide line-break characters as line breaks (`wide-break.ts`). */
  private readonly wideBreaks: Uint8Array;
  /** The SSRF analyser (absent when excluded): told the field's context, asked whether it left a URL out because of it. */
  private readonly ssrf: SsrfAnalyser | undefined;
  /** The field last analysed and its context for the SSRF analyser. */
  private contextField = '';
  private fieldContext: UrlFieldContext = 'value';
  /** The current analysis is of one parameter of a list ({@link InjectionDetector.inspectParameters}). */
  private inParameter = false;
  /** The analysers that can match plain text (asked by the plain-value shortcut). */
  private readonly plainAnalysers: Analyser[];
  private readonly excludedRules: Set<string>;
  private readonly normalizer: Normalizer;
  private readonly plain: PlainScanner;
  private readonly maxFieldLength: number;
  /** Characters inspected per record at most. */
  readonly maxRecordChars: number;
  /** Cumulative counters. */
  readonly stats: InjectionStats = { inspectedChars: 0, skippedChars: 0, recordsOverBudget: 0, bodiesCut: 0 };
  /** Budget left, and characters skipped, in the current record. */
  private budget = 0;
  private skipped = 0;
  private readonly hits = new HitList();
  /** Values whose full analysis found nothing, recently: a repeat is not analysed again. */
  private readonly benign = new BenignValues();
  /** Plain values in which no analyser's literal occurs, recently: a repeat is not scanned again. */
  private readonly plainMisses = new PlainMisses();
  private readonly request = emptyAccessRequest();
  // best field of the current record
  private bestScore = 0;
  private bestField = '';
  private bestFragment = '';
  private bestLayers = 0;
  private bestRules: string[] = [];
  private bestCategories: InjectionCategory[] = [];

  constructor(options: InjectionDetectorOptions = {}, path = 'injection') {
    const o = checkOptions(options, path, OPTION_KEYS);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, `${path}.id`);
    this.minScore = o.minScore === undefined ? DEFAULTS.minScore : checkNumber(o.minScore, `${path}.minScore`, 1);
    this.paranoia = o.paranoia === undefined ? DEFAULTS.paranoia : checkInteger(o.paranoia, `${path}.paranoia`, 1, 4);
    this.message = o.message === undefined ? DEFAULTS.message : checkChoice(o.message, `${path}.message`, ['off', 'access-log', 'whole'] as const);
    this.readsRequest = this.message === 'access-log';
    const useDefaults = o.defaultFields === undefined ? DEFAULTS.defaultFields : checkBoolean(o.defaultFields, `${path}.defaultFields`);
    const fields = [...(useDefaults ? DEFAULT_INJECTION_FIELDS : []), ...checkStringList(o.fields, `${path}.fields`)];
    const exact: string[] = [];
    const parents: string[] = [];
    for (const f of new Set(fields)) {
      if (f.endsWith('.*')) {
        this.prefixes.push(f.slice(0, -1));
        parents.push(f.slice(0, -2));
      } else {
        exact.push(f);
      }
    }
    this.exactCount = exact.length;
    this.isBody = Uint8Array.from(exact, (f) => (BODY_FIELDS.has(f) ? 1 : 0));
    const names = [...exact, ...parents];
    this.fields = sameList(names, DefaultInjectionFields.NAMES) ? new DefaultInjectionFields() : new FieldSet(names);
    this.keyScan = new FieldKeyScan(names, this.prefixes, DEFAULTS.maxHeaders);
    if (fields.length === 0 && this.message === 'off') throw new ConfigError(`${path}.fields`, 'at least one field (or message mode)', o.fields);
    const exclude = checkStringList(o.exclude, `${path}.exclude`);
    const excludedCategories = new Set(exclude.filter((e) => (INJECTION_CATEGORIES as readonly string[]).includes(e)));
    this.excludedRules = new Set(exclude.filter((e) => !excludedCategories.has(e)));
    const all: Analyser[] = [
      new SqliAnalyser(),
      new XssAnalyser(),
      new TraversalAnalyser(),
      new CommandInjectionAnalyser(),
      new JndiAnalyser(),
      new TemplateInjectionAnalyser(),
      new XxeAnalyser(),
      new LdapAnalyser(),
      new CodeInjectionAnalyser(),
      new HeaderInjectionAnalyser(),
      new SsrfAnalyser(),
    ];
    this.analysers = all.filter((a) => !excludedCategories.has(a.category));
    this.ssrf = this.analysers.find((a): a is SsrfAnalyser => a instanceof SsrfAnalyser);
    this.wholeOnly = Uint8Array.from(this.analysers, (a) => (a.readsParameters === true ? 1 : 0));
    this.wideBreaks = Uint8Array.from(this.analysers, (a) => (a.readsWideBreaks === true ? 1 : 0));
    this.sqli = excludedCategories.has('sqli') ? undefined : (all[0] as SqliAnalyser);
    this.plainAnalysers = this.analysers.filter((a) => a.matchesPlain !== false);
    this.breaksOut = Uint8Array.from(this.analysers, (a) => (BREAK_OUT_CATEGORIES.has(a.category) ? 1 : 0));
    if (excludedCategories.has('evasion')) this.excludedRules.add('evasion-multiple-encoding').add('evasion-nul-byte');
    this.maxFieldLength = o.maxFieldChars === undefined ? DEFAULTS.maxFieldChars : checkInteger(o.maxFieldChars, `${path}.maxFieldChars`, 16, 1 << 20);
    const rounds = o.maxDecodeRounds === undefined ? DEFAULTS.maxDecodeRounds : checkInteger(o.maxDecodeRounds, `${path}.maxDecodeRounds`, 1, 16);
    this.normalizer = new Normalizer({ maxLength: this.maxFieldLength, maxRounds: rounds });
    this.plain = new PlainScanner(this.maxFieldLength);
    this.maxRecordChars = o.maxRecordChars === undefined ? DEFAULTS.maxRecordChars : checkInteger(o.maxRecordChars, `${path}.maxRecordChars`, 256, 1 << 26);
  }

  observe(event: LogEvent, out: Signal[]): void {
    this.bestScore = 0;
    this.budget = this.maxRecordChars;
    this.skipped = 0;
    const attrs = event.attributes;
    let client: string | undefined;
    // a record with no key a field can be under (most app records) has no field to read
    if (this.keyScan.scan(attrs)) {
      const fields = this.fields;
      const scan = this.keyScan;
      fields.bind(attrs);
      for (let i = 0; i < this.exactCount; i++) {
        // a field none of whose keys the record has is not read (absent: undefined)
        const v = scan.has(i) ? fields.get(i) : undefined;
        if (v !== undefined) {
          if (this.isBody[i] === 1) this.inspectBody(fields.names[i], v);
          else this.inspectValue(fields.names[i], v);
        }
      }
      if (this.prefixes.length > 0) this.inspectPrefixed(attrs);
      fields.release();
      if (scan.found > 0) scan.prefixed.fill('', 0, scan.found); // keep no key of the record
    }
    if (this.message !== 'off' && event.message.length > 0) {
      if (this.message === 'whole') {
        this.inspect('message', event.message);
      } else {
        // parsed once per record and shared when in a pipeline
        const req = event.request !== undefined ? event.request.get() : parseAccessLine(event.message, this.request);
        if (req !== undefined) {
          if (req.path.length > 0) this.inspect('url.path', req.path);
          if (req.query.length > 0) this.inspect('url.query', req.query);
          if (req.referer.length > 0) this.inspect('http.request.header.referer', req.referer);
          if (req.userAgent.length > 0) this.inspect('user_agent.original', req.userAgent);
          if (req.clientIp.length > 0) client = req.clientIp;
        }
      }
    }
    const inspected = this.maxRecordChars - this.budget;
    const st = this.stats;
    st.inspectedChars += inspected;
    if (this.skipped > 0) {
      st.skippedChars += this.skipped;
      if (this.budget === 0) st.recordsOverBudget++;
    }
    if (this.bestScore < this.minScore) return;
    if (client === undefined) {
      for (const f of DEFAULT_CLIENT_FIELDS) {
        const v = getField(attrs, f);
        if (typeof v === 'string' && v.length > 0) {
          client = v;
          break;
        }
      }
    }
    const score = this.bestScore;
    const primary = this.bestCategories.find((c) => c !== 'evasion') ?? this.bestCategories[0];
    const signal: Signal = {
      detector: this.id,
      name: 'injection_attempt',
      kind: 'security',
      severity: score >= 2 * this.minScore ? 'critical' : 'high',
      message: `${CATEGORY_LABEL[primary]} in ${this.bestField} (score ${score}): ${this.bestFragment}`,
      time: event.time,
      evidence: {
        categories: this.bestCategories.slice(),
        field: this.bestField,
        fragment: this.bestFragment,
        score,
        minScore: this.minScore,
        layers: this.bestLayers,
        rules: this.bestRules.slice(),
        inspectedChars: inspected,
        skippedChars: this.skipped,
      },
    };
    if (client !== undefined) signal.key = client;
    out.push(signal);
  }

  /**
   * Score one value outside a record: the matched rules and the score, for tests and tools. Always
   * runs the full analysis (no plain-value shortcut), of `value` as the value of `field` ['value': a user's value;
   * the SSRF rules read a header or the request's own URL apart]. Returns `{ score, categories, rules, fragment, layers }`.
   */
  score(value: string, field = 'value'): { score: number; categories: InjectionCategory[]; rules: string[]; fragment: string; layers: number } {
    this.bestScore = 0;
    this.bestCategories = [];
    this.bestRules = [];
    this.bestFragment = '';
    this.bestLayers = 0;
    this.analyse(field, value);
    return { score: this.bestScore, categories: this.bestCategories.slice(), rules: this.bestRules.slice(), fragment: this.bestFragment, layers: this.bestLayers };
  }

  private inspectPrefixed(attrs: Readonly<Record<string, unknown>>): void {
    let seen = 0;
    const prefixes = this.prefixes;
    // flat keys (`http.request.header.x`), found by the key scan
    const found = this.keyScan.prefixed;
    const count = this.keyScan.found;
    for (let k = 0; k < count; k++) {
      if (++seen > DEFAULTS.maxHeaders) return;
      this.inspectValue(found[k], attrs[found[k]]);
    }
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i];
      const nested = this.keyScan.has(this.exactCount + i) ? this.fields.get(this.exactCount + i) : undefined;
      if (nested !== null && typeof nested === 'object' && !Array.isArray(nested)) {
        for (const key in nested as Record<string, unknown>) {
          if (++seen > DEFAULTS.maxHeaders) return;
          this.inspectValue(prefix + key, (nested as Record<string, unknown>)[key]);
        }
      }
    }
  }

  /** A request body: its string values (JSON text or a parsed object), else the whole string. */
  private inspectBody(name: string, v: unknown): void {
    if (typeof v !== 'string' && (v === null || typeof v !== 'object')) return;
    const body = this.body;
    const n = body.collect(v, this.budget < this.maxFieldLength * 4 ? this.budget : this.maxFieldLength * 4);
    // what a JSON text holds beyond what was read is counted, as beyond a field's cap
    this.skipped += body.unread;
    if (body.cut) this.stats.bodiesCut++;
    for (let i = 0; i < n; i++) this.inspect(name, body.values[i]);
    body.values.fill('', 0, n);
  }

  private inspectValue(name: string, v: unknown): void {
    if (typeof v === 'string') {
      if (v.length > 0) this.inspect(name, v);
    } else if (Array.isArray(v)) {
      const n = v.length < DEFAULTS.maxArrayItems ? v.length : DEFAULTS.maxArrayItems;
      for (let i = 0; i < n; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string' && item.length > 0) this.inspect(name, item);
      }
      // the items beyond the cap are counted, not read (their lengths only)
      for (let i = n; i < v.length && i < 1024; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string') this.skipped += item.length;
      }
    }
  }

  /**
   * Inspect one value. A plain value (only letters, digits, `/`, `.`, `-`, `_`: most URL paths)
   * needs no decoding, and the analysers say whether their few literal triggers occur in it; when
   * none does, the full analysis would find nothing and is skipped. `test/security` checks this
   * against the full analysis on the whole fixture corpus.
   */
  private inspect(field: string, full: string): void {
    const value = full.length <= this.budget && full.length <= this.maxFieldLength ? full : this.clip(full);
    if (value.length === 0) return;
    this.budget -= value.length;
    if (this.plainMisses.has(value)) return;
    const plain = this.plain.scan(value);
    if (plain !== undefined && !this.mayMatchPlain(plain)) {
      this.plainMisses.add(value);
      return;
    }
    if (this.benign.has(value)) return;
    const hit = this.analyse(field, value);
    // a weak hit on the whole list (below minScore) does not stand for its parameters: they are read too
    if (hit && this.bestScore >= this.minScore) return;
    const skipped = this.skipped;
    // a post is text as a whole: its `=` and `;` (or those of the code it quotes) do not make it a parameter list; a raw
    // `&name=` or `; name=` still ends a parameter (`how do i fix this?&id=1 order by 5` as a query string: the application reads `id`)
    if ((!this.wholePost || rawParameterBoundary(value)) && hasParameters(value) && this.inspectParameters(field, value)) return;
    // a parameter pass the budget cut short did not read the whole value: not known benign; nor one whose verdict depends on its field
    if (!hit && this.skipped === skipped && this.ssrf?.exempted !== true) this.benign.add(value);
  }

  /**
   * One parameter's name or value: the plain-value shortcut, then the full analysis. True when a rule hit.
   * Charges the budget its length, and {@link PARAMETER_CHARGE} more when the full analysis runs.
   */
  private analyseParameter(field: string, part: string): boolean {
    this.budget -= part.length;
    const plain = this.plain.scan(part);
    if (plain !== undefined && !this.mayMatchPlain(plain)) return false;
    this.budget -= PARAMETER_CHARGE;
    this.inParameter = true;
    const hit = this.analyse(field, part);
    this.inParameter = false;
    return hit;
  }

  /**
   * A list of parameters (`a=1&b=2`, a cookie header `a=1; b=2`) in which the whole value scored
   * below `minScore`: each parameter's value on its own, as a WAF reads its arguments, so a payload ended by
   * the application's next parameter (`q=admin'--&page=1`) is seen where it ends. True when one hit.
   * Charged to the record's budget (see {@link InjectionDetector.analyseParameter}); when the budget
   * cannot pay for the next parameter, the rest of the list is counted as skipped and the record is over budget.
   */
  private inspectParameters(field: string, value: string): boolean {
    let from = 0;
    let hit = false;
    const n = value.length;
    while (from < n) {
      let end = from;
      while (end < n && value.charCodeAt(end) !== 38 && !(value.charCodeAt(end) === 59 && nameAfter(value, end + 1))) end++;
      let eq = from;
      while (eq < end && value.charCodeAt(eq) !== 61) eq++;
      const start = eq < end ? eq + 1 : from;
      // the whole value was one parameter: nothing new to look at
      if (start === 0 && end === n) return false;
      // at most what the two analyses below can be charged
      const cost = (end - start >= 2 ? end - start + PARAMETER_CHARGE : 0) + (start > from && eq - from >= 2 ? eq - from + PARAMETER_CHARGE : 0);
      if (cost > this.budget) {
        this.skipped += n - from;
        this.budget = 0;
        return hit;
      }
      if (end - start >= 2 && this.analyseParameter(field, value.slice(start, end))) hit = true;
      // the parameter's name too (`q[$ne]`, a payload sent as the name)
      if (start > from && eq - from >= 2 && this.analyseParameter(field, value.slice(from, eq))) hit = true;
      from = end + 1;
    }
    return hit;
  }

  /** The part of `full` within `maxFieldChars` and the record's budget; the rest is counted as skipped. */
  private clip(full: string): string {
    const cap = this.budget < this.maxFieldLength ? this.budget : this.maxFieldLength;
    this.skipped += full.length - cap;
    return cap === 0 ? '' : full.slice(0, cap);
  }

  private mayMatchPlain(plain: PlainValue): boolean {
    const list = this.plainAnalysers;
    for (let i = 0; i < list.length; i++) if (list[i].mayMatchPlain(plain)) return true;
    return false;
  }

  /** The full analysis of one value: decode, run the analysers, keep the field if it scores highest. False when no rule hit. */
  private analyse(field: string, value: string): boolean {
    const norm = this.normalizer.normalize(value);
    const text = norm.text;
    const hits = this.hits;
    hits.reset();
    let breakOutHit = false;
    if (this.ssrf !== undefined) {
      // fields repeat from value to value: the context of the last one is kept
      if (field !== this.contextField) {
        this.contextField = field;
        this.fieldContext = urlFieldContext(field);
      }
      this.ssrf.context = this.fieldContext;
    }
    const parts = this.inParameter;
    // the header writer's view: wide characters truncating to CR / LF are line breaks (only for the analysers that read them so)
    const broken = norm.wideBreaks ? foldWideBreaks(text) : text;
    for (let i = 0; i < this.analysers.length; i++) {
      if (parts && this.wholeOnly[i] === 1) continue;
      const before = hits.count;
      this.analysers[i].analyse(this.wideBreaks[i] === 1 ? broken : text, this.paranoia, hits);
      if (this.breaksOut[i] === 1 && hits.count > before) breakOutHit = true;
    }
    // a break-out class hit: read again with code quoted in a post blanked for those classes (prose-post.ts)
    const quoted = breakOutHit ? withoutPosts(text) : text;
    this.wholePost = quoted === '' || (quoted !== text && !hasParameters(quoted));
    // no hit as a whole: a post whose first `=` follows a phrase (`update t set a = 1;\n^ why?`) is no parameter list either
    // nor is one whole SQL statement (`update t set a = 1 where b = 2;`): its `=` are comparisons
    if (!breakOutHit && hasParameters(text) && spaceBeforeFirstEquals(text)) this.wholePost = quotedInPost(text) || equalsOnlyInFences(text) || this.sqli?.wholeValue === true;
    if (quoted !== text) {
      hits.reset();
      for (let i = 0; i < this.analysers.length; i++)
        if (!parts || this.wholeOnly[i] === 0) this.analysers[i].analyse(this.breaksOut[i] === 1 ? quoted : this.wideBreaks[i] === 1 ? broken : text, this.paranoia, hits);
    }
    if (hits.count === 0) return false;
    if (norm.metaLayers > 0) hits.add('evasion-multiple-encoding', 'evasion', norm.metaLayers >= 2 ? SCORE.warning : SCORE.notice, 0, 0);
    if (norm.nul) hits.add('evasion-nul-byte', 'evasion', SCORE.notice, 0, 0);
    let score = 0;
    let top = -1;
    for (let i = 0; i < hits.count; i++) {
      if (this.excludedRules.size > 0 && this.excludedRules.has(hits.ids[i])) continue;
      score += hits.scores[i];
      if (top < 0 || hits.scores[i] > hits.scores[top]) top = i;
    }
    if (score <= this.bestScore || top < 0) return true;
    this.bestScore = score;
    this.bestField = field;
    this.bestLayers = norm.layers;
    const categories: InjectionCategory[] = [];
    const rules: string[] = [];
    for (let i = 0; i < hits.count; i++) {
      if (this.excludedRules.size > 0 && this.excludedRules.has(hits.ids[i])) continue;
      rules.push(hits.ids[i]);
      if (!categories.includes(hits.categories[i])) categories.push(hits.categories[i]);
    }
    // the top rule's category first
    const first = hits.categories[top];
    categories.splice(categories.indexOf(first), 1);
    categories.unshift(first);
    this.bestCategories = categories;
    this.bestRules = rules;
    this.bestFragment = fragment(text, hits.starts[top], hits.ends[top]);
    return true;
  }
}

/**
 * Characters of budget charged per parameter analysed, on top of its length: the fixed cost of one
 * analysis (decoding set-up, ten analysers) is that of about 32 to 45 characters of a long value
 * (676 ns against 15-21 ns per character, dist build, Node 20).
 */
const PARAMETER_CHARGE = 32;

/** A parameter name and `=` at `i` (after at most two spaces), or the end: a `;` before it separates parameters (`a=1; b=2`), one inside a value (`x;\n^ see`, `&#39;`) does not; an encoded space (`+`, `%20`) ends a name (`;return%201==1` is code). */
function nameAfter(value: string, i: number): boolean {
  if (i >= value.length) return true;
  if (value.charCodeAt(i) === 32) i++;
  if (value.charCodeAt(i) === 32) i++;
  const limit = Math.min(value.length, i + 64);
  let k = i;
  while (k < limit && value.charCodeAt(k) !== 61 && value.charCodeAt(k) > 32 && value.charCodeAt(k) !== 59 && value.charCodeAt(k) !== 38 && value.charCodeAt(k) !== 43 && !value.startsWith('%20', k))
    k++;
  return k > i && value.charCodeAt(k) === 61;
}

/**
 * An undecoded `&` or `;` followed by a parameter name and `=` in `value` (a query string's, form body's or cookie header's own
 * separator, as {@link InjectionDetector.inspectParameters} splits; a post's `&` arrives as `%26`). One pass, each name read once.
 */
function rawParameterBoundary(value: string): boolean {
  for (let i = 0; i + 1 < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c === 38 || c === 59) && nameAfter(value, i + 1)) return true;
  }
  return false;
}

/** A space before the first `=` of `text` (within 64 characters): its first "name" is a phrase, not a parameter name. */
function spaceBeforeFirstEquals(text: string): boolean {
  const limit = text.length < 64 ? text.length : 64;
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 61) return false;
    if (c === 32) return true;
  }
  return false;
}

/** A value with a parameter separator (`&`, `;`) and a `=`: worth reading parameter by parameter. */
function hasParameters(value: string): boolean {
  return (value.indexOf('&') >= 0 || value.indexOf(';') >= 0) && value.indexOf('=') >= 0;
}

function fragment(text: string, start: number, end: number): string {
  if (end <= start) return text.length > DEFAULTS.fragmentLength ? `${text.slice(0, DEFAULTS.fragmentLength - 3)}...` : text;
  const s = text.slice(start, Math.min(end, start + DEFAULTS.fragmentLength));
  return end - start > DEFAULTS.fragmentLength ? `${s.slice(0, DEFAULTS.fragmentLength - 3)}...` : s;
}

/**
 * The context of a field for the SSRF analyser: a request header or the user agent (`header`), the
 * request's own URL (`request-url`: `url.full`, `url.original`, `url.path`, `req.url`, ...), else a value.
 */
function urlFieldContext(field: string): UrlFieldContext {
  if (field.startsWith('http.request.header.') || field.startsWith('req.headers.') || field.startsWith('meta.req.headers.') || field === 'user_agent.original') return 'header';
  if (field === 'url.full' || field === 'url.original' || field === 'url.path' || field.endsWith('req.url') || field.endsWith('req.originalUrl')) return 'request-url';
  return 'value';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function checkStringList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, 'an array of strings', value);
  return value.map((v, i) => checkString(v, `${path}[${i}]`));
}
