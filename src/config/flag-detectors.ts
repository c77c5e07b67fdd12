import { ConfigError } from '../core/config-error.js';
import { parseDuration } from '../core/duration.js';
import { parseLevel } from '../core/level.js';
import type { DetectorEntry } from './detector-entry.js';

/** The CLI's detector flags. */
export interface DetectorFlags {
  /** `--keyword WORD` (repeatable): one keyword rule over all of them. */
  keyword?: readonly string[];
  /** `--level LEVEL`: records at that level or above. */
  level?: string;
  /** `--spike N/WINDOW` (repeatable), e.g. `50/10s`: at least N records in a sliding WINDOW. */
  spike?: readonly string[];
}

/** Config entries for the CLI's `--keyword`, `--level` and `--spike` flags; errors name the flag. */
export function detectorEntriesFromFlags(flags: DetectorFlags): DetectorEntry[] {
  const entries: DetectorEntry[] = [];
  if (flags.keyword !== undefined && flags.keyword.length > 0) entries.push({ contains: [...flags.keyword] });
  if (flags.level !== undefined) {
    parseLevel(flags.level, '--level');
    entries.push({ level: flags.level });
  }
  for (const spike of flags.spike ?? []) {
    const m = /^([1-9]\d{0,8})\/(\S{1,20})$/.exec(spike);
    if (!m) throw new ConfigError('--spike', 'THRESHOLD/WINDOW such as 50/10s', spike);
    const window = /^\d+(\.\d+)?$/.test(m[2]) ? Number(m[2]) : m[2];
    parseDuration(window, '--spike');
    entries.push({ spike: { threshold: Number(m[1]), window } });
  }
  return entries;
}
