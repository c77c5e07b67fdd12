import { ConfigError } from '../core/config-error.js';
import { checkInteger, checkNumber, checkOptions } from '../core/validate.js';
import { CONSTANT, DIGIT_RUNS, KEY_VALUE, Masking, type MaskingOptions } from './masking.js';
import { TokenBuffer, Tokenizer, WILDCARD, WILDCARD_TEXT, hashTemplateToken, routeKey, templateTokenKind } from './tokenize.js';

/** Options of {@link TemplateMiner}; defaults in {@link TEMPLATE_MINER_DEFAULTS}. */
export interface TemplateMinerOptions {
  /** Share of a message's tokens that must equal a template's for the message to join it (0..1); masked tokens in both count as agreeing. Default 0.6. */
  similarity?: number;
  /** Depth of the parse tree as in Drain: root, token count, then `depth - 2` leading tokens (at most all but one). Default 3 (the first token). */
  depth?: number;
  /** Children per tree node before new leading tokens go to the `<*>` branch. Default 100. */
  maxChildren?: number;
  /** Templates kept; beyond it the least recently matched one is forgotten. Default 5000. */
  maxClusters?: number;
  /**
   * Once a template has this many messages, a message that would turn one of its plain-word tokens
   * into `<*>` starts a new template instead (0: never). Default 50.
   */
  stableAfter?: number;
  /** Tokens per message; the rest folds into a last `<*>`. Default 100. */
  maxTokens?: number;
  /** Characters of a message looked at; the rest is ignored. Default 4096. */
  maxLength?: number;
  /** ASCII characters that separate tokens besides whitespace, e.g. `',;'`. Default ''. */
  extraDelimiters?: string;
  /** What is masked to `<*>` before matching (see {@link MaskingOptions}). Default: all built-in rules on. */
  masking?: MaskingOptions;
}

/** Defaults of {@link TemplateMinerOptions}. */
export const TEMPLATE_MINER_DEFAULTS = Object.freeze({
  similarity: 0.6,
  depth: 3,
  maxChildren: 100,
  maxClusters: 5000,
  stableAfter: 50,
  maxTokens: 100,
  maxLength: 4096,
  extraDelimiters: '',
});

const OPTION_KEYS = [...Object.keys(TEMPLATE_MINER_DEFAULTS), 'masking'];
const STATE_VERSION = 1;

/** A learned template as listed by {@link TemplateMiner.templates}. */
export interface TemplateInfo {
  /** Stable id: `T` and a counter (`T1`, `T2`, ...), never reused, kept by `toJSON()`/`restore()`. */
  readonly id: string;
  /** Template text: tokens joined by one space, parameters as `<*>` (`key=<*>` for key=value). */
  readonly template: string;
  /** Messages that joined it (since it was created, restored counts included). */
  readonly count: number;
}

/** Serialised miner state (`toJSON()` output); plain JSON. */
export interface TemplateMinerState {
  version: number;
  nextId: number;
  /** Templates, least recently used first. */
  clusters: { id: string; tokens: string[]; route: string[]; count: number }[];
}

class TreeNode {
  children: Map<number, TreeNode> | null = null;
  clusters: Cluster[] | null = null;
  constructor(readonly parent: TreeNode | null, readonly key: number) {}
}

class Cluster implements TemplateInfo {
  template: string;
  count = 0;
  prev: Cluster | null = null;
  next: Cluster | null = null;
  constructor(
    readonly id: string,
    public hashes: Float64Array,
    public texts: string[],
    /** Token kinds (CONSTANT, MASKED, KEY_VALUE, DIGIT_RUNS) as first seen. */
    readonly kinds: Uint8Array,
    readonly route: string[],
    public leaf: TreeNode,
  ) {
    this.template = texts.join(' ');
  }
}

/**
 * The result of {@link TemplateMiner.add} / {@link TemplateMiner.match} for one message.
 * `parameters` is computed on first read (the values the template's `<*>` stand for).
 */
