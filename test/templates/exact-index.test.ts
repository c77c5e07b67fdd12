import { describe, expect, it } from 'vitest';
import { ExactIndex, type ExactTemplate } from '../../src/templates/exact-index.js';
import { NO_SLOT, TemplateSlots } from '../../src/templates/template-slots.js';
import { lcg as rng } from '../helpers/prng.js';

interface Filed extends ExactTemplate {
  leafId: number;
  hashes: Float64Array;
}

/** A template in a slot of `slots` (its leaf written there, as the miner does). */
function tpl(slots: TemplateSlots<Filed>, leafId: number, hashes: number[]): Filed {
  const t: Filed = { slot: -1, leafId, hashes: Float64Array.from(hashes), exactKey: 0 };
  t.slot = slots.alloc(t);
  slots.setLeaf(t.slot, leafId);
  return t;
}

/** Slots that tell their templates where they moved (as the miner's do). */
function movingSlots(): TemplateSlots<Filed> {
  return new TemplateSlots<Filed>((t, slot) => {
    t.slot = slot;
  });
}

describe('ExactIndex', () => {
  it('finds by all tokens and leaf, through growth, rekeys, slot moves and backward-shift removals (against a plain model)', () => {
    const slots = movingSlots();
    const index = new ExactIndex(slots);
    const live = new Set<Filed>();
    const order: Filed[] = []; // recency, least recent first (moves keep it)
    const rnd = rng(7);
    const out = new Int32Array(64);
    // few distinct token values: many templates share keys and runs of the table
    const draw = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => (rnd() < 0.2 ? 0 : 1 + Math.floor(rnd() * 6)));
    for (let step = 0; step < 20_000; step++) {
      const r = rnd();
      if (r < 0.45 || live.size === 0) {
        const t = tpl(slots, 1 + Math.floor(rnd() * 3), draw());
        slots.setCount(t.slot, 1);
        index.add(t);
        slots.append(t.slot);
        live.add(t);
        order.push(t);
      } else if (r < 0.75) {
        const t = [...live][Math.floor(rnd() * live.size)];
        index.remove(t);
        slots.unlink(t.slot);
        slots.release(t.slot);
        live.delete(t);
        order.splice(order.indexOf(t), 1);
      } else if (r < 0.85) {
        // tokens changed: filed again under the new key (it may move); or only the leaf changed (in the slot)
        const t = [...live][Math.floor(rnd() * live.size)];
        if (rnd() < 0.5) {
          const count = slots.count(t.slot);
          t.hashes = Float64Array.from(draw());
          index.rekey(t);
          expect(slots.count(t.slot)).toBe(count);
        } else {
          t.leafId = 1 + Math.floor(rnd() * 3);
          slots.setLeaf(t.slot, t.leafId);
        }
      } else {
        const msg = Float64Array.from(draw());
        const leaf = 1 + Math.floor(rnd() * 3);
        const want = [...live].filter((t) => t.leafId === leaf && t.hashes.length === msg.length && t.hashes.every((h, i) => h === msg[i])).map((t) => t.slot);
        const n = index.find(msg, msg.length, leaf, 1 << 20, out);
        expect([...out.subarray(0, n)].sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
        // a message joining one: its recency moves
        if (n > 0) {
          const t = slots.owner(out[0]) as Filed;
          slots.hit(t.slot);
          order.splice(order.indexOf(t), 1);
          order.push(t);
        }
      }
      if (step % 499 === 0) {
        for (const t of live) expect(slots.owner(t.slot)).toBe(t);
        const walked: Filed[] = [];
        for (let s = slots.head; s !== NO_SLOT; s = slots.next(s)) walked.push(slots.owner(s) as Filed);
        expect(walked).toEqual(order);
      }
    }

    // every live template is still found from its own tokens
    for (const t of live) {
      const n = index.find(t.hashes, t.hashes.length, t.leafId, 1 << 20, out);
      expect([...out.subarray(0, n)]).toContain(t.slot);
    }
  });

  it('puts most templates in the slot their key points to, through growth and turnover', () => {
    const slots = movingSlots();
    const index = new ExactIndex(slots);
    const live: Filed[] = [];
    const rnd = rng(5);
    for (let i = 0; i < 30_000; i++) {
      const t = tpl(slots, 1, [i + 1, Math.floor(rnd() * 1e9), 7]);
      index.add(t);
      slots.append(t.slot);
      live.push(t);
      // templates forgotten on the way: their slots are taken again
      if (i % 3 === 2) {
        const gone = live.splice(Math.floor(rnd() * live.length), 1)[0] as Filed;
        index.remove(gone);
        slots.unlink(gone.slot);
        slots.release(gone.slot);
      }
    }
    const out = new Int32Array(4);
    let placed = 0;
    for (const t of live) {
      if (index.placed(t)) placed++;
      expect(index.find(t.hashes, 3, 1, 256, out)).toBe(1);
      expect(out[0]).toBe(t.slot);
    }
    expect(placed).toBeGreaterThan(0.8 * live.length);
  });

  it('keeps templates of different lengths apart', () => {
    const slots = movingSlots();
    const index = new ExactIndex(slots);
    const a = tpl(slots, 1, [5, 6]);
    index.add(a);
    const b = tpl(slots, 1, [5, 6, 0]);
    index.add(b);
    const out = new Int32Array(4);
    expect(index.find(Float64Array.from([5, 6, 0]), 2, 1, 256, out)).toBe(1);
    expect(out[0]).toBe(a.slot);
    expect(index.find(Float64Array.from([5, 6, 0]), 3, 1, 256, out)).toBe(1);
    expect(out[0]).toBe(b.slot);
    expect(index.find(Float64Array.from([5, 6]), 2, 2, 256, out)).toBe(0);
  });
});

