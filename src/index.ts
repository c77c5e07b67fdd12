/**
 * logsignal: anomaly and security signals in logs as they are written.
 *
 * The public surface, every export named: contracts, the pipeline and its entry points (the OTel
 * processor, LogWatcher, the gateway), the detector factories and classes with their options, configuration.
 * Analysers, tokenizers, parsers and other helpers are internal.
 * @packageDocumentation
 */
import { StatRule as StatisticsRule } from './stats/stat-rule.js';
import { TemplateRule } from './templates/template-rule.js';

// Contracts
export type { LogEvent, EventTemplate, EventSource, EventRequest } from './core/log-event.js';
export type { AccessRequest } from './core/access-request.js';
export { type Signal, type SignalKind, type SignalSeverity, type SignalRecord, type EvidenceValue, SIGNAL_SEVERITIES, severityRank } from './core/signal.js';
export type { Detector, TemplateSource } from './core/detector.js';
export { ConfigError } from './core/config-error.js';
export { type Duration, parseDuration } from './core/duration.js';
export { SEVERITY, severityFromText } from './core/severity.js';
export { getField } from './core/field.js';

// Input: records into events
export { eventFromObject, eventFromString } from './input/event-from-input.js';

// The pipeline and its entry points
export { Pipeline, PIPELINE_DEFAULTS, type PipelineOptions, type PipelineResult, type PipelineState } from './pipeline/pipeline.js';
export { LogWatcher, type LogWatcherOptions, type LogInput } from './watcher/log-watcher.js';
export { formatSignalLine } from './watcher/console-notifier.js';
export { LogSignalProcessor, type LogSignalProcessorOptions, type SignalMode, type LoggerSource } from './otel/log-signal-processor.js';
export { ATTR, SIGNAL_EVENT_NAME } from './otel/attribute-names.js';
export { SignalLogRecord, SIGNAL_SCOPE, signalAttributes } from './otel/signal-record.js';
export { signalToRecord, type SignalRecordFields } from './otel/signal-to-record.js';

// The gateway (`logsignal serve`, or embedded): its OTLP codec and metrics load only when it starts
export { LogSignalGateway, GATEWAY_DEFAULTS, type GatewayOptions, type StopResult } from './gateway/gateway.js';

// Rules
export { Rule } from './rules/rule.js';
export { KeywordRule, type KeywordRuleOptions } from './rules/keyword-rule.js';
export { LevelRule, type LevelRuleOptions } from './rules/level-rule.js';
export { SpikeRule, type SpikeRuleOptions } from './rules/spike-rule.js';
export { MatchRule, type MatchRuleOptions } from './rules/match-rule.js';
export type { EventMatch, EventPredicate } from './rules/event-filter.js';

// Statistics
export { ErrorRateZScore, type ErrorRateZScoreOptions } from './stats/error-rate-zscore.js';
export { VolumeZScore, type VolumeZScoreOptions } from './stats/volume.js';
export { EwmaChart, type EwmaChartOptions, type EwmaMetric } from './stats/ewma.js';
export { EntropySpike, type EntropySpikeOptions, type EntropySpikeState } from './stats/entropy-spike.js';
export type { Direction } from './stats/bucketed-detector.js';

// Templates
export { TemplateRule } from './templates/template-rule.js';
export { TemplateMiner, type TemplateMatch, TEMPLATE_MINER_DEFAULTS, UNADMITTED_ID, type TemplateMinerOptions, type TemplateInfo, type TemplateMinerState } from './templates/template-miner.js';
export { DEFAULT_MASKING, type MaskingOptions, type MaskRule } from './templates/masking.js';
export { NewTemplateDetector, NEW_TEMPLATE_DEFAULTS, type NewTemplateDetectorOptions } from './templates/new-template.js';
export { TemplateRateDetector, TEMPLATE_RATE_DEFAULTS, type TemplateRateDetectorOptions } from './templates/template-rate.js';

// Security
export { Security } from './security/index.js';
export { InjectionDetector, DEFAULT_INJECTION_FIELDS, type InjectionDetectorOptions, type InjectionMessageMode } from './security/injection-detector.js';
export { INJECTION_CATEGORIES, type InjectionCategory } from './security/rule-hit.js';
export { BruteForceDetector, DEFAULT_FAILURE_PHRASES, type BruteForceDetectorOptions, type FailureMatcher } from './security/brute-force.js';
export { ScannerDetector, type ScannerDetectorOptions, type ScanMatcher, type DistinctReader } from './security/scanner.js';
export { DEFAULT_CLIENT_FIELDS } from './security/record-view.js';

// Configuration
export { type LogSignalConfig, type ConfigProcessorOptions, parseConfig, buildDetectors, configEntries, templateMiner, processorOptionsFromConfig } from './config/log-signal-config.js';
export { loadConfig } from './config/load-config.js';
export { ConfigFileError } from './config/config-file-error.js';
export { type DetectorEntry, DETECTOR_TYPES } from './config/detector-entry.js';
export { PRESETS, PRESET_NAMES, type PresetName } from './config/presets.js';

export { VERSION } from './version.js';

/**
 * Factories of the adaptive detectors, which learn their baseline from the stream (the seed's `StatRule`):
 * - `StatRule.errorRateZScore({ z: 3, bucket: '10s' })`: share of ERROR+ records per bucket ({@link ErrorRateZScore});
 * - `StatRule.ewma({ metric, alpha: 0.3, threshold: 3 })`: EWMA control chart over a count or a numeric field ({@link EwmaChart});
 * - `StatRule.volume({ bucket: '10s', z: 3, direction: 'both' })`: log volume surge, drop and silence ({@link VolumeZScore});
 * - `StatRule.entropySpike({ window: 10, threshold: 2.5 })`: the seed's `EntropySpike`, low severity ({@link EntropySpike});
 * - `StatRule.newTemplate({ warmupRecords: 500 })` and `StatRule.templateRate({ z: 3, bucket: '1m' })`:
 *   aliases of {@link TemplateRule}'s factories (a template first seen after warm-up; per-template rates).
 * Defaults are documented on each options type.
 */
export const StatRule = Object.freeze({ ...StatisticsRule, newTemplate: TemplateRule.newTemplate, templateRate: TemplateRule.templateRate });
