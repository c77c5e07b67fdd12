import { BoundedMap } from '../core/bounded-map.js';
import { ConfigError } from '../core/config-error.js';
import { type Duration, parseDuration } from '../core/duration.js';
import { MAX_TIME } from '../core/sliding-window.js';
import { checkBoolean, checkInteger, checkNumber } from '../core/validate.js';

/** Options of the grouping by template of {@link KeywordRule} and {@link LevelRule} (`group`). */
export interface TemplateGroupsOptions {
  /** Group matches by `event.template` (one signal per template, repeats counted). Default true; false = one signal per match. */
  enabled?: boolean;
  /**
   * A template that matches again after a quiet this long, and four times as long as any quiet it had
   * before, is signalled again (`returned`), once it had three occurrences before (matches less than
   * a `bucket` apart are one occurrence). Default `'1h'`.
   */
  quiet?: Duration;
  /** At most this many first-of-a-template signals per `floodWindow`; more are folded into the next signal (`foldedGroups`). Default 3. */
  maxSignals?: number;
  /** Window of `maxSignals`. Default `'1h'`. */
  floodWindow?: Duration;
  /** Bucket of the per-template rate baseline. Default `'1m'`. */
  bucket?: Duration;
  /** Fewest matches in one bucket for a regression: below it a rate is noise, whatever the baseline. Default 10. */
  minCount?: number;
  /** A regression bucket holds at least this many times the template's baseline rate (plus 3 Poisson sigma). Default 4. */
  minRatio?: number;
  /** Buckets of history (since the template's first match) before its rate can regress (the warm-up, in buckets). Default 10. */
  warmupBuckets?: number;
  /**
   * A template is **ongoing** once it has been seen in this many spells (runs of matches less than
   * `quiet` apart: one crash, one outage, one job's run): the repeats of its later spells are still
   * counted but no longer tag their records (`Signal.repeat`), unless a regression or a return makes
   * the template news again, for the rest of that spell. 0: no repeat tags its record; a large
   * number: every repeat does. Default 1 (the repeats of a template's first spell tag).
   */
  ongoingAfter?: number;
  /** Templates remembered (least recently matched dropped first). Default 10000. */
  maxTemplates?: number;
}

/** Defaults of {@link TemplateGroupsOptions}, with the reason for each. */
export const TEMPLATE_GROUP_DEFAULTS = Object.freeze({
  enabled: true,
  // An hour of silence is longer than any retry loop a repeat comes from; four times the template's own
  // longest quiet so far keeps a template that recurs every few hours (a batch job) from re-firing each time.
  quiet: '1h',
  // Three new kinds of error in an hour is what a person reads one by one; beyond that it is one
  // failure cascading (a crash dump spread over lines, an outage touching every code path), read
  // as one signal with the count.
  maxSignals: 3,
  floodWindow: '1h',
  // One minute is the smallest bucket a person reads as a rate ("40 a minute"), and holds enough matches to count.
  bucket: '1m',
  // Fewer than 10 matches a minute never pages anyone: small counts double and halve by chance.
  minCount: 10,
  // 4x its own usual rate is a change no daily swing explains; the 3 Poisson sigma keep rare templates from firing on chance.
  minRatio: 4,
  // Ten buckets is the shortest history whose mean is worth comparing against.
  warmupBuckets: 10,
  // A template seen again after a quiet of `quiet` without returning or regressing is part of the
  // log's routine, as an issue tracker's issue stops being new: its repeats are counted, not tagged.
  // 1 is what leave-one-out picks on every fold over the eight loghub sets (grid 0/1/2/3/4/6/off,
  // bench/quality-noise.js: every inserted incident record tagged, then the fewest normal records).
  ongoingAfter: 1,
  maxTemplates: 10_000,
});

/** Why a grouped match was signalled. */
export type GroupReason = 'first' | 'regression' | 'returned';

interface GroupState {
  /** Matches in all. */
  total: number;
  /** Matches since the last signal of this template. */
  repeats: number;
  /** Newest match time. */
  lastSeen: number;
  /** Longest quiet between two matches so far, ms. */
  longestGap: number;
  /** Occurrences: runs of matches less than a bucket apart (a retry loop or a burst is one). */
  episodes: number;
  /** Occurrences separated by at least `quiet` (one crash, one outage, one job's run is one). */
  spells: number;
  /** The repeats of the current spell tag their records (the template is new, or regressed or returned in it). */
  tagging: boolean;
  /** Time of an unconfirmed far jump of this group's record time (NaN when none). */
  pending: number;
  /** Start of the current bucket and its matches. */
  bucketStart: number;
  bucketCount: number;
  /** Buckets closed since the first match, and the exponentially weighted mean of their counts. */
  buckets: number;
  mean: number;
  /** A regression was signalled in the current bucket or the previous one is still high. */
  latched: boolean;
}

