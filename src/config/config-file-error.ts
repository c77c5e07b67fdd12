import { ConfigError } from '../core/config-error.js';

/**
 * A configuration error located in a file: the message reads
 * `<source>: <path>: expected <what>, got <value>`, e.g.
 * `logsignal.yaml: detectors[2].spike.window: expected a duration such as 10 (seconds), '10s', '5m' or '1h', got "ten"`.
 */
export class ConfigFileError extends ConfigError {
  readonly source: string;
  constructor(source: string, error: ConfigError) {
    super(error.path, '', undefined);
    this.name = 'ConfigFileError';
    this.source = source;
    this.message = `${source}: ${error.message}`;
  }
}

/** A {@link ConfigFileError} for a problem that is not an option value (a syntax error, a missing file). */
export function fileProblem(source: string, path: string, problem: string): ConfigFileError {
  const e = new ConfigFileError(source, new ConfigError(path, '', undefined));
  e.message = `${source}: ${path ? `${path}: ` : ''}${problem}`;
  return e;
}

/**
 * The same error under another option path: the first segment of `error.path` is replaced by
 * `prefix` (`spike.window` becomes `detectors[2].spike.window`).
 */
export function relocate(error: ConfigError, prefix: string): ConfigError {
  const dot = error.path.indexOf('.');
  const path = prefix + (dot < 0 ? '' : error.path.slice(dot));
  const e = new ConfigError(path, '', undefined);
  e.message = path + error.message.slice(error.path.length);
  return e;
}
