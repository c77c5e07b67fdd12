import { ConfigError } from './config-error.js';

/** A finite number within [min, max]; throws {@link ConfigError} naming `path` otherwise. */
export function checkNumber(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number' : max === Infinity ? `a number >= ${min}` : `a number between ${min} and ${max}`;
    throw new ConfigError(path, range, value);
  }
  return value;
}

/** An integer within [min, max]; throws {@link ConfigError} naming `path` otherwise. */
export function checkInteger(value: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(path, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer between ${min} and ${max}`, value);
  }
  return value;
}

/** A non-empty string; throws {@link ConfigError} naming `path` otherwise. */
export function checkString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new ConfigError(path, 'a non-empty string', value);
  return value;
}

/** One of `choices`; throws {@link ConfigError} naming `path` otherwise. */
export function checkChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigError(path, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}

/** A boolean; throws {@link ConfigError} naming `path` otherwise. */
export function checkBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new ConfigError(path, 'true or false', value);
  return value;
}

/** A plain options object (or undefined, giving `{}`); rejects keys not in `known`, naming them. */
export function checkOptions<T extends object>(value: T | undefined, path: string, known: readonly string[]): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(path, 'an options object', value);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigError(`${path}.${key}`, `one of the options ${known.join(', ')}`, key);
  }
  return value;
}
