/**
 * The hashes of the last `capacity` keys a segmented LRU evicted from probation (no state), in eviction
 * order: an open-addressing set (linear probing, backward-shift deletion) over a ring. Allocated at the
 * first {@link add} (the table is full then), so a table that never evicts holds nothing. A hash
 * collision only readmits an innocent key into protected: harmless.
 */
export class GhostSet {
  private slots = new Int32Array(0);
  private used = new Uint8Array(0);
  private mask = 0;
  private ring = new Int32Array(0);
  private next = 0;
  /** Hashes held (at most `capacity`). */
  count = 0;

  constructor(readonly capacity: number) {}

  /** Whether hash `h` is held. */
  has(h: number): boolean {
    let i = h & this.mask;
    while (this.used[i] === 1) {
      if (this.slots[i] === h) return true;
      i = (i + 1) & this.mask;
    }
    return false;
  }

  /** Remember `h`, forgetting the oldest when `capacity` are held. */
  add(h: number): void {
    if (this.ring.length === 0) {
      let size = 16;
      while (size < 2 * this.capacity) size *= 2;
      this.slots = new Int32Array(size);
      this.used = new Uint8Array(size);
      this.mask = size - 1;
      this.ring = new Int32Array(this.capacity);
    }
    if (this.count === this.capacity) {
      this.remove(this.ring[this.next]);
      this.count--;
    }
    this.ring[this.next] = h;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    this.count++;
    let i = h & this.mask;
    while (this.used[i] === 1) i = (i + 1) & this.mask;
    this.used[i] = 1;
    this.slots[i] = h;
  }

  clear(): void {
    this.used.fill(0);
    this.count = 0;
    this.next = 0;
  }

  /** Remove one occurrence of `h` (backward-shift deletion). */
  private remove(h: number): void {
    const mask = this.mask;
    let i = h & mask;
    while (this.used[i] === 1 && this.slots[i] !== h) i = (i + 1) & mask;
    if (this.used[i] === 0) return;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (this.used[j] === 0) break;
      const home = this.slots[j] & mask;
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        this.slots[i] = this.slots[j];
        i = j;
      }
    }
    this.used[i] = 0;
  }
}
