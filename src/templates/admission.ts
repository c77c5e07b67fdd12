import { CONSTANT, DIGIT_RUNS } from './masking.js';
import { WILDCARD, routeKey, type TokenBuffer } from './tokenize.js';

/** Messages of the probation ring (the last ones seen once at the cap, compared for similarity). */
export const PROBATION_SIZE = 32;
/** Longest message (in tokens) kept in probation; a longer one is admitted only on an exact repeat. */
const PROBATION_TOKENS = 64;
/** Longest message (in characters) kept in probation (its text is copied, so it cannot pin a larger string). */
const PROBATION_CHARS = 4096;

/** How a message at the cap that matches no template fares in {@link Admission.admit}. */
export const NOT_ADMITTED = -1;
/** Seen before token for token (masked tokens alike): admitted. */
export const REPEATED = -2;

/** What the similarity test of probation reads of the miner's options. */
export interface AdmissionRules {
  readonly similarity: number;
  readonly stableAfter: number;
  readonly oneWord: boolean;
}

/**
 * Admission of new templates once the miner holds `maxClusters` (a doorkeeper, as in TinyLFU): there a
 * new template costs an eviction, so a message that matches no template starts one only when it is
 * seen a second time, equal token for token (masked tokens alike: `conn from 10.0.0.7 closed` and `conn
 * from 10.0.0.9 closed` are one skeleton) or, among the last {@link PROBATION_SIZE} such messages, one
 * that would have joined it as a template (same leading tokens, `similarity` of the positions). A
 * stream of messages that never repeat (unmasked ids, an attacker) then neither creates nor evicts:
 * each is answered as unadmitted and the templates held stay.
 *
 * The skeletons seen once are kept in a fixed table of 32-bit checks indexed by hash (a slot is
 * overwritten by a later skeleton: a repeat is noticed while its slot survives, about as many
 * messages as the table has slots); probation keeps a flat copy of each message's token hashes, word
 * classes and kinds, and its text (at most {@link PROBATION_CHARS} characters, copied). O(tokens)
 * per message, no allocation but the text copy; bounded.
 */
export class Admission {
  /** Doorkeeper: per slot the check of a skeleton seen once (0: none). */
  private readonly seen: Int32Array;
  private readonly mask: number;
  /** Probation: per entry its token count (0: empty), the skeleton's check, its message. */
  private readonly counts = new Int32Array(PROBATION_SIZE);
  private readonly checks = new Int32Array(PROBATION_SIZE);
  private readonly texts: string[] = new Array(PROBATION_SIZE).fill('');
  private readonly hashes = new Float64Array(PROBATION_SIZE * PROBATION_TOKENS);
  private readonly words = new Uint8Array(PROBATION_SIZE * PROBATION_TOKENS);
  private readonly kinds = new Uint8Array(PROBATION_SIZE * PROBATION_TOKENS);
  private next = 0;
  /** Slot and check of the last message looked at. */
  private slot = 0;
  private check = 0;

  /** @param slots doorkeeper slots (rounded up to a power of two, 1,024 to 65,536) */
  constructor(slots: number) {
    let size = 1024;
    while (size < slots && size < 65536) size *= 2;
    this.seen = new Int32Array(size);
    this.mask = size - 1;
  }

  /**
   * A message (`buf`, tokens counted in `buf.count`) that matched no template while the miner is at
   * its cap: {@link REPEATED} when its skeleton was seen before, the probation entry it is similar to
   * (read it with {@link text}), or {@link NOT_ADMITTED} (it is then remembered).
   */
  admit(buf: TokenBuffer, text: string, routeLength: number, rules: AdmissionRules): number {
    const n = buf.count;
    this.hash(buf.hashes, n);
    const seen = this.seen;
    if (seen[this.slot] === this.check) {
      seen[this.slot] = 0;
      this.forget(this.check);
      return REPEATED;
    }
    // an entry's token count 0 marks it empty: an empty message is admitted on an equal repeat only
    const similar = n > 0 && n <= PROBATION_TOKENS ? this.similar(buf, n, routeLength, rules) : NOT_ADMITTED;
    if (similar !== NOT_ADMITTED) {
      this.counts[similar] = 0;
      return similar;
    }
    seen[this.slot] = this.check;
    if (n > 0 && n <= PROBATION_TOKENS && text.length <= PROBATION_CHARS) this.remember(buf, n, text);
    return NOT_ADMITTED;
  }