/** Largest jump back of a group's record time accepted without confirmation (as the bucketed detectors' `maxSkew`). */
const MAX_SKEW_MS = 3_600_000;
/** Largest jump forward (a quiet) accepted without confirmation: 30 days. */
const MAX_JUMP_MS = 30 * 86_400_000;

/**
 * A return is a quiet this many times the template's longest quiet before. For a template whose
 * matches come at random (Poisson), the chance that the next quiet exceeds f times the longest of the
 * n before is n·B(f+1, n); summed over the template's life from n = 3 that is about 0.4 false returns
 * per template for f = 2 and 0.07 for f = 4: four keeps a sporadic error from "returning" by chance.
 */
const RETURN_FACTOR = 4;

const ALPHA = 0.05; // baseline memory of about the last 20-40 buckets, as the bucketed detectors

/**
 * Groups matches of a rule by log template, like an issue tracker groups errors: the first match of
 * a template is signalled; repeats are counted into it (reported as `repeats` on the next signal of
 * that template); a template is signalled again only on a **regression** (its rate in a bucket of
 * `bucket` reaches `minCount` and `minRatio` times its own baseline plus 3 Poisson sigma, after
 * `warmupBuckets` buckets) or when it **returns** after `quiet` (and four times its longest quiet before, see {@link RETURN_FACTOR}).
 * A flood of new templates (more than `maxSignals` in `floodWindow`) is folded into the next signal
 * (`foldedGroups`). O(1) per match, at most `maxTemplates` templates.
 */
export class TemplateGroups {
  readonly enabled: boolean;
  readonly quietMs: number;
  readonly bucketMs: number;
  readonly minCount: number;
  readonly ratio: number;
  readonly minHistory: number;
  readonly maxSignals: number;
  readonly floodWindowMs: number;
  readonly ongoingAfter: number;
  private readonly groups: BoundedMap<string, GroupState>;
  /** Times of the last `maxSignals` first-of-a-template signals (ring). */
  private readonly firsts: number[] = [];
  private firstsHead = 0;
  /** First-of-a-template signals folded since the last signal, and the time of the latest. */
  private folded = 0;
  private lastFold = -Infinity;
  /** First-of-a-template signals folded into the last signalled decision. */
  foldedGroups = 0;
  /** Matches whose time was too far from their group's to be trusted (counted at the group's time). */
  skewed = 0;
  /** The decision of the last {@link observe} that returned a reason: matches counted before it. */
  repeats = 0;
  /** Matches in all of the template of the last signalled decision. */
  total = 0;
  /** Baseline per bucket of the last `regression` decision. */
  baseline = 0;
  /** Matches in the bucket of the last `regression` decision. */
  bucketCount = 0;
  /** The quiet (ms) before the last `returned` decision. */
  quietBefore = 0;
  /** The last {@link observe} that returned undefined counted a repeat of an ongoing template: its record is not tagged. */
  ongoing = false;

  constructor(options: TemplateGroupsOptions | boolean | undefined, path: string) {
    const o = typeof options === 'boolean' ? { enabled: options } : (options ?? {});
    if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ConfigError(path, 'true, false or { quiet, bucket, minCount, minRatio, warmupBuckets, maxTemplates }', options);
    for (const k of Object.keys(o)) if (!(k in TEMPLATE_GROUP_DEFAULTS)) throw new ConfigError(`${path}.${k}`, `one of ${Object.keys(TEMPLATE_GROUP_DEFAULTS).join(', ')}`, k);
    const d = TEMPLATE_GROUP_DEFAULTS;
    this.enabled = o.enabled === undefined ? d.enabled : checkBoolean(o.enabled, `${path}.enabled`);
    this.quietMs = parseDuration(o.quiet ?? d.quiet, `${path}.quiet`);
    this.bucketMs = parseDuration(o.bucket ?? d.bucket, `${path}.bucket`);
    this.minCount = o.minCount === undefined ? d.minCount : checkInteger(o.minCount, `${path}.minCount`, 1);
    this.ratio = o.minRatio === undefined ? d.minRatio : checkNumber(o.minRatio, `${path}.minRatio`, 1, 1e6);
    this.minHistory = o.warmupBuckets === undefined ? d.warmupBuckets : checkInteger(o.warmupBuckets, `${path}.warmupBuckets`, 1, 1_000_000);
    this.maxSignals = o.maxSignals === undefined ? d.maxSignals : checkInteger(o.maxSignals, `${path}.maxSignals`, 1, 10_000);
    this.floodWindowMs = parseDuration(o.floodWindow ?? d.floodWindow, `${path}.floodWindow`, true);
    this.ongoingAfter = o.ongoingAfter === undefined ? d.ongoingAfter : checkInteger(o.ongoingAfter, `${path}.ongoingAfter`, 0, 1_000_000);
    this.groups = new BoundedMap(o.maxTemplates === undefined ? d.maxTemplates : checkInteger(o.maxTemplates, `${path}.maxTemplates`, 1));
  }

