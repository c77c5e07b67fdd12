/**
 * Thrown at construction when an option is invalid. `path` names the option (`spike.window`,
 * `detectors[2].threshold`), and the message says what was expected and what was given.
 */
export class ConfigError extends Error {
  readonly path: string;
  constructor(path: string, expected: string, actual: unknown) {
    super(`${path}: expected ${expected}, got ${describe(actual)}`);
    this.name = 'ConfigError';
    this.path = path;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return `a ${typeof value}`;
}
