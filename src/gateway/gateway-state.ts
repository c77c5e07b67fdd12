import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { VERSION } from '../version.js';
import type { ServicePipelineState } from './service-pipeline.js';

const FORMAT = 'logsignal-gateway-state';

/** Name ending of the state files of a shared state directory (`--state DIR/`): `<instance>.state.json`. */
export const STATE_FILE_SUFFIX = '.state.json';
const STATE_VERSION = 2; // 2: a service's state is its Pipeline's (toJSON)

/** The state file's content: per service, its templates, baselines and windows. */
export interface GatewayStateFile {
  format: typeof FORMAT;
  version: typeof STATE_VERSION;
  /** logsignal version that wrote it (informative). */
  logsignal: string;
  /** Fingerprint of the configuration the states belong to; another configuration ignores them. */
  config: string;
  savedAt: string;
  services: Record<string, ServicePipelineState>;
}

/** A fingerprint of a configuration (its detectors and options), so a state is applied only to the same setup. */
export function configFingerprint(config: LogSignalConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
}

/** Services serialised between yields to the event loop while saving, so requests are not held up. */
const SERVICES_PER_SLICE = 100;

/**
 * Write the state atomically: to `PATH.tmp-PID`, then rename over `PATH`. Each service's state is
 * taken when its turn comes (`entries` gives a function per service), and the event loop gets a turn
 * every {@link SERVICES_PER_SLICE} services: saving 10k services does not stall the receiver.
 */
export async function saveState(path: string, config: LogSignalConfig, entries: ReadonlyArray<readonly [string, () => ServicePipelineState]>, now: Date): Promise<void> {
  const head: Omit<GatewayStateFile, 'services'> = { format: FORMAT, version: STATE_VERSION, logsignal: VERSION, config: configFingerprint(config), savedAt: now.toISOString() };
  const parts: string[] = [`${JSON.stringify(head).slice(0, -1)},"services":{`];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % SERVICES_PER_SLICE === 0) await new Promise((r) => setImmediate(r));
    const [name, state] = entries[i];
    parts.push(`${i > 0 ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(state())}`);
  }
  parts.push('}}');
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, parts.join(''));
  await rename(tmp, path);
}

/** The outcome of reading a state file: the states, or why there are none. */
export type LoadedState = { services: Record<string, ServicePipelineState> } | { problem: string | undefined };

/**
 * Read a state file saved by {@link saveState} for `config`. A missing file is no problem (a first
 * start); a corrupt one, another format or another configuration is a `problem` to report, never a
 * throw.
 */
export function loadState(path: string, config: LogSignalConfig): LoadedState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? undefined : `cannot be read (${code ?? String(err)})` };
  }
  let s: Partial<GatewayStateFile>;
  try {
    s = JSON.parse(text) as Partial<GatewayStateFile>;
  } catch (err) {
    return { problem: `is not valid JSON (${(err as Error).message})` };
  }
  if (s === null || typeof s !== 'object' || s.format !== FORMAT || s.version !== STATE_VERSION) return { problem: `is not a ${FORMAT} file of version ${STATE_VERSION}` };
  if (s.config !== configFingerprint(config)) return { problem: 'was saved with another configuration (preset, detectors or options)' };
  if (s.services === null || typeof s.services !== 'object' || Array.isArray(s.services)) return { problem: 'has no services' };
  return { services: s.services };
}