  /**
   * Count a match of template `id` at `time`: the reason to signal it, or undefined for a repeat
   * (counted). Times that are not finite or beyond `MAX_TIME` (year ~5138) are counted as repeats at the template's last time.
   */
  observe(id: string, time: number): GroupReason | undefined {
    this.ongoing = false;
    let g = this.groups.get(id);
    if (g === undefined) {
      const t = time >= -MAX_TIME && time <= MAX_TIME ? time : 0;
      g = {
        total: 1,
        repeats: 0,
        lastSeen: t,
        longestGap: 0,
        episodes: 1,
        spells: 1,
        tagging: this.ongoingAfter >= 1,
        pending: NaN,
        bucketStart: Math.floor(t / this.bucketMs) * this.bucketMs,
        bucketCount: 1,
        buckets: 0,
        mean: 0,
        latched: false,
      };
      this.groups.set(id, g);
      if (this.flooded(t)) {
        this.folded++;
        if (t > this.lastFold) this.lastFold = t;
        return undefined;
      }
      return this.decided(g, 'first');
    }
    g.total++;
    const t = this.groupTime(g, time);
    const gap = t - g.lastSeen;
    // A return needs a history to return from: at least two quiets known between occurrences (three
    // episodes before). Matches less than a bucket apart are one episode: a retry loop or a crash
    // writes many lines for one occurrence, and the spacing of those lines says nothing of how long
    // the template stays quiet between occurrences (see RETURN_FACTOR).
    const returned = g.episodes >= 3 && gap >= this.quietMs && gap >= RETURN_FACTOR * g.longestGap;
    if (gap >= this.bucketMs) g.episodes++;
    // a new spell after a quiet: its repeats tag their records while the template has no history
    // of `ongoingAfter` spells (a return, a regression below, tags the rest of its spell again)
    if (gap >= this.quietMs) g.tagging = ++g.spells <= this.ongoingAfter;
    if (gap > g.longestGap) g.longestGap = gap;
    g.lastSeen = t;
    if (t >= g.bucketStart + this.bucketMs) this.closeBuckets(g, t);
    g.bucketCount++;
    if (returned) {
      g.latched = false;
      g.tagging = true;
      this.quietBefore = gap;
      return this.decided(g, 'returned');
    }
    if (!g.latched && g.buckets >= this.minHistory && g.bucketCount >= this.minCount) {
      const m = g.mean;
      if (g.bucketCount >= this.ratio * m + 3 * Math.sqrt(m)) {
        g.latched = true;
        g.tagging = true;
        this.baseline = m;
        this.bucketCount = g.bucketCount;
        return this.decided(g, 'regression');
      }
    }
    g.repeats++;
    this.ongoing = !g.tagging;
    return undefined;
  }

  /**
   * The folded first-of-a-template signals still unreported once the flood is over (`now` at least
   * `floodWindow` after the latest fold), zeroed; 0 otherwise. The rules report them from `tick`.
   */
  flushFolded(now: number): number {
    if (this.folded === 0 || !(now - this.lastFold >= this.floodWindowMs)) return 0;
    const n = this.folded;
    this.folded = 0;
    return n;
  }

  /** Templates tracked now. */
  get size(): number {
    return this.groups.size;
  }

  /** State for `toJSON`: `[id, total, repeats, lastSeen, bucketStart, bucketCount, buckets, mean, latched, longestGap, episodes, spells, tagging]` per template. */
  toJSON(): (string | number | boolean)[][] {
    const out: (string | number | boolean)[][] = [];
    for (const [k, g] of this.groups.entries())
      out.push([k, g.total, g.repeats, g.lastSeen, g.bucketStart, g.bucketCount, g.buckets, g.mean, g.latched, g.longestGap, g.episodes, g.spells, g.tagging]);
    return out;
  }

