import { ConfigError } from '../core/config-error.js';
import { checkInteger, checkNumber } from '../core/validate.js';

/**
 * Checks of saved detector state, each throwing a {@link ConfigError} naming the bad path
 * (`state.clusters[3].count`), so a `restore` can validate everything before it replaces anything.
 */

/** A plain object (not an array, not null). */
export function checkObject(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(path, 'an object', value);
  return value as Record<string, unknown>;
}

/** An array of at most `max` items. */
export function checkArray(value: unknown, path: string, max = Number.MAX_SAFE_INTEGER): unknown[] {
  if (!Array.isArray(value) || value.length > max) throw new ConfigError(path, max === Number.MAX_SAFE_INTEGER ? 'an array' : `an array of at most ${max} items`, value);
  return value;
}

/** The state's version. */
export function checkVersion(state: Record<string, unknown>, path: string, version: number): void {
  if (state.version !== version) throw new ConfigError(`${path}.version`, `${version}`, state.version);
}

/** A string of at most `max` characters (empty allowed). */
export function checkText(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) throw new ConfigError(path, `a string of at most ${max} characters`, value);
  return value;
}

/** A template id as the miner writes it: `T` and a positive safe integer (`T17`). Returns the number. */
export function checkTemplateId(value: unknown, path: string): number {
  const n = typeof value === 'string' && /^T[1-9][0-9]{0,15}$/.test(value) ? Number(value.slice(1)) : NaN;
  if (!Number.isSafeInteger(n)) throw new ConfigError(path, 'a template id T<n>', value);
  return n;
}

/** A count: a safe integer >= `min`. */
export function checkCount(value: unknown, path: string, min = 0): number {
  return checkInteger(value, path, min);
}

/** A finite number, or the given non-finite default sentinel when allowed (`-Infinity`, NaN as saved by JSON: null). */
export function checkFiniteOr(value: unknown, path: string, sentinel: number): number {
  if (value === null || value === undefined) return sentinel;
  return checkNumber(value, path);
}
