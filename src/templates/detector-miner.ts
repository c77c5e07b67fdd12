import { ConfigError } from '../core/config-error.js';
import type { TemplateSource } from '../core/detector.js';
import { TemplateMiner, type TemplateMinerOptions } from './template-miner.js';

/**
 * The miner of a template detector: the shared `miner` given (then `own` is false and the detector
 * does not save its state), or a miner of its own made from `minerOptions`. `configured` is true when
 * either was given. Errors name `path`.
 */
export function detectorMiner(miner: unknown, minerOptions: TemplateMinerOptions | undefined, path: string): { miner: TemplateMiner; own: boolean; configured: boolean } {
  if (miner === undefined) return { miner: new TemplateMiner(minerOptions), own: true, configured: minerOptions !== undefined };
  if (!(miner instanceof TemplateMiner)) throw new ConfigError(`${path}.miner`, 'a TemplateMiner', miner);
  if (minerOptions !== undefined) throw new ConfigError(`${path}.minerOptions`, 'no minerOptions with a shared miner', minerOptions);
  return { miner, own: false, configured: true };
}

/**
 * The pipeline's shared miner for a detector whose miner is `current` (see `Detector.useMiner`):
 * accepted when it is the same miner, or when the detector made a default miner of its own;
 * a detector configured with another miner (or `minerOptions`) cannot share, a clear error.
 */
export function sharedMiner(current: TemplateMiner, configured: boolean, miner: TemplateSource, path: string): TemplateMiner {
  if (miner === current) return current;
  if (!(miner instanceof TemplateMiner)) throw new ConfigError(`${path}.miner`, 'a TemplateMiner', miner);
  if (configured) throw new ConfigError(`${path}.miner`, 'the one miner shared by the template detectors of a pipeline (give them the same miner, or none)', 'a different miner');
  return miner;
}
