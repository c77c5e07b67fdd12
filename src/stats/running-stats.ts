import { ConfigError } from '../core/config-error.js';

/**
 * Running mean and variance of a series, O(1) memory and time per sample, serialisable.
 *
 * One update rule covers both classic estimators: each sample is weighted `w = max(alpha, 1/n)`,
 * `mean += w·d` and `var = (1 - w)·(var + w·d²)` with `d = x - mean`.
 * - While `1/n > alpha` this is exactly Welford's algorithm (population variance): the first
 *   `1/alpha` samples are averaged with equal weight, so a short warm-up is not dominated by its
 *   first value.
 * - Afterwards it is the exponentially weighted mean and variance (West 1979 / Finch 2009) with
 *   smoothing `alpha`: old samples fade, so a slow drift (daily traffic) is followed.
 * - `alpha = 0` gives plain Welford over the whole history.
 * No sum of squares is kept, so there is no catastrophic cancellation.
 */
export class RunningStats {
  /** Samples seen. */
  n = 0;
  /** Current mean (0 before the first sample). */
  mean = 0;
  /** Current (population / exponentially weighted) variance. */
  variance = 0;

  /** @param alpha smoothing in [0, 1); 0 = Welford over all samples. */
  constructor(readonly alpha: number) {}

  /** Add one sample. */
  push(x: number): void {
    const n = ++this.n;
    const w = 1 / n > this.alpha ? 1 / n : this.alpha;
    const d = x - this.mean;
    this.mean += w * d;
    this.variance = (1 - w) * (this.variance + w * d * d);
  }

  /** Standard deviation. */
  get std(): number {
    return Math.sqrt(this.variance);
  }

  toJSON(): RunningStatsState {
    return { n: this.n, mean: this.mean, variance: this.variance };
  }

  /** Restore a state produced by {@link toJSON}; throws a ConfigError naming `path` on a bad shape. */
  restore(state: unknown, path: string): void {
    const s = state as RunningStatsState;
    if (
      s === null ||
      typeof s !== 'object' ||
      !isCount(s.n) ||
      typeof s.mean !== 'number' ||
      !Number.isFinite(s.mean) ||
      typeof s.variance !== 'number' ||
      !Number.isFinite(s.variance) ||
      s.variance < 0
    ) {
      throw new ConfigError(path, 'a running-stats state { n, mean, variance }', state);
    }
    this.n = s.n;
    this.mean = s.mean;
    this.variance = s.variance;
  }
}

/** The serialised form of {@link RunningStats}. */
export interface RunningStatsState {
  n: number;
  mean: number;
  variance: number;
}

function isCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
