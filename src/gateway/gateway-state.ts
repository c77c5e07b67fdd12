import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { VERSION } from '../version.js';
import type { ServicePipelineState } from './service-pipeline.js';

const FORMAT = 'logsignal-gateway-state';

/** Name ending of the state files of a shared state directory (`--state DIR/`): `<instance>.state.json`. */
export const STATE_FILE_SUFFIX = '.state.json';
const STATE_VERSION = 1;

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

/** Write the state atomically: to `PATH.tmp-PID`, then rename over `PATH`. */
export function saveState(path: string, config: LogSignalConfig, services: Record<string, ServicePipelineState>, now: Date): void {
  const body: GatewayStateFile = { format: FORMAT, version: STATE_VERSION, logsignal: VERSION, config: configFingerprint(config), savedAt: now.toISOString(), services };
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(body));
  renameSync(tmp, path);
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
