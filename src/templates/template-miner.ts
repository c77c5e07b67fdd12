import { ConfigError } from '../core/config-error.js';
import { KeyTable } from '../core/key-table.js';
import { UNADMITTED_ID } from '../core/log-event.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions } from '../core/validate.js';
import { checkArray, checkObject, checkTemplateId, checkText, checkVersion } from './state-check.js';
import { LeafIndex, MAX_COMPARED, SCAN_UP_TO, type IndexedTemplate } from './leaf-index.js';
import { CONSTANT, DIGIT_RUNS, KEY_VALUE, Masking, type MaskingOptions } from './masking.js';
import { SkeletonIndex, type SkeletonTemplate } from './skeleton-index.js';
import { ExactIndex, type ExactTemplate } from './exact-index.js';
import { NO_SLOT, TemplateSlots } from './template-slots.js';
import { LineCache } from './line-cache.js';
import { Admission, NOT_ADMITTED, REPEATED } from './admission.js';
import { TokenPresence } from './token-presence.js';
import { commonAffixes, prefixLength, suffixLength, valueText } from './affix.js';
import { TokenBuffer, Tokenizer, WILDCARD, WILDCARD_TEXT, hashTemplateToken, literalHash, routeKey, templateTokenKind } from './tokenize.js';

/** Options of {@link TemplateMiner}; defaults in {@link TEMPLATE_MINER_DEFAULTS}. */
export interface TemplateMinerOptions {
  /** Share of a message's tokens that must equal a template's for the message to join it (0..1); masked tokens in both count as agreeing. Default 0.6. */
  similarity?: number;
  /** Depth of the parse tree as in Drain: root, token count, then `depth - 2` leading tokens (at most all but one). Default 3 (the first token). */
  depth?: number;
  /** Children per tree node before new leading tokens go to the `<*>` branch. Default 100. */
  maxChildren?: number;
  /** Templates kept; beyond it the least recently matched one is forgotten. Default 5000 (1 to 10,000,000). */
  maxClusters?: number;
  /**
   * Once a template has this many messages, a message that would turn one of its plain-word tokens
   * into `<*>` starts a new template instead (0: never). Default 50.
   */
  stableAfter?: number;
  /**
   * A message that differs from a template by one plain word (letters only) and nothing else starts a
   * template of its own instead of turning the word into `<*>`: `VM Resumed` and `VM Paused` are two
   * events. Words that are parameters (user names) then show as several templates. Default true.
   */
  splitOnWord?: boolean;
  /** Tokens per message; the rest folds into a last `<*>`. Default 100. */
  maxTokens?: number;
  /** Characters of a message looked at; the rest is ignored. Default 4096. */
  maxLength?: number;
  /** ASCII characters that separate tokens besides whitespace, e.g. `',;'`. Default ''. */
  extraDelimiters?: string;
  /** What is masked to `<*>` before matching (see {@link MaskingOptions}). Default: all built-in rules on. */
  masking?: MaskingOptions;
  /**
   * Once `maxClusters` templates are held, sightings of a message that matches no template before it
   * starts one (which evicts the least recently used): 1 at once; 2 on its second sighting, equal token
   * for token or similar to one of the last 32 such messages (until then it is answered as
   * {@link UNADMITTED_ID}, `isNew` true: a flood of never-repeating messages neither creates nor evicts);
   * the sighting that makes the template is `isNew` too, its count holding both.
   * Default 2.
   */
  admitAfter?: number;
}

/** Defaults of {@link TemplateMinerOptions}. */
export const TEMPLATE_MINER_DEFAULTS = Object.freeze({
  similarity: 0.6,
  depth: 3,
  maxChildren: 100,
  maxClusters: 5000,
  stableAfter: 50,
  splitOnWord: true,
  maxTokens: 100,
  maxLength: 4096,
  extraDelimiters: '',
  admitAfter: 2,
});

export { UNADMITTED_ID };

const OPTION_KEYS = [...Object.keys(TEMPLATE_MINER_DEFAULTS), 'masking'];
/**
 * Largest `maxClusters` (as templateRate's `maxTemplates`): the templates by id are a KeyTable whose nodes are reserved
 * up front (64 bytes a template of the cap, committed as used); far beyond this the reservation fails.
 */
const MAX_CLUSTERS = 10_000_000;
/**
 * Messages after which the punctuation around a template's parameters is no longer compared (its
 * text has settled: `<*>,` stays though a later message writes the value without the comma).
 */
const TEXT_SETTLES_AFTER = 50;
const STATE_VERSION = 1;
/** The token hashes of an unadmitted message's match: those of the message itself (see {@link TemplateMiner.extractParameters}). */
const OWN_TOKENS = new Float64Array(0);
/** Share of recent messages that matched no template (of {@link FLOOD_SCALE}) above which {@link TokenPresence} is consulted first. */
const FLOOD_SCALE = 4096;
const FLOOD = 2048;
/** Templates held before a {@link TokenPresence} is worth building. */
const PRESENCE_FROM = 256;
/** Forgotten templates kept for reuse by new ones of the same length. */
const MAX_SPARES = 64;

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
  /**
   * Templates, least recently used first. `tokens` is the template text; `forms`, when present, the
   * tokens as matched where they differ from the text (`blk_<*>` shown as `<*>`, `<*>` shown as `<*>,`).
   */
  clusters: { id: string; tokens: string[]; forms?: (string | null)[]; route: string[]; count: number }[];
}

