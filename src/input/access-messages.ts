import { ownCopy } from '../core/own-copy.js';
import { RepeatGate } from './repeat-gate.js';

/** Slots of an {@link AccessMessages} table (a power of 2, two per set). */
const SLOTS = 512;
/** Longest target whose message is kept. */
const MAX_TARGET = 512;

class Slot {
  method = '';
  target = '';
  status = 0;
  message = '';
}

/**
 * The message of an access line, `METHOD target status` (`GET /x?q=1 200`), handed on as the string
 * built last for the same three parts: a repeated request (most of a web server's traffic) gets the
 * same flat string, whose hash the miner's line cache computed the first time, instead of a new
 * concatenation per line that every reader flattens and hashes again. Same text either way.
 *
 * Bounded: {@link SLOTS} messages with targets of at most {@link MAX_TARGET} characters (own copies);
 * a longer target's message is built each time. A request's set of two slots is chosen by its status,
 * its target's length and five of its characters; the set keeps its two messages built or asked for
 * last. O(length) per call (two native comparisons at most, one concatenation and copy on a miss); on a
 * stream whose requests seldom repeat it stops looking them up for a while ({@link RepeatGate}).
 */
export class AccessMessages {
  /** Messages built (not one kept for their request). */
  built = 0;
  private readonly slots: Slot[] = Array.from({ length: SLOTS }, () => new Slot());
  /** Shut on a stream whose requests seldom repeat: messages are then built each time, not copied. */
  private readonly gate = new RepeatGate();

  /** `${method} ${target} ${status}`. */
  get(method: string, target: string, status: number): string {
    const n = target.length;
    if (n > MAX_TARGET || !this.gate.open()) return `${method} ${target} ${status}`;
    const h =
      n === 0
        ? status
        : Math.imul(
            status * 0x2f +
              n * 0x9e5 +
              target.charCodeAt(n - 1) * 0x3b +
              target.charCodeAt(n > 1 ? n - 2 : 0) * 0x1f1 +
              target.charCodeAt(n > 2 ? n - 3 : 0) * 0xb5 +
              target.charCodeAt(n >> 1) * 0x17 +
              target.charCodeAt(n >> 2),
            0x9e3779b1,
          );
    const at = (h >>> 23) & ~1;
    const slots = this.slots;
    const a = slots[at];
    if (a.status === status && a.target === target && a.method === method) {
      this.gate.count(true);
      return a.message;
    }
    const b = slots[at + 1];
    if (b.status === status && b.target === target && b.method === method) {
      this.gate.count(true);
      slots[at] = b;
      slots[at + 1] = a;
      return b.message;
    }
    this.gate.count(false);
    // the older of the set is reused for the new message, which becomes the newer
    const message = ownCopy(`${method} ${target} ${status}`);
    this.built++;
    b.method = ownCopy(method);
    b.target = message.slice(method.length + 1, method.length + 1 + n);
    b.status = status;
    b.message = message;
    slots[at] = b;
    slots[at + 1] = a;
    return message;
  }
}
