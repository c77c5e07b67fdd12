import { loadConfig } from '../config/load-config.js';
import { buildDetectors, type LogSignalConfig, parseConfig, templateMiner } from '../config/log-signal-config.js';
import type { PipelineOptions } from './pipeline.js';

/** A config file (`.yaml`, `.yml`, `.json`) read and validated, or a config object validated; errors name the file and setting. */
export function readConfig(config: string | LogSignalConfig): LogSignalConfig {
  return typeof config === 'string' ? loadConfig(config) : parseConfig(config);
}

/**
 * The {@link PipelineOptions} a validated config sets: fresh detectors (its preset's, then its own)
 * sharing one miner made from `templates.miner`, its `cooldown`, and `templates` (that same miner)
 * when `templates.attributes` is true, so each record is mined once for both.
 */
export function pipelineOptionsFromConfig(config: LogSignalConfig): PipelineOptions {
  const miner = templateMiner(config);
  const out: PipelineOptions = { detectors: buildDetectors(config, { miner }) };
  if (config.cooldown !== undefined) out.cooldown = config.cooldown;
  if (config.templates?.attributes === true) out.templates = miner;
  return out;
}