describe('TemplateSlots', () => {
  it('keeps recency order and counts as slots are reused (against a plain model)', () => {
    const slots = new TemplateSlots<string>();
    const order: number[] = [];
    const counts = new Map<number, number>();
    const rnd = rng(3);
    for (let step = 0; step < 5000; step++) {
      const r = rnd();
      if ((r < 0.3 && order.length < 50) || order.length === 0) {
        const s = slots.alloc(`t${step}`);
        expect(order).not.toContain(s);
        slots.setCount(s, 1);
        slots.append(s);
        order.push(s);
        counts.set(s, 1);
      } else if (r < 0.5) {
        const s = order.shift() as number;
        expect(slots.head).toBe(s);
        slots.unlink(s);
        slots.release(s);
        counts.delete(s);
      } else {
        const s = order[Math.floor(rnd() * order.length)];
        expect(slots.hit(s)).toBe((counts.get(s) as number) + 1);
        counts.set(s, (counts.get(s) as number) + 1);
        order.splice(order.indexOf(s), 1);
        order.push(s);
      }
      const walked: number[] = [];
      for (let s = slots.head; s !== NO_SLOT; s = slots.next(s)) walked.push(s);
      expect(walked).toEqual(order);
      expect(slots.head).toBe(order.length > 0 ? order[0] : NO_SLOT);
    }
    for (const [s, n] of counts) expect(slots.count(s)).toBe(n);
  });

  for (const most of [4096, 8]) {
    it(`keeps exact recency order through many uses, compactions and growth of its queue (against a plain model), ring sized for ${most}`, () => {
      const slots = new TemplateSlots<number>(undefined, most);
      const order: number[] = [];
      const rnd = rng(11);
      for (let step = 0; step < 60_000; step++) {
        // the number of live slots swings between few and a few thousand: the queue compacts and grows
        const cap = (step >> 12) % 2 === 0 ? 3000 : 20;
        const r = rnd();
        if ((r < 0.2 && order.length < cap) || order.length === 0) {
          const s = slots.alloc(step);
          slots.append(s);
          order.push(s);
        } else if (r < 0.3 || order.length > cap) {
          // evict the oldest, or forget one anywhere
          const s = rnd() < 0.7 ? (order.shift() as number) : (order.splice(Math.floor(rnd() * order.length), 1)[0] as number);
          slots.unlink(s);
          slots.release(s);
        } else {
          // mostly recent ones, as a stream does, sometimes the most recent again
          const k = rnd() < 0.1 ? order.length - 1 : Math.floor(order.length * (1 - rnd() * rnd()));
          const s = order[Math.min(k, order.length - 1)];
          slots.hit(s);
          order.splice(order.indexOf(s), 1);
          order.push(s);
        }
        expect(slots.head).toBe(order.length > 0 ? order[0] : NO_SLOT);
        if (step % 997 === 0) {
          const walked: number[] = [];
          for (let s = slots.head; s !== NO_SLOT; s = slots.next(s)) walked.push(s);
          expect(walked).toEqual(order);
        }
      }
    });
  }
});
