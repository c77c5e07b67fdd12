export {
  type LogSignalConfig,
  type ConfigProcessorOptions,
  parseConfig,
  buildDetectors,
  configEntries,
  templateMiner,
  processorOptionsFromConfig,
} from './log-signal-config.js';
export { loadConfig } from './load-config.js';
export { ConfigFileError } from './config-file-error.js';
export { type DetectorEntry, DETECTOR_TYPES } from './detector-entry.js';
export { PRESETS, PRESET_NAMES, type PresetName } from './presets.js';
export { type DetectorFlags, detectorEntriesFromFlags } from './flag-detectors.js';