  /** Restore from {@link toJSON}: validates first, throws a {@link ConfigError} at `path` and changes nothing on a bad value. */
  restore(state: unknown, path: string): void {
    if (!Array.isArray(state) || state.length > this.groups.capacity) throw new ConfigError(path, `an array of at most ${this.groups.capacity} template groups`, state);
    const next: [string, GroupState][] = [];
    state.forEach((e, i) => {
      const p = `${path}[${i}]`;
      // 10 entries: a state saved before episodes were counted (each match then counts as one); 11:
      // before spells were (the template restarts as one spell, whose repeats tag unless ongoingAfter is 0)
      if (!Array.isArray(e) || e.length < 10 || e.length > 13 || e.length === 12 || typeof e[0] !== 'string')
        throw new ConfigError(p, '[id, total, repeats, lastSeen, bucketStart, bucketCount, buckets, mean, latched, longestGap, episodes, spells, tagging]', e);
      const count = (j: number) => checkInteger(e[j], `${p}[${j}]`, 0);
      const time = (j: number) => checkNumber(e[j], `${p}[${j}]`, -1e14, 1e14);
      const mean = checkNumber(e[7], `${p}[7]`, 0, 1e12);
      if (typeof e[8] !== 'boolean') throw new ConfigError(`${p}[8]`, 'true or false', e[8]);
      const longestGap = checkNumber(e[9], `${p}[9]`, 0, 2e14);
      const episodes = e.length >= 11 ? count(10) : count(1);
      const spells = e.length === 13 ? count(11) : 1;
      if (e.length === 13 && typeof e[12] !== 'boolean') throw new ConfigError(`${p}[12]`, 'true or false', e[12]);
      const tagging = e.length === 13 ? (e[12] as boolean) : this.ongoingAfter >= 1;
      next.push([
        e[0],
        {
          total: count(1),
          repeats: count(2),
          lastSeen: time(3),
          longestGap,
          episodes,
          spells,
          tagging,
          pending: NaN,
          bucketStart: time(4),
          bucketCount: count(5),
          buckets: count(6),
          mean,
          latched: e[8],
        },
      ]);
    });
    this.groups.clear();
    for (const [k, g] of next) this.groups.set(k, g);
  }

  /**
   * The time a match of group `g` is counted at. Record time is untrusted: a jump forward of more
   * than {@link MAX_JUMP_MS} (30 days), or back of more than {@link MAX_SKEW_MS} (1 hour), is counted
   * at the group's last time unless the group's next match confirms it (within an hour of it); a
   * confirmed jump back restarts the group's bucket there. So one record dated in 2100 cannot freeze
   * a group (its buckets, its returns), and a real return after a quiet of up to 30 days is seen at once.
   */
  private groupTime(g: GroupState, time: number): number {
    const last = g.lastSeen;
    if (!(time >= -MAX_TIME && time <= MAX_TIME)) return last; // not finite, or beyond year ~5138 (a state holding it could not be restored)
    const d = time - last;
    if (d <= MAX_JUMP_MS && d >= -MAX_SKEW_MS) {
      g.pending = NaN;
      return d > 0 ? time : last;
    }
    const p = g.pending;
    if (p === p && Math.abs(time - p) <= MAX_SKEW_MS) {
      g.pending = NaN;
      if (d < 0) {
        g.lastSeen = time;
        g.bucketStart = Math.floor(time / this.bucketMs) * this.bucketMs;
        g.bucketCount = 0;
      }
      return time;
    }
    g.pending = time;
    this.skewed++;
    return last;
  }

  /** True when `maxSignals` first signals already fell in the flood window before `t` (else `t` is recorded as one). */
  private flooded(t: number): boolean {
    const ring = this.firsts;
    if (ring.length < this.maxSignals) {
      ring.push(t);
      return false;
    }
    const oldest = ring[this.firstsHead];
    if (t - oldest < this.floodWindowMs && t >= oldest) return true;
    ring[this.firstsHead] = t;
    this.firstsHead = (this.firstsHead + 1) % ring.length;
    return false;
  }

  private decided(g: GroupState, reason: GroupReason): GroupReason {
    this.foldedGroups = this.folded;
    this.folded = 0;
    this.repeats = g.repeats;
    this.total = g.total;
    g.repeats = 0;
    return reason;
  }

  /** Close the current bucket and the empty ones up to `t` (O(1): the gap's zeros decay the mean at once). */
  private closeBuckets(g: GroupState, t: number): void {
    const start = Math.floor(t / this.bucketMs) * this.bucketMs;
    const closed = (start - g.bucketStart) / this.bucketMs;
    const high = g.buckets >= this.minHistory && g.bucketCount >= this.ratio * g.mean + 3 * Math.sqrt(g.mean);
    if (!high) g.latched = false;
    // the closed bucket, then `closed - 1` empty ones, with weight max(ALPHA, 1/n) as RunningStats
    g.buckets++;
    const w = 1 / g.buckets > ALPHA ? 1 / g.buckets : ALPHA;
    g.mean += w * (g.bucketCount - g.mean);
    const empty = closed - 1;
    if (empty > 0) {
      let k = empty;
      while (k > 0 && 1 / (g.buckets + 1) > ALPHA) {
        g.buckets++;
        g.mean -= g.mean / g.buckets;
        k--;
      }
      if (k > 0) {
        g.buckets += k;
        g.mean *= (1 - ALPHA) ** k;
      }
      if (empty > 0) g.latched = false;
    }
    g.bucketStart = start;
    g.bucketCount = 0;
  }
}
