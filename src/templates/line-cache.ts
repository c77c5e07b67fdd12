/** Longest message kept in a {@link LineCache} (longer ones are always mined). */
export const CACHED_LINE_LENGTH = 512;
/** Messages per generation of a {@link LineCache}: at most twice this many are held. */
export const CACHED_LINES = 2048;

/** Look-ups per measuring window of the hit rate. */
const WINDOW = 2048;
/** Lines back within which full use of the cache surely answers a repeat (it holds at least the last {@link CACHED_LINES} kept). */
const REACH = CACHED_LINES;

/** What a {@link LineCache} stamps: a part of the miner whose `version` changes with anything a match reads. */
export interface Versioned {
  version: number;
}

/** A cached outcome: `line` joined `template` without changing it while `node` was at `stamp`. */
class Entry<T> {
  constructor(
    public template: T,
    public node: Versioned,
    public stamp: number,
    /** The cache's own copy of the line, its key in either generation. */
    readonly line: string,
    /** The look-up count when it was kept or last answered (how far back a repeat of it reaches). */
    public seen: number,
  ) {}
}

/**
 * Messages seen recently, each with the template it joined unchanged. A message equal to one of them
 * joins the same template again without being tokenised, for as long as nothing the match depends on
 * has changed: the entry is stamped with the version of the miner's token-count node, which moves on
 * every template created, generalised, moved or forgotten there and on every count crossing a
 * threshold the match reads (so the outcome is the one mining the message again would give).
 * Bounded: two generations of {@link CACHED_LINES} messages of at most {@link CACHED_LINE_LENGTH}
 * characters; the older generation is dropped whole when the newer fills (O(1), no per-entry eviction).
 * On a stream that seldom repeats a line within the cache's reach (under 1 in 8 look-ups answered over
 * a window of about {@link WINDOW} lines), only a fixed 64th of the lines (chosen by their text, so a
 * repeat of one is chosen too) is looked up and kept: that costs little and notices when repeats come
 * back. Only a repeat that full use would answer counts there (one within {@link REACH} lines of its
 * previous sighting): a stream that repeats its lines only far apart (every 100,000 lines) stays sparse.
 * Each time full use is tried again and fails, the next try waits twice as long (up to 64 windows).
 */
export class LineCache<T> {
  private current = new Map<string, Entry<T>>();
  private previous = new Map<string, Entry<T>>();
  /** Look-ups answered. */
  hits = 0;
  private sparse = false;
  private probes = 0;
  private answered = 0;
  /** Windows to stay sparse before full use is tried again, and the windows left. */
  private backoff = 1;
  private wait = 0;
  /** Look-ups so far (the clock of {@link Entry.seen}). */
  private clock = 0;

  /** The template `line` joined unchanged, if that still holds; undefined otherwise. */
  get(line: string): T | undefined {
    const now = ++this.clock;
    if (!this.kept(line)) return undefined;
    // a window of about WINDOW lines either way: in sparse mode a 64th of them is looked up
    const window = this.sparse ? WINDOW >> 6 : WINDOW;
    if (++this.probes === window) this.judge(window);
    let e = this.current.get(line);
    if (e === undefined) {
      e = this.previous.get(line);
      if (e === undefined) return undefined;
      if (e.node.version !== e.stamp) return undefined;
      this.previous.delete(line);
      this.put(e.line, e);
    } else if (e.node.version !== e.stamp) return undefined;
    this.hits++;
    // in sparse use, a repeat from further back than full use reaches says nothing of what full use would answer
    if (!this.sparse || now - e.seen <= REACH) this.answered++;
    e.seen = now;
    return e.template;
  }

  /** Remember that `line` joined `template` unchanged with `node` at its current version. */
  set(line: string, template: T, node: Versioned): void {
    if (!this.kept(line)) return;
    const e = this.current.get(line);
    if (e !== undefined) {
      e.template = template;
      e.node = node;
      e.stamp = node.version;
      e.seen = this.clock;
      return;
    }
    // a copy: the line is often a slice of a large decoded chunk, which a kept slice would keep alive whole
    const own = ` ${line}`.slice(1);
    this.put(own, new Entry(template, node, node.version, own, this.clock));
  }

  /** Forget everything. */
  clear(): void {
    this.current = new Map();
    this.previous = new Map();
  }

  /** At the end of a window: sparse or full use for the next one. */
  private judge(window: number): void {
    const repeats = this.answered * 8 >= window;
    this.probes = this.answered = 0;
    if (!this.sparse) {
      if (repeats) this.backoff = 1;
      else {
        this.sparse = true;
        this.wait = this.backoff;
        this.backoff = Math.min(this.backoff * 2, 64);
      }
    } else if (repeats && --this.wait <= 0) this.sparse = false;
  }

  /** True for a line this cache looks up and keeps (all short ones, or in sparse mode a fixed 64th of them). */
  private kept(line: string): boolean {
    const n = line.length;
    if (n > CACHED_LINE_LENGTH || n === 0) return false;
    return !this.sparse || ((Math.imul(n, 0x9e3779b1) ^ Math.imul(line.charCodeAt(n >> 1), 0x85ebca6b) ^ line.charCodeAt(n - 1)) & 0xfc0) === 0;
  }

  private put(line: string, e: Entry<T>): void {
    if (this.current.size >= CACHED_LINES) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(line, e);
  }
}
