import type { DetectorEntry } from './detector-entry.js';

/** Names of the built-in presets. */
export const PRESET_NAMES = ['default', 'web', 'security', 'ci', 'none'] as const;

/** A built-in preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** Failure words of build and test output. */
const CI_KEYWORDS = ['FAIL', 'FAILED', 'Error:', 'panic:', 'Traceback', 'Exception', 'Segmentation fault', 'npm ERR!', 'fatal:'];

const DEFAULT: readonly DetectorEntry[] = [
  { level: 'ERROR' },
  { errorRateZScore: { bucket: '10s' } },
  { volume: { bucket: '1m' } },
  { newTemplate: { warmupRecords: 1000 } },
  // A template burst needs 50 records of it in a minute: the value leave-one-out picks on every fold
  // over the eight loghub sets (grid 20/50/100, bench/quality-noise.js); smaller bursts of one
  // template are how sparse system logs look (a cron job, an FTP scan), not incidents.
  { templateRate: { minCount: 50 } },
];

const SECURITY: readonly DetectorEntry[] = [{ injection: { message: 'access-log' } }, { bruteForce: {} }, { scanner: {} }];

/**
 * The detectors of each preset (a config's own `detectors` are added to them):
 * - `default`: any log. ERROR-or-above records grouped by template (first of each, then regressions
 *   and returns), error share per 10 s against its baseline, log volume (surge, drop, silence) per
 *   1 m, never-seen templates after 1000 records, per-template bursts of 50 a minute (in two
 *   minutes of three).
 * - `web`: `default`, plus the security detectors for HTTP services: injection payloads in request
 *   fields and in access-log request lines, brute force and scanners per client.
 * - `security`: the security detectors alone (injection, brute force, scanner).
 * - `ci`: build and test output: failure words, ERROR-or-above records, new templates after 200 lines
 *   (a short log has little to learn from, so no rate baselines, and no burst while learning).
 * - `none`: nothing; only the config's own detectors.
 */
export const PRESETS: Readonly<Record<PresetName, readonly DetectorEntry[]>> = Object.freeze({
  default: DEFAULT,
  web: [...DEFAULT, ...SECURITY],
  security: SECURITY,
  // no burst while learning in CI output: its lines mostly have no timestamp (times from order, so a
  // minute is 60,000 lines) and a test suite's routine is bursts of new lines (one per test)
  ci: [{ contains: { keywords: CI_KEYWORDS, ignoreCase: false } }, { level: 'ERROR' }, { newTemplate: { warmupRecords: 200, learningBurst: 0 } }],
  none: [],
});