class TreeNode {
  children: Map<number, TreeNode> | null = null;
  /** The templates of a leaf, indexed by token. */
  index: LeafIndex<Cluster> | null = null;
  /** On a token-count node: all its templates by the tokens after the routing ones. */
  skeletons: SkeletonIndex<Cluster> | null = null;
  /** On a token-count node: moves on every change a match of a message of this length reads (see {@link LineCache}). */
  version = 0;
  constructor(
    readonly parent: TreeNode | null,
    readonly key: number,
    /** Small number naming the node among those held (reused once it is pruned). */
    readonly id: number,
  ) {}
}

/** {@link TemplateSlots} flag of a {@link Cluster.plain} template. */
const PLAIN = 1;

class Cluster implements TemplateInfo, IndexedTemplate, SkeletonTemplate, ExactTemplate {
  /** Stable id (`T17`); set when the template is made (a forgotten template's object may be filled again). */
  id = '';
  template = '';
  /** Creation order (the number of its id). */
  order = 0;
  readonly skeletons = new Float64Array(2);
  exactKey = 0;
  readonly slots: Int32Array;
  member = 0;
  seq = 0;
  mark = 0;
  /** True once its count reached `stableAfter` (> 0): read by the leaf search, which reads this object anyway. */
  stable = false;
  /** Its place in the miner's {@link TemplateSlots} (count, recency, what a match shows); a new one each time the object is filled; the exact look-up may move it (see ExactIndex). */
  slot: number;
  /** Token hashes ({@link WILDCARD} for `<*>`); copied on write (a {@link TemplateMatch} keeps the one it saw). */
  hashes: Float64Array;
  /** Per position: the literal hash of a DIGIT_RUNS token not seen to vary, else {@link WILDCARD} (or the hash); copied on write. */
  raws: Float64Array;
  /** Template text per position. */
  texts: string[];
  /** Token kinds (CONSTANT, MASKED, KEY_VALUE, DIGIT_RUNS) as first seen. */
  readonly kinds: Uint8Array;
  /** Per position: the word class of the token as first seen (TokenBuffer.words). */
  readonly words: Uint8Array;
  /** Per position: the affix code of a parameter's text, -1 once fixed to affixes shared by differing messages. */
  readonly affix: Int32Array;
  /** Per position: the token as matched where the text differs from it, else null (for `toJSON`). */
  readonly forms: (string | null)[];
  /** The routing tokens' text (`<*>` for the wildcard branch). */
  route: string[];
  private node: TreeNode;
  constructor(
    n: number,
    leaf: TreeNode,
    private readonly store: TemplateSlots<Cluster>,
  ) {
    this.slot = store.alloc(this);
    this.node = leaf;
    store.setLeaf(this.slot, leaf.id);
    this.slots = new Int32Array(n);
    this.hashes = new Float64Array(n);
    this.raws = this.hashes;
    this.texts = new Array(n).fill('');
    this.kinds = new Uint8Array(n);
    this.words = new Uint8Array(n);
    this.affix = new Int32Array(n);
    this.forms = new Array(n).fill(null);
    this.route = [];
  }

  /** Messages that joined it (kept in its slot). */
  get count(): number {
    return this.store.count(this.slot);
  }

  set count(n: number) {
    this.store.setCount(this.slot, n);
  }

  /** The leaf holding it (its id kept in its slot, for the exact look-up). */
  get leaf(): TreeNode {
    return this.node;
  }

  set leaf(node: TreeNode) {
    this.node = node;
    this.store.setLeaf(this.slot, node.id);
  }

  /**
   * True when no token shows digits as written (nothing to compare but the hashes) and no parameter
   * has punctuation kept around it: a message equal to it changes nothing unless it has such punctuation.
   * Kept in its slot's flags.
   */
  get plain(): boolean {
    return this.store.flags(this.slot) === PLAIN;
  }

  /** After its text or hashes changed: what a match shows, in its slot. */
  publish(): void {
    this.store.publish(this.slot, this.id, this.template, this.hashes, this.raws);
  }

  updatePlain(): void {
    let plain = true;
    for (let i = 0; i < this.hashes.length && plain; i++) {
      const h = this.hashes[i];
      if (h === WILDCARD) plain = this.affix[i] === 0 || this.affix[i] === -1;
      else plain = this.raws[i] === h || this.raws[i] === WILDCARD;
    }
    this.store.setFlags(this.slot, plain ? PLAIN : 0);
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
    private readonly raws?: Float64Array,
  ) {}

