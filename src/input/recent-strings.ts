import { ownCopy } from '../core/own-copy.js';

/** Slots of a {@link RecentStrings} table (a power of 2). */
const SLOTS = 256;

/**
 * The values of one kind of field seen last (user agents, referers, client addresses), so that a
 * repeat is handed on as the same string: its hash, computed by the first `Map`/`Set` look-up of a
 * detector, is kept in the string, and a look-up of the same string compares pointers, where a fresh
 * slice of every line is hashed and compared character by character at each look-up. Same text either
 * way: only which string object carries it changes.
 *
 * Direct-mapped and bounded: {@link SLOTS} values of at most `maxLength` characters, each its own copy
 * (a slice would keep its whole input chunk alive); a value beyond `maxLength` is returned as a slice.
 * O(length) per call (one native comparison, one copy on a miss), whatever the values.
 */
export class RecentStrings {
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');

  /** @param maxLength longest value kept (default 512) */
  constructor(readonly maxLength = 512) {}

  /** s[a, b), as the string kept for that text when it is the one seen last in its slot. */
  get(s: string, a: number, b: number): string {
    const v = s.slice(a, b);
    const n = b - a;
    if (n === 0 || n > this.maxLength) return v;
    const slot = (n * 31 + s.charCodeAt(a + (n >> 2)) * 7 + s.charCodeAt(a + (n >> 1)) * 3 + s.charCodeAt(b - 1)) & (SLOTS - 1);
    const kept = this.slots[slot];
    if (kept === v) return kept;
    const copy = ownCopy(v);
    this.slots[slot] = copy;
    return copy;
  }
}
