import { boundedKey } from '../core/bounded-key.js';
import { ConfigError } from '../core/config-error.js';
import { isTime, RecordClock, type RecordClockState } from './record-clock.js';

/** What the saved state of a per-client burst detector (brute force, scanner) must match to be restored. */
export interface BurstStateHeader {
  detector: string;
  version: number;
  windowMs: number;
  threshold: number;
}

/**
 * Check the header of a burst detector's saved state against the detector restoring it (its name,
 * the state version, the same window and threshold) and return its checked clock; throws a
 * `ConfigError` naming the bad path under `path`.
 */
export function checkBurstState(state: unknown, expected: BurstStateHeader, path: string): RecordClockState {
  const s = state as Partial<BurstStateHeader> & { clock?: unknown };
  if (s === null || typeof s !== 'object' || s.detector !== expected.detector) throw new ConfigError(path, `a ${expected.detector} state from toJSON()`, state);
  if (s.version !== expected.version) throw new ConfigError(`${path}.version`, String(expected.version), s.version);
  if (s.windowMs !== expected.windowMs) throw new ConfigError(`${path}.windowMs`, `${expected.windowMs} (this detector's window)`, s.windowMs);
  if (s.threshold !== expected.threshold) throw new ConfigError(`${path}.threshold`, `${expected.threshold} (this detector's threshold)`, s.threshold);
  return RecordClock.check(s.clock, `${path}.clock`);
}

/**
 * Check a list of `[key, state]` client entries (at most `maxKeys`, keys non-empty, bounded and
 * distinct), reading each state with `read`, which throws a ConfigError naming the entry's path.
 */
export function checkClientEntries<T>(value: unknown, path: string, maxKeys: number, read: (state: unknown, path: string) => T): [string, T][] {
  if (!Array.isArray(value)) throw new ConfigError(path, 'an array of [key, state]', value);
  if (value.length > maxKeys) throw new ConfigError(path, `at most ${maxKeys} clients (maxKeys)`, value);
  const seen = new Set<string>();
  const out: [string, T][] = [];
  value.forEach((entry: unknown, i) => {
    const ep = `${path}[${i}]`;
    if (!Array.isArray(entry) || entry.length !== 2) throw new ConfigError(ep, '[key, state]', entry);
    const key: unknown = entry[0];
    if (typeof key !== 'string' || key.length === 0 || boundedKey(key) !== key) throw new ConfigError(`${ep}[0]`, 'a client key (a non-empty string of at most 256 characters)', key);
    if (seen.has(key)) throw new ConfigError(`${ep}[0]`, 'a key not listed before', key);
    seen.add(key);
    if (entry[1] === null || typeof entry[1] !== 'object' || Array.isArray(entry[1])) throw new ConfigError(`${ep}[1]`, 'a client state object', entry[1]);
    out.push([key, read(entry[1], `${ep}[1]`)]);
  });
  return out;
}

/** A client of a saved burst detector state, checked: its window (as read), last event time, whether its episode was reported and whether it is protected. */
export interface SavedClient<W> {
  window: W;
  /** Time of the client's last event, epoch ms. */
  last: number;
  /** True once this episode has been reported. */
  reported: boolean;
  protect: boolean;
}

/**
 * The clients of a saved burst detector state (`[key, state]` entries, see {@link checkClientEntries}),
 * checked: each state's window read by `readWindow` (which throws a ConfigError naming its path),
 * then the fields every burst detector saves: `last` (a record time), `reported` and `protected`
 * (booleans). The caller loads them, in order, into fresh per-client state.
 */
export function readSavedClients<W>(value: unknown, path: string, maxKeys: number, readWindow: (state: Record<string, unknown>, path: string) => W): [string, SavedClient<W>][] {
  return checkClientEntries(value, path, maxKeys, (v, ep) => {
    const o = v as Record<string, unknown>;
    const window = readWindow(o, ep);
    if (!isTime(o.last)) throw new ConfigError(`${ep}.last`, 'a record time in epoch ms', o.last);
    if (typeof o.reported !== 'boolean') throw new ConfigError(`${ep}.reported`, 'a boolean', o.reported);
    if (typeof o.protected !== 'boolean') throw new ConfigError(`${ep}.protected`, 'a boolean', o.protected);
    return { window, last: o.last, reported: o.reported, protect: o.protected };
  });
}
