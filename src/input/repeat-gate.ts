/** Look-ups per window in which a {@link RepeatGate} counts repeats. */
const WINDOW = 256;
/** Look-ups a gate stays shut for after a window with few repeats. */
const SHUT = 4096;

/**
 * Whether a cache of repeated values is worth its copies now: open while at least a quarter of a
 * window's {@link WINDOW} look-ups are repeats; after a window with fewer it shuts for the next
 * {@link SHUT} look-ups (the caller then neither looks up nor copies: a stream of values that never
 * repeat, such as a scan of random paths or a flood of new clients, costs what it cost without the
 * cache), then opens again to measure. Counts look-ups only, so it is deterministic for an input.
 */
export class RepeatGate {
  private looked = 0;
  private repeats = 0;
  private shut = 0;

  /** True when the caller should look the value up (and keep it); false while shut. */
  open(): boolean {
    if (this.shut > 0) {
      this.shut--;
      return false;
    }
    return true;
  }

  /** Count one look-up made while open (`repeat`: it was found). */
  count(repeat: boolean): void {
    if (repeat) this.repeats++;
    if (++this.looked < WINDOW) return;
    if (this.repeats * 4 < WINDOW) this.shut = SHUT;
    this.looked = 0;
    this.repeats = 0;
  }
}