export class TemplateMatch implements TemplateInfo {
  private params: string[] | undefined;
  constructor(
    /** Template id (`T17`). */
    readonly id: string,
    /** Template text at the time of the call. */
    readonly template: string,
    /** True when this message created the template. */
    readonly isNew: boolean,
    /** True when this message generalised an existing template (some token became `<*>`). */
    readonly changed: boolean,
    /** Messages in the template so far. */
    readonly count: number,
    private readonly message: string,
    private readonly hashes: Float64Array,
    private readonly miner: TemplateMiner,
  ) {}

  /** The message's values at the template's parameters, in order (`key=<*>` gives the value only). */
  get parameters(): string[] {
    if (this.params === undefined) this.params = this.miner.extractParameters(this.message, this.hashes);
    return this.params;
  }
}

/**
 * Online log template miner: a fixed-depth parse tree in the spirit of Drain (He et al., ICWS 2017).
 *
 * Each message is tokenised on whitespace and masked (numbers, ids, addresses, paths, quoted and
 * key=value values become `<*>`); it is routed by its token count and its leading tokens to a leaf,
 * joins the most similar template there when at least `similarity` of its tokens agree (the template
 * then turns differing tokens into `<*>`), else starts a new template. At most `maxClusters`
 * templates are kept: the least recently matched is forgotten. No allocation per message beyond the
 * returned {@link TemplateMatch} (and the strings of a new template).
 */
export class TemplateMiner {
  readonly similarity: number;
  readonly depth: number;
  readonly maxChildren: number;
  readonly maxClusters: number;
  readonly stableAfter: number;
  /** Templates forgotten because `maxClusters` was reached. */
  evicted = 0;
  private readonly tokenizer: Tokenizer;
  private readonly buf: TokenBuffer;
  private readonly scratch: TokenBuffer;
  private readonly routeDepth: number;
  private readonly digitRuns: boolean;
  private readonly root = new Map<number, TreeNode>();
  private readonly byId = new Map<string, Cluster>();
  private head: Cluster | null = null; // least recently used
  private tail: Cluster | null = null; // most recently used
  private nextId = 1;

  constructor(options?: TemplateMinerOptions) {
    const o = checkOptions(options, 'templateMiner', OPTION_KEYS);
    const d = TEMPLATE_MINER_DEFAULTS;
    this.similarity = o.similarity === undefined ? d.similarity : checkNumber(o.similarity, 'templateMiner.similarity', 0, 1);
    this.depth = o.depth === undefined ? d.depth : checkInteger(o.depth, 'templateMiner.depth', 3, 16);
    this.maxChildren = o.maxChildren === undefined ? d.maxChildren : checkInteger(o.maxChildren, 'templateMiner.maxChildren', 2);
    this.maxClusters = o.maxClusters === undefined ? d.maxClusters : checkInteger(o.maxClusters, 'templateMiner.maxClusters', 1);
    this.stableAfter = o.stableAfter === undefined ? d.stableAfter : checkInteger(o.stableAfter, 'templateMiner.stableAfter', 0);
    const maxTokens = o.maxTokens === undefined ? d.maxTokens : checkInteger(o.maxTokens, 'templateMiner.maxTokens', 1, 10_000);
    const maxLength = o.maxLength === undefined ? d.maxLength : checkInteger(o.maxLength, 'templateMiner.maxLength', 1);
    const extra = o.extraDelimiters === undefined ? d.extraDelimiters : o.extraDelimiters;
    if (typeof extra !== 'string') throw new ConfigError('templateMiner.extraDelimiters', 'a string of ASCII characters', extra);
    for (let i = 0; i < extra.length; i++) {
      if (extra.charCodeAt(i) >= 128) throw new ConfigError('templateMiner.extraDelimiters', 'a string of ASCII characters', extra);
    }
    const masking = new Masking(o.masking, 'templateMiner.masking');
    this.digitRuns = masking.digits === 'runs';
    this.tokenizer = new Tokenizer(masking, extra, maxLength);
    this.buf = new TokenBuffer(maxTokens);
    this.scratch = new TokenBuffer(maxTokens);
    this.routeDepth = this.depth - 2;
  }

