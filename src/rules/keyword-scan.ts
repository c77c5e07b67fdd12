import type { Detector } from '../core/detector.js';
import { KeywordMatcher } from '../core/keyword-matcher.js';
import { KeywordRule } from './keyword-rule.js';

/**
 * Consecutive keyword rules that search the message with the same case rule and scan bound (the
 * seed's `'ERROR', 'CRITICAL'`), scanned once for all of them: one regular expression over the union
 * of their keywords. When it finds none (most records), none of the rules can fire and all are
 * skipped; on a hit each rule runs as usual. Signals are the same as running the rules one by one.
 */
export class KeywordRun {
  constructor(
    /** How many detectors, from this one on, the run covers (>= 2). */
    readonly length: number,
    private readonly matcher: KeywordMatcher,
    private readonly maxChars: number,
  ) {}

  /** True when no keyword of the run is in the message (the run's rules are then skipped). */
  misses(message: string): boolean {
    return !this.matcher.has(message, this.maxChars);
  }
}

/** For each detector index, the {@link KeywordRun} starting there (runs of 2 or more keyword rules), else undefined. */
export function keywordRuns(detectors: readonly Detector[]): (KeywordRun | undefined)[] {
  const runs: (KeywordRun | undefined)[] = new Array(detectors.length).fill(undefined);
  let i = 0;
  while (i < detectors.length) {
    const scan = messageScan(detectors[i]);
    let j = i + 1;
    if (scan !== undefined) {
      while (j < detectors.length) {
        const next = messageScan(detectors[j]);
        if (next === undefined || next.ignoreCase !== scan.ignoreCase || next.maxChars !== scan.maxChars) break;
        j++;
      }
      if (j - i >= 2) {
        const keywords = detectors.slice(i, j).flatMap((d) => (d as KeywordRule).keywords);
        runs[i] = new KeywordRun(j - i, new KeywordMatcher(keywords, scan.ignoreCase), scan.maxChars);
      }
    }
    i = j;
  }
  return runs;
}

function messageScan(d: Detector): { ignoreCase: boolean; maxChars: number } | undefined {
  return d instanceof KeywordRule ? d.messageScan : undefined;
}
