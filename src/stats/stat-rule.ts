import { EntropySpike, type EntropySpikeOptions } from './entropy-spike.js';
import { ErrorRateZScore, type ErrorRateZScoreOptions } from './error-rate-zscore.js';
import { EwmaChart, type EwmaOptions } from './ewma.js';
import { VolumeZScore, type VolumeOptions } from './volume.js';
import { NewTemplateDetector, type NewTemplateOptions } from '../templates/new-template.js';
import { TemplateRateDetector, type TemplateRateOptions } from '../templates/template-rate.js';

/**
 * Factories of the adaptive detectors, which learn their baseline from the stream (the seed's `StatRule`):
 * - `StatRule.errorRateZScore({ z: 3, bucket: '10s' })`: share of ERROR+ records per bucket ({@link ErrorRateZScore});
 * - `StatRule.ewma({ metric, alpha: 0.3, threshold: 3 })`: EWMA control chart over a count or a numeric field ({@link EwmaChart});
 * - `StatRule.volume({ bucket: '10s', z: 3, direction: 'both' })`: log volume surge, drop and silence ({@link VolumeZScore});
 * - `StatRule.entropySpike({ window: 10, threshold: 2.5 })`: the seed's `EntropySpike`, low severity ({@link EntropySpike});
 * - `StatRule.newTemplate({ warmup: 1000 })`: a log template first seen after warm-up ({@link NewTemplateDetector});
 * - `StatRule.templateRate({ z: 4, bucket: '1m' })`: per-template rate against its own baseline ({@link TemplateRateDetector}).
 * Defaults are documented on each options type.
 */
export const StatRule = {
  errorRateZScore: (options?: ErrorRateZScoreOptions): ErrorRateZScore => new ErrorRateZScore(options),
  ewma: (options?: EwmaOptions): EwmaChart => new EwmaChart(options),
  volume: (options?: VolumeOptions): VolumeZScore => new VolumeZScore(options),
  entropySpike: (options?: EntropySpikeOptions): EntropySpike => new EntropySpike(options),
  newTemplate: (options?: NewTemplateOptions): NewTemplateDetector => new NewTemplateDetector(options),
  templateRate: (options?: TemplateRateOptions): TemplateRateDetector => new TemplateRateDetector(options),
} as const;