  /** The message's values at the template's parameters, in order (`key=<*>` gives the value only). */
  get parameters(): string[] {
    if (this.params === undefined) this.params = this.miner.extractParameters(this.message, this.hashes, this.raws);
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
  readonly oneWord: boolean;
  readonly admitAfter: number;
  /** Messages answered as {@link UNADMITTED_ID}, in all (at the cap: a message seen once). */
  unadmitted = 0;
  /** Templates forgotten because `maxClusters` was reached. */
  evicted = 0;
  /** Templates compared with messages for similarity, in all (a diagnostic: per message it stays small however many templates are held). */
  compared = 0;
  /** Messages that joined their template through the cache of recent lines, in all (a diagnostic: a repeated line is not tokenised again). */
  get cached(): number {
    return this.lines.hits;
  }
  private readonly tokenizer: Tokenizer;
  private readonly buf: TokenBuffer;
  private readonly scratch: TokenBuffer;
  private readonly routeDepth: number;
  private readonly digitRuns: boolean;
  /** The parse tree's token-count nodes, by token count (0 to `maxTokens`). */
  private readonly root: (TreeNode | undefined)[];
  /** Templates by id: a table that grows a few entries per insert (a `Map` rehashes every entry at once as it grows or churns). */
  private readonly byId: KeyTable<Cluster>;
  /** Per template by slot: count, recency (least recently used first), what a match shows. */
  private readonly store: TemplateSlots<Cluster>;
  /** All templates by all their tokens (a message equal to one, found at once). */
  private readonly exact: ExactIndex<Cluster>;
  /** Scratch of {@link equal}: slots of templates equal to the message. */
  private readonly equals = new Int32Array(MAX_COMPARED);
  /** Ids of pruned tree nodes, for reuse, and the next new one. */
  private readonly nodeIds: number[] = [];
  private nextNodeId = 1;
  private nextId = 1;
  /** Search stamp for {@link LeafIndex.best}. */
  private epoch = 0;
  /** Forgotten templates by token count, whose objects new templates of that length fill (fewer allocations at the cap). */
  private readonly spares: Cluster[][] = [];
  private spareCount = 0;
  /** Source of token-count node versions. */
  private clock = 0;
  /** Messages seen recently with the slot of the template they joined unchanged. */
  private readonly lines = new LineCache<number>();
  /** At the cap: which new messages start a template (made at the cap). */
  private admission: Admission | null = null;
  /** Recent share of messages that matched no template (an average over about 16 messages, of FLOOD_SCALE). */
  private flood = 0;
  /** Which tokens the templates hold, by position: built when a flood of unmatched messages meets many templates. */
  private presence: TokenPresence | null = null;
  /** Per position of the message: may a template hold its token there (written by {@link TokenPresence.rulesOut}). */
  private readonly held: Uint8Array;

  constructor(options?: TemplateMinerOptions) {
    const o = checkOptions(options, 'templateMiner', OPTION_KEYS);
    const d = TEMPLATE_MINER_DEFAULTS;
    this.similarity = o.similarity === undefined ? d.similarity : checkNumber(o.similarity, 'templateMiner.similarity', 0, 1);
    this.depth = o.depth === undefined ? d.depth : checkInteger(o.depth, 'templateMiner.depth', 3, 16);
    this.maxChildren = o.maxChildren === undefined ? d.maxChildren : checkInteger(o.maxChildren, 'templateMiner.maxChildren', 2);
    this.maxClusters = o.maxClusters === undefined ? d.maxClusters : checkInteger(o.maxClusters, 'templateMiner.maxClusters', 1, MAX_CLUSTERS);
    this.stableAfter = o.stableAfter === undefined ? d.stableAfter : checkInteger(o.stableAfter, 'templateMiner.stableAfter', 0);
    this.oneWord = o.splitOnWord === undefined ? d.splitOnWord : checkBoolean(o.splitOnWord, 'templateMiner.splitOnWord');
    this.admitAfter = o.admitAfter === undefined ? d.admitAfter : checkInteger(o.admitAfter, 'templateMiner.admitAfter', 1, 2);
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
    this.root = Array.from({ length: maxTokens + 1 }, () => undefined);
    this.scratch = new TokenBuffer(maxTokens);
    this.held = new Uint8Array(maxTokens);
    this.routeDepth = this.depth - 2;
    // a template moved to another slot: cached lines of its length name the old one
    this.store = new TemplateSlots<Cluster>((c, slot) => {
      c.slot = slot;
      this.changedLength(c.hashes.length);
    }, this.maxClusters + 1);
    this.exact = new ExactIndex(this.store, this.maxClusters + 1);
    this.byId = new KeyTable<Cluster>(this.maxClusters + 1, { ghost: false });
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
    // a message seen lately that joined its template unchanged, with nothing since that the match reads
    const store = this.store;
    const seen = this.lines.get(text);
    if (seen !== undefined) {
      this.flood -= this.flood >> 4;
      const count = store.hit(seen);
      this.counted(seen, count);
      return this.slotMatch(seen, false, count, text);
    }
    const buf = this.buf;
    this.tokenizer.tokenize(text, buf);
    // in a flood of messages matching nothing: the tokens no template holds are known at once, and
    // a message no template can match skips the search
    const presence = this.flood > FLOOD ? this.presenceOf() : null;
    const none = presence !== null && presence.rulesOut(buf.hashes, buf.count, Math.ceil(this.similarity * buf.count), this.routeLength(buf.count), this.held);
    // too few of its tokens held for any template of its length to reach `similarity`: no leaf search (a reroute may still match)
    const leaf = none || (presence !== null && presence.fewHeld) ? null : this.search(buf);
    // a big leaf: first the template equal to the message token for token, found with one look-up
    // (which reads flat tables only: the template's objects are read when it changes)
    const equal = leaf === null || leaf.index === null || leaf.index.size <= SCAN_UP_TO || (presence !== null && presence.anyFree) ? NO_SLOT : this.equal(leaf, buf);
    let best: Cluster | null = null;
    // the template the leaf search found is equal to the message token for token (as an equal one, read only to change it)
    let same = false;
    if (equal === NO_SLOT && leaf !== null) {
      best = this.best(leaf, buf, presence !== null ? this.held : null);
      same = best !== null && (leaf.index as LeafIndex<Cluster>).agreed === buf.count;
    }
    const found = equal !== NO_SLOT || best !== null;
    if (!found && (presence === null || !presence.restFree)) best = this.reroute(buf);
    if (!found && best === null) this.flood += (FLOOD_SCALE - this.flood) >> 4;
    else this.flood -= this.flood >> 4;
    if (equal !== NO_SLOT || best !== null) {
      // the leaf search read the template's object: it is used as is; an equal one is read only to change it
      let s = best !== null ? best.slot : equal;
      const c = (best !== null && !same) || store.flags(s) !== PLAIN || this.affixesDiffer(s, text, buf) ? (best ?? (store.owner(s) as Cluster)) : null;
      const changed = c !== null && this.generalize(c, text, buf);
      // filed again under its new tokens, a template may have moved to another slot (see ExactIndex)
      if (changed) s = (c as Cluster).slot;
      const count = store.hit(s);
      this.counted(s, count);
      if (changed) this.changedLength(buf.count);
      else if (found) this.lines.set(text, s, this.root[buf.count] as TreeNode);
      if (best !== null) return new TemplateMatch(best.id, best.template, false, changed, count, text, best.hashes, this, best.raws);
      return this.slotMatch(s, changed, count, text);
    }
    if (this.admitAfter > 1 && this.byId.size >= this.maxClusters) return this.atCap(text, buf);
    const c = this.create(text, buf);
    return new TemplateMatch(c.id, c.template, true, false, c.count, text, c.hashes, this, c.raws);
  }

  /**
   * A message matching no template while `maxClusters` are held: a template only on its second
   * sighting (see {@link Admission}); the first is answered as {@link UNADMITTED_ID}.
   */
  private atCap(text: string, buf: TokenBuffer): TemplateMatch {
    const admission = (this.admission ??= new Admission(2 * this.maxClusters));
    const a = admission.admit(buf, text, this.routeLength(buf.count), this);
    if (a === NOT_ADMITTED) {
      this.unadmitted++;
      return this.unadmittedMatch(text, buf);
    }
    let c: Cluster;
    let changed = false;
    if (a === REPEATED) c = this.create(text, buf);
    else {
      // the template the similar message seen before would have made, joined by this one
      const first = admission.text(a);
      this.tokenizer.tokenize(first, this.scratch);
      c = this.create(first, this.scratch);
      changed = this.generalize(c, text, buf);
      if (changed) this.changedLength(buf.count);
    }
    // both sightings are its messages; this one made the template (isNew, as a template made at once)
    c.count++;
    this.counted(c.slot, c.count);
    return new TemplateMatch(c.id, c.template, true, changed, c.count, text, c.hashes, this, c.raws);
  }

  /** The match of `text` with the template in slot `s`, from the slot alone. */
  private slotMatch(s: number, changed: boolean, count: number, text: string): TemplateMatch {
    const store = this.store;
    return new TemplateMatch(store.id(s), store.template(s), false, changed, count, text, store.hashes(s), this, store.raws(s));
  }

  /** The filter of tokens held (see {@link TokenPresence}), built on first use once {@link PRESENCE_FROM} templates are held; else null. */
  private presenceOf(): TokenPresence | null {
    if (this.presence === null && this.byId.size >= PRESENCE_FROM) {
      const presence = new TokenPresence(64 * this.maxClusters);
      for (const c of this.byId.values()) presence.add(c.hashes);
      this.presence = presence;
    }
    return this.presence;
  }

  /** The answer for a message not admitted: a template of its own, not kept (its parameters are read from the message alone). */
  private unadmittedMatch(text: string, buf: TokenBuffer): TemplateMatch {
    const n = buf.count;
    // the tokens' display texts one space apart (as a template's text): a run of tokens shown as
    // written and one space apart in the message is one slice of it
    let template = '';
    let pieces = 0;
    let run = -1; // first token of the current run
    for (let j = 0; j < n; j++) {
      const kind = buf.kinds[j];
      const written = kind === CONSTANT || (kind === DIGIT_RUNS && buf.asWritten(text, j));
      if (written && run >= 0 && buf.starts[j] === buf.ends[j - 1] + 1 && text.charCodeAt(buf.ends[j - 1]) === 32) continue;
      if (run >= 0) {
        const piece = text.slice(buf.starts[run], buf.ends[j - 1]);
        template = pieces++ === 0 ? piece : `${template} ${piece}`;
        run = -1;
      }
      if (written) run = j;
      else {
        const piece = buf.parameterText(text, j);
        template = pieces++ === 0 ? piece : `${template} ${piece}`;
      }
    }
    if (run >= 0) {
      const piece = text.slice(buf.starts[run], buf.ends[n - 1]);
      template = pieces === 0 ? piece : `${template} ${piece}`;
    }
    return new TemplateMatch(UNADMITTED_ID, template, true, false, 1, text, OWN_TOKENS, this);
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
    const c = leaf === null || leaf.index === null ? undefined : leaf.index.exact(buf.hashes);
    return c === undefined ? undefined : new TemplateMatch(c.id, c.template, false, false, c.count, text, c.hashes, this, c.raws);
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
    for (let s = this.store.head; s !== NO_SLOT; s = this.store.next(s)) {
      const c = this.store.owner(s) as Cluster;
      const forms = c.forms.some((f) => f !== null) ? { forms: c.forms.slice() } : {};
      clusters.push({ id: c.id, tokens: c.texts.slice(), ...forms, route: c.route.slice(), count: c.count });
    }
    return { version: STATE_VERSION, nextId: this.nextId, clusters };
  }

  /**
   * Replace the state with one from {@link toJSON} (ids, counts and recency survive). The whole state
   * is checked first: when anything is wrong the miner is left unchanged and a {@link ConfigError}
   * names the bad part (`state.clusters[3].count`; `path` is the prefix). Templates beyond
   * `maxClusters` (oldest first) are dropped.
   */
  restore(state: unknown, path = 'state'): void {
    const s = checkObject(state, path);
    checkVersion(s, path, STATE_VERSION);
    let nextId = checkInteger(s.nextId, `${path}.nextId`, 1);
    const list = checkArray(s.clusters, `${path}.clusters`);
    const parsed: { id: string; tokens: string[]; forms: (string | null)[]; route: string[]; count: number }[] = [];
    const ids = new Set<string>();
    const maxTokens = this.buf.capacity;
    // template text shows each digit run as `<*>`: up to three times the characters a message is read to
    const maxLength = 3 * this.tokenizer.maxLength;
    list.forEach((item, i) => {
      const at = `${path}.clusters[${i}]`;
      const c = checkObject(item, at);
      const num = checkTemplateId(c.id, `${at}.id`);
      if (ids.has(c.id as string)) throw new ConfigError(`${at}.id`, 'an id not used by another template', c.id);
      ids.add(c.id as string);
      if (num >= nextId) nextId = num + 1;
      const tokens = checkArray(c.tokens, `${at}.tokens`, maxTokens).map((t, j) => checkText(t, `${at}.tokens[${j}]`, maxLength));
      const forms =
        c.forms === undefined ? tokens.map(() => null) : checkArray(c.forms, `${at}.forms`, tokens.length).map((t, j) => (t === null ? null : checkText(t, `${at}.forms[${j}]`, maxLength)));
      if (forms.length !== tokens.length) throw new ConfigError(`${at}.forms`, `${tokens.length} forms, one per token`, forms);
      const route = checkArray(c.route, `${at}.route`, maxTokens).map((t, j) => checkText(t, `${at}.route[${j}]`, maxLength));
      if (route.length !== this.routeLength(tokens.length)) throw new ConfigError(`${at}.route`, `${this.routeLength(tokens.length)} route tokens for ${tokens.length} tokens`, route);
      const count = checkInteger(c.count, `${at}.count`, 0);
      parsed.push({ id: c.id as string, tokens, forms, route, count });
    });
    checkInteger(nextId, `${path}.nextId`, 1); // an id at the largest safe integer leaves no next id
    // Nothing below can fail: replace.
    this.root.fill(undefined);
    this.nodeIds.length = 0;
    this.nextNodeId = 1;
    this.store.clear();
    this.exact.clear();
    this.byId.clear();
    this.lines.clear();
    this.admission?.clear();
    this.presence = null;
    this.spares.length = 0;
    this.spareCount = 0;
    this.nextId = nextId;
    const start = Math.max(0, parsed.length - this.maxClusters);
    for (let i = start; i < parsed.length; i++) {
      const p = parsed[i];
      let node = this.lengthNode(p.tokens.length);
      for (const key of p.route) node = this.child(node, routeKey(hashTemplateToken(key, this.digitRuns)));
      const n = p.tokens.length;
      const hashes = new Float64Array(n);
      const kinds = new Uint8Array(n);
      const raws = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const form = p.forms[j] ?? p.tokens[j];
        hashes[j] = hashTemplateToken(form, this.digitRuns);
        kinds[j] = templateTokenKind(form);
        // a token with digits shown as written has not varied yet
        raws[j] = kinds[j] === DIGIT_RUNS && !p.tokens[j].includes(WILDCARD_TEXT) ? literalHash(p.tokens[j], 0, p.tokens[j].length) : hashes[j];
        if (kinds[j] === DIGIT_RUNS && p.tokens[j].includes(WILDCARD_TEXT)) raws[j] = WILDCARD;
      }
      const c = new Cluster(n, node, this.store);
      c.id = p.id;
      c.order = idNumber(p.id);
      c.hashes = hashes;
      c.raws = raws;
      c.kinds.set(kinds);
      c.affix.fill(-1);
      for (let j = 0; j < n; j++) {
        c.words[j] = wordClass(p.tokens[j]);
        c.texts[j] = p.tokens[j];
        c.forms[j] = p.forms[j];
      }
      c.route = p.route;
      c.template = c.texts.join(' ');
      c.updatePlain();
      c.count = p.count;
      c.stable = this.stableAfter > 0 && p.count >= this.stableAfter;
      c.publish();
      (node.index ??= new LeafIndex(c.hashes.length)).add(c);
      this.skeletonsOf(n).add(c);
      this.exact.add(c);
      this.byId.set(c.id, c);
      this.store.append(c.slot);
    }
  }