  /** Number of templates held. */
  get size(): number {
    return this.byId.size;
  }

  /**
   * Learn from one message: the template it belongs to (created or generalised as needed).
   * A non-string is read as `String(message)` (null and undefined as '').
   */
  add(message: string): TemplateMatch {
    const text = asText(message);
    const buf = this.buf;
    this.tokenizer.tokenize(text, buf);
    const leaf = this.search(buf);
    const best = leaf === null ? null : this.best(leaf, buf);
    if (best !== null) {
      const changed = this.generalize(best, buf);
      best.count++;
      this.touch(best);
      return new TemplateMatch(best.id, best.template, false, changed, best.count, text, best.hashes, this);
    }
    const c = this.create(text, buf);
    return new TemplateMatch(c.id, c.template, true, false, c.count, text, c.hashes, this);
  }

  /**
   * The current template of a message without learning: one whose every non-`<*>` token equals the
   * message's. Undefined when none. Counts and recency are not changed.
   */
  match(message: string): TemplateMatch | undefined {
    const text = asText(message);
    const buf = this.buf;
    this.tokenizer.tokenize(text, buf);
    const leaf = this.search(buf);
    if (leaf === null || leaf.clusters === null) return undefined;
    const n = buf.count;
    for (const c of leaf.clusters) {
      let ok = true;
      for (let i = 0; i < n; i++) {
        const t = c.hashes[i];
        if (t !== WILDCARD && t !== buf.hashes[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return new TemplateMatch(c.id, c.template, false, false, c.count, text, c.hashes, this);
    }
    return undefined;
  }

  /** The template with this id, if held. */
  get(id: string): TemplateInfo | undefined {
    const c = this.byId.get(id);
    return c === undefined ? undefined : { id: c.id, template: c.template, count: c.count };
  }

  /** All templates held, most frequent first (ties: older id first). */
  templates(): TemplateInfo[] {
    const out: TemplateInfo[] = [];
    for (const c of this.byId.values()) out.push({ id: c.id, template: c.template, count: c.count });
    return out.sort((a, b) => b.count - a.count || idNumber(a.id) - idNumber(b.id));
  }

  /** Learned state as plain JSON: templates with ids, counts, tree routes and LRU order. */
  toJSON(): TemplateMinerState {
    const clusters: TemplateMinerState['clusters'] = [];
    for (let c = this.head; c !== null; c = c.next) clusters.push({ id: c.id, tokens: c.texts.slice(), route: c.route.slice(), count: c.count });
    return { version: STATE_VERSION, nextId: this.nextId, clusters };
  }

  /**
   * Replace the state with one from {@link toJSON} (ids, counts and recency survive). Throws a clear
   * error when the state is not a miner state. Templates beyond `maxClusters` (oldest first) are dropped.
   */
  restore(state: unknown): void {
    const s = state as TemplateMinerState;
    if (s === null || typeof s !== 'object' || s.version !== STATE_VERSION || !Array.isArray(s.clusters) || !Number.isInteger(s.nextId)) {
      throw new Error(`TemplateMiner.restore: not a template miner state (version ${STATE_VERSION})`);
    }
    const parsed: { id: string; tokens: string[]; route: string[]; count: number }[] = [];
    s.clusters.forEach((c, i) => {
      const ok = c !== null && typeof c === 'object' && typeof c.id === 'string' && isStringArray(c.tokens) && isStringArray(c.route)
        && c.route.length === this.routeLength(c.tokens.length) && typeof c.count === 'number' && c.count >= 0;
      if (!ok) throw new Error(`TemplateMiner.restore: clusters[${i}] is not a template`);
      parsed.push(c);
    });
    this.root.clear();
    this.byId.clear();
    this.head = this.tail = null;
    this.nextId = s.nextId;
    const start = Math.max(0, parsed.length - this.maxClusters);
    for (let i = start; i < parsed.length; i++) {
      const p = parsed[i];
      let node = this.lengthNode(p.tokens.length);
      for (const key of p.route) node = child(node, routeKey(hashTemplateToken(key, this.digitRuns)));
      const hashes = new Float64Array(p.tokens.length);
      for (let j = 0; j < p.tokens.length; j++) hashes[j] = hashTemplateToken(p.tokens[j], this.digitRuns);
      const kinds = new Uint8Array(p.tokens.length);
      for (let j = 0; j < p.tokens.length; j++) kinds[j] = templateTokenKind(p.tokens[j]);
      const c = new Cluster(p.id, hashes, p.tokens.slice(), kinds, p.route.slice(), node);
      c.count = p.count;
      (node.clusters ??= []).push(c);
      this.byId.set(c.id, c);
      this.append(c);
      const num = idNumber(c.id);
      if (num >= this.nextId) this.nextId = num + 1;
    }
  }

  /** @internal Parameters of `message` for a template given by its token hashes. */
  extractParameters(message: string, hashes: Float64Array): string[] {
    const buf = this.scratch;
    this.tokenizer.tokenize(message, buf);
    const out: string[] = [];
    const n = Math.min(buf.count, hashes.length);
    for (let i = 0; i < n; i++) {
      const s = buf.starts[i];
      if (hashes[i] === WILDCARD) out.push(message.slice(s, buf.ends[i]));
      else if (buf.kinds[i] === KEY_VALUE && hashes[i] === buf.hashes[i]) out.push(message.slice(message.indexOf('=', s) + 1, buf.ends[i]));
      else if (buf.kinds[i] === DIGIT_RUNS && hashes[i] === buf.hashes[i]) buf.digitRuns(message, i, out);
    }
    return out;
  }

  private search(buf: TokenBuffer): TreeNode | null {
    let node = this.root.get(buf.count);
    if (node === undefined) return null;
    const depth = this.routeLength(buf.count);
    for (let d = 0; d < depth; d++) {
      const children: Map<number, TreeNode> | null = node.children;
      if (children === null) return null;
      const next: TreeNode | undefined = (buf.kinds[d] === DIGIT_RUNS ? undefined : children.get(routeKey(buf.hashes[d]))) ?? children.get(WILDCARD);
      if (next === undefined) return null;
      node = next;
    }
    return node;
  }

  /** Leading tokens used to route a message of `n` tokens: `depth - 2`, leaving at least one to compare. */
  private routeLength(n: number): number {
    return n - 1 < this.routeDepth ? (n > 1 ? n - 1 : 0) : this.routeDepth;
  }

  private best(leaf: TreeNode, buf: TokenBuffer): Cluster | null {
    const clusters = leaf.clusters;
    if (clusters === null) return null;
    const n = buf.count;
    const msg = buf.hashes;
    const stableAfter = this.stableAfter;
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestParams = -1;
    outer: for (let j = 0; j < clusters.length; j++) {
      const c = clusters[j];
      const tpl = c.hashes;
      let sim = 0;
      let params = 0;
      const stable = stableAfter > 0 && c.count >= stableAfter;
      for (let i = 0; i < n; i++) {
        const t = tpl[i];
        if (t === WILDCARD) {
          params++;
          if (msg[i] === WILDCARD) sim++;
        } else if (t === msg[i]) sim++;
        else if (stable && c.kinds[i] === CONSTANT) continue outer;
      }
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    if (best === null || (n > 0 && bestSim < this.similarity * n)) return null;
    return best;
  }

  /** Turn the template's tokens that differ from the message into `<*>`; true when any did. */
  private generalize(c: Cluster, buf: TokenBuffer): boolean {
    const n = buf.count;
    const tpl = c.hashes;
    let i = 0;
    while (i < n && (tpl[i] === WILDCARD || tpl[i] === buf.hashes[i])) i++;
    if (i === n) return false;
    // Copy on write: earlier TemplateMatch results keep the template they saw.
    const hashes = tpl.slice();
    const texts = c.texts.slice();
    for (; i < n; i++) {
      if (hashes[i] !== WILDCARD && hashes[i] !== buf.hashes[i]) {
        hashes[i] = WILDCARD;
        texts[i] = WILDCARD_TEXT;
      }
    }
    c.hashes = hashes;
    c.texts = texts;
    c.template = texts.join(' ');
    return true;
  }

  private create(text: string, buf: TokenBuffer): Cluster {
    const n = buf.count;
    let node = this.lengthNode(n);
    const depth = this.routeLength(n);
    const route: string[] = [];
    for (let d = 0; d < depth; d++) {
      const h = buf.kinds[d] === DIGIT_RUNS ? WILDCARD : routeKey(buf.hashes[d]);
      let key = h;
      const children = node.children;
      if (h !== WILDCARD && children !== null && !children.has(h)) {
        const size = children.size;
        const room = children.has(WILDCARD) ? size < this.maxChildren : size + 1 < this.maxChildren;
        if (!room) key = WILDCARD;
      }
      node = child(node, key);
      route.push(key === WILDCARD ? WILDCARD_TEXT : buf.tokenText(text, d));
    }
    const hashes = buf.hashes.slice(0, n);
    const texts: string[] = new Array(n);
    for (let i = 0; i < n; i++) texts[i] = buf.tokenText(text, i);
    const c = new Cluster(`T${this.nextId++}`, hashes, texts, buf.kinds.slice(0, n), route, node);
    c.count = 1;
    (node.clusters ??= []).push(c);
    this.byId.set(c.id, c);
    this.append(c);
    if (this.byId.size > this.maxClusters) this.evict(this.head as Cluster);
    return c;
  }

  private lengthNode(n: number): TreeNode {
    let node = this.root.get(n);
    if (node === undefined) {
      node = new TreeNode(null, n);
      this.root.set(n, node);
    }
    return node;
  }

  private evict(c: Cluster): void {
    this.unlink(c);
    this.byId.delete(c.id);
    this.evicted++;
    const list = c.leaf.clusters as Cluster[];
    list.splice(list.indexOf(c), 1);
    // Prune branches left empty.
    let node: TreeNode | null = c.leaf;
    while (node !== null) {
      if ((node.clusters !== null && node.clusters.length > 0) || (node.children !== null && node.children.size > 0)) break;
      const parent: TreeNode | null = node.parent;
      if (parent === null) this.root.delete(node.key);
      else (parent.children as Map<number, TreeNode>).delete(node.key);
      node = parent;
    }
  }

  private append(c: Cluster): void {
    c.prev = this.tail;
    c.next = null;
    if (this.tail !== null) this.tail.next = c;
    else this.head = c;
    this.tail = c;
  }

  private unlink(c: Cluster): void {
    if (c.prev !== null) c.prev.next = c.next;
    else this.head = c.next;
    if (c.next !== null) c.next.prev = c.prev;
    else this.tail = c.prev;
    c.prev = c.next = null;
  }

  private touch(c: Cluster): void {
    if (this.tail === c) return;
    this.unlink(c);
    this.append(c);
  }
}

function child(node: TreeNode, key: number): TreeNode {
  const children = (node.children ??= new Map());
  let next = children.get(key);
  if (next === undefined) {
    next = new TreeNode(node, key);
    children.set(key, next);
  }
  return next;
}

function asText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message === undefined || message === null) return '';
  try {
    return String(message);
  } catch {
    return '';
  }
}

function idNumber(id: string): number {
  const n = Number(id.slice(1));
  return Number.isInteger(n) ? n : 0;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
