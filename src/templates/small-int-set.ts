/**
 * A fixed set of integers in [0, 2^30), built once, answering `has` with a few typed-array reads
 * (open addressing, linear probing, at most a quarter full): what the tokenizer asks of every word
 * after a number (is it a unit, a day or month name), where a `Set` look-up costs a call.
 */
export class SmallIntSet {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(values: Iterable<number>) {
    const list = [...new Set(values)];
    let size = 16;
    while (size < list.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const v of list) {
      if (!Number.isInteger(v) || v < 0 || v >= 2 ** 30) throw new RangeError(`SmallIntSet: ${v} is not an integer in [0, 2^30)`);
      let i = v & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = v + 1; // 0 marks an empty slot
    }
  }

  has(v: number): boolean {
    const slots = this.slots;
    const mask = this.mask;
    const want = v + 1;
    let i = v & mask;
    for (;;) {
      const s = slots[i];
      if (s === want) return true;
      if (s === 0) return false;
      i = (i + 1) & mask;
    }
  }
}
