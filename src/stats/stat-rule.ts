import { EntropySpike, type EntropySpikeOptions } from './entropy-spike.js';
import { ErrorRateZScore, type ErrorRateZScoreOptions } from './error-rate-zscore.js';
import { EwmaChart, type EwmaChartOptions } from './ewma.js';
import { VolumeZScore, type VolumeZScoreOptions } from './volume.js';

/**
 * Factories of the statistical detectors, which learn their baseline from the stream (the seed's
 * `StatRule`; the package's `StatRule` adds `newTemplate` and `templateRate`, aliases of
 * `TemplateRule`'s):
 * - `StatRule.errorRateZScore({ z: 3, bucket: '10s' })`: share of ERROR+ records per bucket ({@link ErrorRateZScore});
 * - `StatRule.ewma({ metric, alpha: 0.3, z: 3 })`: EWMA control chart over a count or a numeric field ({@link EwmaChart});
 * - `StatRule.volume({ bucket: '10s', z: 3, direction: 'both' })`: log volume surge, drop and silence ({@link VolumeZScore});
 * - `StatRule.entropySpike({ baselineRecords: 10, z: 2.5 })`: the seed's `EntropySpike` (which also takes the seed's `window` and `threshold`), low severity ({@link EntropySpike}).
 * Defaults are documented on each options type.
 */
export const StatRule = {
  errorRateZScore: (options?: ErrorRateZScoreOptions): ErrorRateZScore => new ErrorRateZScore(options),
  ewma: (options?: EwmaChartOptions): EwmaChart => new EwmaChart(options),
  volume: (options?: VolumeZScoreOptions): VolumeZScore => new VolumeZScore(options),
  entropySpike: (options?: EntropySpikeOptions): EntropySpike => new EntropySpike(options),
} as const;