  /** @internal Parameters of `message` for a template given by its token hashes (and literal hashes). */
  extractParameters(message: string, hashes: Float64Array, raws?: Float64Array): string[] {
    const buf = this.scratch;
    this.tokenizer.tokenize(message, buf);
    const out: string[] = [];
    const own = hashes === OWN_TOKENS;
    const n = own ? buf.count : Math.min(buf.count, hashes.length);
    for (let i = 0; i < n; i++) {
      // the template of the message alone (unadmitted): its hashes, and digit runs shown as written unless they vary within it
      if (own) {
        if (buf.hashes[i] === WILDCARD || buf.kinds[i] === KEY_VALUE || (buf.kinds[i] === DIGIT_RUNS && buf.literal(message, i) === WILDCARD)) out.push(buf.parameter(message, i));
        continue;
      }
      const h = hashes[i];
      if (h === WILDCARD) out.push(buf.parameter(message, i));
      else if (h !== buf.hashes[i]) continue;
      else if (buf.kinds[i] === KEY_VALUE) out.push(buf.parameter(message, i));
      else if (buf.kinds[i] === DIGIT_RUNS && (raws === undefined || raws[i] === WILDCARD)) out.push(buf.parameter(message, i));
    }
    return out;
  }

  private search(buf: TokenBuffer): TreeNode | null {
    let node = this.root[buf.count];
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

  private best(leaf: TreeNode, buf: TokenBuffer, held: Uint8Array | null = null): Cluster | null {
    if (leaf.index === null) return null;
    this.epoch = (this.epoch + 1) | 0;
    const best = leaf.index.best(buf.hashes, buf.words, this.similarity, this.stableAfter, this.oneWord, this.epoch, held);
    this.compared += leaf.index.compared;
    return best;
  }

  /**
   * For a message equal to a plain template (see {@link Cluster.plain}): true when a parameter has
   * punctuation around it, the one thing {@link generalize} could still change. Reads the message only.
   */
  private affixesDiffer(s: number, text: string, buf: TokenBuffer): boolean {
    if (this.store.count(s) >= TEXT_SETTLES_AFTER) return false;
    for (let i = 0; i < buf.count; i++) if (buf.hashes[i] === WILDCARD && buf.affixCode(text, i) !== 0) return true;
    return false;
  }

  /**
   * Turn the template's tokens that differ from the message into `<*>`, a token with digits seen with
   * other digits into `<*>`, and keep only the affixes a parameter's messages share; true when the
   * template's text changed.
   */
  private generalize(c: Cluster, text: string, buf: TokenBuffer): boolean {
    const n = buf.count;
    const settled = c.count >= TEXT_SETTLES_AFTER;
    let i = 0;
    for (; i < n; i++) {
      const t = c.hashes[i];
      if (
        t === WILDCARD
          ? !settled && c.affix[i] !== -1 && c.affix[i] !== buf.affixCode(text, i)
          : t !== buf.hashes[i] || (c.raws[i] !== t && c.raws[i] !== WILDCARD && c.raws[i] !== buf.literal(text, i))
      )
        break;
    }
    if (i === n) return false;
    // Copy on write: earlier TemplateMatch results keep the template they saw.
    const hashes = c.hashes.slice();
    const raws = c.raws.slice();
    const texts = c.texts.slice();
    const index = c.leaf.index as LeafIndex<Cluster>;
    c.hashes = hashes;
    c.raws = raws;
    const from = this.routeLength(n);
    let rekey = false;
    let rehash = false;
    for (; i < n; i++) {
      const t = hashes[i];
      if (t === WILDCARD) {
        if (!settled && c.affix[i] !== -1 && c.affix[i] !== buf.affixCode(text, i)) {
          texts[i] = commonAffixes(texts[i], buf.parameterText(text, i));
          c.affix[i] = -1;
        }
      } else if (t !== buf.hashes[i]) {
        hashes[i] = WILDCARD;
        raws[i] = WILDCARD;
        const mine = texts[i].includes(WILDCARD_TEXT) ? texts[i] : affixed(texts[i]);
        const theirs = buf.parameterText(text, i);
        texts[i] = commonAffixes(mine, theirs);
        c.affix[i] = mine === theirs ? buf.affixCode(text, i) : -1;
        index.retoken(c, i, t);
        this.presence?.retoken(n, i, t, WILDCARD);
        rehash = true;
        if (i >= from) rekey = true;
      } else if (raws[i] !== t && raws[i] !== WILDCARD && raws[i] !== buf.literal(text, i)) {
        raws[i] = WILDCARD;
        const mine = affixed(texts[i]);
        const theirs = buf.parameterText(text, i);
        texts[i] = commonAffixes(mine, theirs);
        c.affix[i] = mine === theirs ? buf.affixCode(text, i) : -1;
      }
    }
    c.texts = texts;
    c.template = texts.join(' ');
    c.updatePlain();
    c.publish();
    if (rekey) this.skeletonsOf(n).rekey(c);
    if (rehash) this.exact.rekey(c);
    return true;
  }

  /**
   * A template the message matches but for its routing tokens (a parameter in first position:
   * `alice logged in`, `bob logged in`): its tokens after them equal the message's, the differing
   * routing tokens are not a long-steady word (`stableAfter`) nor the one capitalised word telling two
   * events apart (`splitOnWord`), and `similarity` holds. The template moves to the `<*>` branch, where
   * the next such message finds it. Null when none.
   */
  private reroute(buf: TokenBuffer): Cluster | null {
    const n = buf.count;
    const from = this.routeLength(n);
    // the rest must carry the match: at least three tokens (`syslogd startup succeeded` stays apart)
    const skeletons = from === 0 || n - from < 3 ? null : (this.root[n]?.skeletons ?? null);
    if (skeletons === null) return null;
    const c = skeletons.find(buf.hashes, n, MAX_COMPARED, (t) => this.mayReroute(t, buf, from));
    if (c === null) return null;
    let node = this.lengthNode(n);
    const route: string[] = [];
    for (let d = 0; d < from; d++) {
      const keep = c.route[d] !== WILDCARD_TEXT && c.hashes[d] === buf.hashes[d];
      node = this.child(node, keep ? routeKey(c.hashes[d]) : WILDCARD);
      route.push(keep ? c.route[d] : WILDCARD_TEXT);
    }
    if (node !== c.leaf) {
      const old = c.leaf;
      // out of the old leaf first: its index finds c by the slots and member place that add() rewrites
      (old.index as LeafIndex<Cluster>).remove(c);
      (node.index ??= new LeafIndex(n)).add(c);
      c.leaf = node;
      c.route = route;
      this.changedLength(n);
      this.prune(old);
    }
    return c;
  }

  private mayReroute(c: Cluster, buf: TokenBuffer, from: number): boolean {
    const n = buf.count;
    const stable = this.stableAfter > 0 && c.count >= this.stableAfter;
    let diffs = 0;
    let words = 0;
    for (let d = 0; d < from; d++) {
      const t = c.hashes[d];
      if (t === WILDCARD || t === buf.hashes[d]) continue;
      if (stable && c.kinds[d] === CONSTANT) return false;
      // two plain words (`creating` / `removing`) name two events as the parse tree has it
      if (c.words[d] >= 2 && buf.words[d] >= 2) return false;
      diffs++;
      if ((c.words[d] & 1) === 1 && (buf.words[d] & 1) === 1) words++;
    }
    if (this.oneWord && diffs === 1 && words === 1) return false;
    return n - diffs >= this.similarity * n;
  }

  private skeletonsOf(n: number): SkeletonIndex<Cluster> {
    const node = this.lengthNode(n);
    return (node.skeletons ??= new SkeletonIndex(this.routeLength(n), 0));
  }

  /**
   * The slot of the template of `leaf` equal to the message token for token (`<*>` only to `<*>`):
   * every position agrees, which no other template can beat (the scan of the leaf would pick it),
   * found with one look-up (the oldest of several). {@link NO_SLOT} when none.
   */
  private equal(leaf: TreeNode, buf: TokenBuffer): number {
    const found = this.exact.find(buf.hashes, buf.count, leaf.id, MAX_COMPARED, this.equals);
    if (found === 0) return NO_SLOT;
    let s = this.equals[0];
    for (let j = 1; j < found; j++) {
      const t = this.equals[j];
      if ((this.store.owner(t) as Cluster).order < (this.store.owner(s) as Cluster).order) s = t;
    }
    return s;
  }

  private create(text: string, buf: TokenBuffer): Cluster {
    const n = buf.count;
    let node = this.lengthNode(n);
    const depth = this.routeLength(n);
    const spare = this.spares[n];
    let c: Cluster;
    if (spare !== undefined && spare.length > 0) {
      c = spare.pop() as Cluster;
      this.spareCount--;
      c.slot = this.store.alloc(c);
    } else c = new Cluster(n, node, this.store);
    const route = c.route;
    route.length = 0;
    for (let d = 0; d < depth; d++) {
      const h = buf.kinds[d] === DIGIT_RUNS ? WILDCARD : routeKey(buf.hashes[d]);
      let key = h;
      const children = node.children;
      if (h !== WILDCARD && children !== null && !children.has(h)) {
        const size = children.size;
        const room = children.has(WILDCARD) ? size < this.maxChildren : size + 1 < this.maxChildren;
        if (!room) key = WILDCARD;
      }
      node = this.child(node, key);
      route.push(key === WILDCARD ? WILDCARD_TEXT : buf.tokenText(text, d));
    }
    // new arrays for what a TemplateMatch keeps; the rest of a spare is written over
    const hashes = buf.hashes.slice(0, n);
    const raws = new Float64Array(n);
    const { texts, forms, affix, kinds, words } = c;
    for (let i = 0; i < n; i++) {
      const kind = buf.kinds[i];
      kinds[i] = kind;
      words[i] = buf.words[i];
      raws[i] = buf.literal(text, i);
      affix[i] = buf.affixCode(text, i);
      texts[i] = buf.displayText(text, i);
      // a plain token reads as matched
      const form = kind === CONSTANT ? null : buf.tokenText(text, i);
      forms[i] = form === texts[i] ? null : form;
    }
    const order = this.nextId++;
    c.id = `T${order}`;
    c.order = order;
    c.hashes = hashes;
    c.raws = raws;
    c.leaf = node;
    c.template = texts.join(' ');
    c.updatePlain();
    c.count = 1;
    c.stable = this.stableAfter === 1;
    c.mark = 0;
    c.publish();
    (node.index ??= new LeafIndex(n)).add(c);
    this.skeletonsOf(n).add(c);
    this.exact.add(c);
    this.presence?.add(c.hashes);
    this.byId.set(c.id, c);
    this.store.append(c.slot);
    this.changedLength(n);
    if (this.byId.size > this.maxClusters) this.evict(this.store.owner(this.store.head) as Cluster);
    return c;
  }

  private lengthNode(n: number): TreeNode {
    let node = this.root[n];
    if (node === undefined) {
      node = new TreeNode(null, n, this.nodeId());
      this.root[n] = node;
    }
    return node;
  }

  private evict(c: Cluster): void {
    this.store.unlink(c.slot);
    this.byId.delete(c.id);
    this.evicted++;
    (c.leaf.index as LeafIndex<Cluster>).remove(c);
    this.presence?.remove(c.hashes);
    this.skeletonsOf(c.hashes.length).remove(c);
    this.exact.remove(c);
    this.store.release(c.slot);
    this.changedLength(c.hashes.length);
    this.prune(c.leaf);
    this.spare(c);
  }

  /** Keep a forgotten template's object for the next template of its length (at most {@link MAX_SPARES} kept). */
  private spare(c: Cluster): void {
    if (this.spareCount >= MAX_SPARES) return;
    (this.spares[c.hashes.length] ??= []).push(c);
    this.spareCount++;
  }

  /** A change to the templates of `n` tokens: cached outcomes for messages of that length are void. */
  private changedLength(n: number): void {
    const node = this.root[n];
    if (node !== undefined) node.version = ++this.clock;
  }

  /** After the count of the template in slot `s` went up to `count`: a count reaching a threshold a match reads changes outcomes too. */
  private counted(s: number, count: number): void {
    if (count === this.stableAfter || count === TEXT_SETTLES_AFTER) {
      const c = this.store.owner(s) as Cluster;
      if (count === this.stableAfter) c.stable = true;
      this.changedLength(c.hashes.length);
    }
  }

  /** Remove the branch of `leaf` up to the first node still holding templates or children. */
  private prune(leaf: TreeNode): void {
    let node: TreeNode | null = leaf;
    while (node !== null) {
      if ((node.index !== null && node.index.size > 0) || (node.children !== null && node.children.size > 0)) break;
      const parent: TreeNode | null = node.parent;
      if (parent === null) this.root[node.key] = undefined;
      else (parent.children as Map<number, TreeNode>).delete(node.key);
      this.nodeIds.push(node.id);
      node = parent;
    }
  }

  private nodeId(): number {
    return this.nodeIds.length > 0 ? (this.nodeIds.pop() as number) : this.nextNodeId++;
  }

  private child(node: TreeNode, key: number): TreeNode {
    const children = (node.children ??= new Map());
    let next = children.get(key);
    if (next === undefined) {
      next = new TreeNode(node, key, this.nodeId());
      children.set(key, next);
    }
    return next;
  }
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

/** A plain token's text as a parameter with its affixes kept: `root,` gives `<*>,`, `(x)` gives `(<*>)`. */
function affixed(token: string): string {
  const pre = prefixLength(token, 0, token.length);
  const post = suffixLength(token, pre, token.length);
  return `${token.slice(0, pre)}${valueText(token, pre, token.length - post)}${token.slice(token.length - post)}`;
}

/** The word class of a token as written in template text (as TokenBuffer.words). */
function wordClass(token: string): number {
  if (/^[A-Z][A-Za-z]*$/.test(token)) return 3;
  if (/^[a-z][A-Za-z]*$/.test(token)) return 2;
  return /^[([{"']*[A-Z][A-Za-z]*[)\]}"',;:.]*$/.test(token) ? 1 : 0;
}
