export { ErrorRateZScore, type ErrorRateZScoreOptions } from './error-rate-zscore.js';
export { VolumeZScore, type VolumeZScoreOptions } from './volume.js';
export { EwmaChart, type EwmaChartOptions, type EwmaMetric } from './ewma.js';
export { EntropySpike, type EntropySpikeOptions, type EntropySpikeState } from './entropy-spike.js';
export { BucketedDetector, type BucketedDetectorOptions, type BucketedState, type Direction } from './bucketed-detector.js';
export { RunningStats, type RunningStatsState } from './running-stats.js';
export { TimeBuckets, type TimeBucketsState } from './time-buckets.js';
export { charEntropy } from './shannon-entropy.js';
