import { ConfigError } from '../core/config-error.js';
import { checkNumber } from '../core/validate.js';
import { checkArray, checkCount, checkTemplateId } from './state-check.js';

/** Templates watched at most at once (the oldest is dropped beyond it). */
export const LEARNING_BURST_CAP = 64;

/**
 * The templates first seen while a log is still being learnt (after the minimum warm-up), each
 * watched for `count` records within `windowMs` of its first record: a new message kind that
 * bursts is news even before new templates have become rare. A template is watched once; it is
 * dropped when its window has passed or when it bursts. Bounded: at most {@link LEARNING_BURST_CAP}
 * templates, the oldest dropped first; a record costs one map look-up.
 */
export class LearningBursts {
  /** Template id to [first record time, records so far], in the order first seen. */
  private watched = new Map<string, [number, number]>();
  /** No template is watched (`watched` is empty): a record reads this flag, not the map. */
  private empty = true;
  /** First record time of the template watched last (once its window has passed, every window has). */
  private newest = -Infinity;

  /** `count` 0 = off (nothing is watched), else at least 2 (the first record and one more). */
  constructor(
    readonly count: number,
    readonly windowMs: number,
  ) {}

  /** Watch a template first seen now. */
  watch(id: string, time: number): void {
    if (this.count === 0) return;
    if (this.watched.size >= LEARNING_BURST_CAP) {
      const oldest = this.watched.keys().next().value;
      if (oldest !== undefined) this.watched.delete(oldest);
    }
    this.watched.set(id, [time, 1]);
    this.empty = false;
    if (time > this.newest) this.newest = time;
  }

  /** Count a record of template `id`; true when it makes `count` records within the window of its first (the burst: once). */
  hit(id: string, time: number): boolean {
    if (this.empty) return false;
    if (time - this.newest > this.windowMs) {
      this.watched.clear();
      this.empty = true;
      return false;
    }
    const w = this.watched.get(id);
    if (w === undefined) return false;
    if (time - w[0] > this.windowMs) {
      this.watched.delete(id);
      this.empty = this.watched.size === 0;
      return false;
    }
    if (++w[1] < this.count) return false;
    this.watched.delete(id);
    this.empty = this.watched.size === 0;
    return true;
  }

  toJSON(): [string, number, number][] {
    return [...this.watched].map(([id, [t, n]]) => [id, t, n]);
  }

  /**
   * Replace the watched templates with `state` from {@link toJSON}; checked first (a bad entry is a
   * ConfigError naming it). With `count` 0 (off) nothing is watched, whatever the state holds.
   */
  restore(state: unknown, path: string): void {
    const entries = checkArray(state, path, LEARNING_BURST_CAP).map((e, i) => {
      if (!Array.isArray(e) || e.length !== 3) throw new ConfigError(`${path}[${i}]`, 'an entry [templateId, firstTime, records]', e);
      checkTemplateId(e[0], `${path}[${i}][0]`);
      return [e[0] as string, checkNumber(e[1], `${path}[${i}][1]`), checkCount(e[2], `${path}[${i}][2]`, 1)] as const;
    });
    // off: a state saved with bursts on would otherwise signal each watched template's next record
    const kept = this.count === 0 ? [] : entries;
    this.watched = new Map(kept.map(([id, t, n]) => [id, [t, n]]));
    this.empty = this.watched.size === 0;
    this.newest = kept.reduce((a, e) => Math.max(a, e[1]), -Infinity);
  }
}
