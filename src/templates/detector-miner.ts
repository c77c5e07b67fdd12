import { ConfigError } from '../core/config-error.js';
import { TemplateMiner, type TemplateMinerOptions } from './template-miner.js';

/**
 * The miner of a template detector: the shared `miner` given (then `own` is false and the detector
 * does not save its state), or a miner of its own made from `minerOptions`. Errors name `path`.
 */
export function detectorMiner(miner: unknown, minerOptions: TemplateMinerOptions | undefined, path: string): { miner: TemplateMiner; own: boolean } {
  if (miner === undefined) return { miner: new TemplateMiner(minerOptions), own: true };
  if (!(miner instanceof TemplateMiner)) throw new ConfigError(`${path}.miner`, 'a TemplateMiner', miner);
  if (minerOptions !== undefined) throw new ConfigError(`${path}.minerOptions`, 'no minerOptions with a shared miner', minerOptions);
  return { miner, own: false };
}
