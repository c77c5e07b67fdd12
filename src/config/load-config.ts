import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileProblem } from './config-file-error.js';
import { type LogSignalConfig, parseConfig } from './log-signal-config.js';

/**
 * Read and validate a config file: `.json` as JSON, anything else (`.yaml`, `.yml`) as YAML (a JSON
 * file is valid YAML too). A missing file, a syntax error (with line and column) or an invalid
 * setting throws a {@link ConfigFileError} naming the file.
 */
export function loadConfig(path: string): LogSignalConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fileProblem(path, '', code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`);
  }
  return parseConfig(extname(path).toLowerCase() === '.json' ? parseJson(text, path) : parseYaml(text, path), path);
}

/** The YAML library, loaded the first time a YAML file is read (a scan without a config file does not pay its start-up). */
let yaml: typeof import('yaml') | undefined;

function parseYaml(text: string, path: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const doc = yaml.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const at = error.linePos?.[0];
    throw fileProblem(path, at ? `line ${at.line}, column ${at.col}` : '', `invalid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // the yaml library throws a ReferenceError when aliases expand past the limit (an "alias bomb")
    throw fileProblem(
      path,
      '',
      `invalid YAML: ${err instanceof ReferenceError ? `aliases expand too far (at most ${MAX_ALIAS_COUNT} alias uses, a guard against resource exhaustion)` : (err as Error).message}`,
    );
  }
}

/** Alias uses a YAML config may expand (the yaml library's guard against "billion laughs" files). */
const MAX_ALIAS_COUNT = 100;

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = `line ${line}, column ${Number(pos[1]) - before.lastIndexOf('\n')}`;
    }
    throw fileProblem(path, where, `invalid JSON: ${message}`);
  }
}