  /** The message of probation entry `e` (after {@link admit} returned it). */
  text(e: number): string {
    const t = this.texts[e];
    this.texts[e] = '';
    return t;
  }

  /** Forget everything (the miner was restored). */
  clear(): void {
    this.seen.fill(0);
    this.counts.fill(0);
    this.texts.fill('');
  }

  /** Doorkeeper slot and check of token hashes `h[0..n)` (two 32-bit hashes, the check never 0). */
  private hash(h: Float64Array, n: number): void {
    let k = 0x811c9dc5 | 0;
    let c = (0x9747b28c ^ n) | 0;
    for (let i = 0; i < n; i++) {
      const x = h[i];
      const lo = x | 0;
      const hi = (x / 4294967296) | 0;
      k = Math.imul(k ^ lo, 0x01000193);
      k = Math.imul(k ^ hi, 0x01000193);
      c = Math.imul(c ^ lo, 0x5bd1e995);
      c = Math.imul(c ^ (c >>> 15) ^ hi, 0x27d4eb2d);
    }
    this.slot = (k ^ (k >>> 16)) & this.mask;
    this.check = c === 0 ? 1 : c;
  }

  /**
   * The probation entry the message would have joined had the entry been made a template: the same
   * routing tokens and the scoring of the leaf's search (LeafIndex.best) for a template of one message.
   */
  private similar(buf: TokenBuffer, n: number, routeLength: number, rules: AdmissionRules): number {
    const minSim = rules.similarity * n;
    const stable = rules.stableAfter > 0 && 1 >= rules.stableAfter;
    const msg = buf.hashes;
    const msgWords = buf.words;
    const msgKinds = buf.kinds;
    for (let e = 0; e < PROBATION_SIZE; e++) {
      if (this.counts[e] !== n) continue;
      const base = e * PROBATION_TOKENS;
      let d = 0;
      for (; d < routeLength; d++) if (routeOf(this.hashes[base + d], this.kinds[base + d]) !== routeOf(msg[d], msgKinds[d])) break;
      if (d < routeLength) continue;
      let sim = 0;
      let skip = false;
      let words = 0;
      let others = 0;
      for (let i = 0; i < n; i++) {
        const t = this.hashes[base + i];
        if (t === WILDCARD) {
          if (msg[i] === WILDCARD) sim++;
        } else if (t === msg[i]) sim++;
        else if (stable && this.kinds[base + i] === CONSTANT) {
          skip = true;
          break;
        } else if ((msgWords[i] & 1) === 1 && (this.words[base + i] & 1) === 1) words++;
        else others++;
      }
      if (skip || (rules.oneWord && words === 1 && others === 0) || sim < minSim) continue;
      return e;
    }
    return NOT_ADMITTED;
  }

  private remember(buf: TokenBuffer, n: number, text: string): void {
    const e = this.next;
    this.next = (e + 1) % PROBATION_SIZE;
    const base = e * PROBATION_TOKENS;
    for (let i = 0; i < n; i++) {
      this.hashes[base + i] = buf.hashes[i];
      this.words[base + i] = buf.words[i];
      this.kinds[base + i] = buf.kinds[i];
    }
    this.counts[e] = n;
    this.checks[e] = this.check;
    // a copy: the message may be a slice of a large string, which a kept slice would keep alive whole
    this.texts[e] = ` ${text}`.slice(1);
  }

  /** Drop probation entries of a skeleton that was just admitted. */
  private forget(check: number): void {
    for (let e = 0; e < PROBATION_SIZE; e++) {
      if (this.counts[e] !== 0 && this.checks[e] === check) {
        this.counts[e] = 0;
        this.texts[e] = '';
      }
    }
  }
}

/** The parse-tree key a routing token takes (a token with digit runs goes to the `<*>` branch). */
function routeOf(hash: number, kind: number): number {
  return kind === DIGIT_RUNS ? WILDCARD : routeKey(hash);
}
