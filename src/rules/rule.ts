import type { Duration } from '../core/duration.js';
import { KeywordRule, type KeywordRuleOptions } from './keyword-rule.js';
import { LevelRule, type LevelRuleOptions } from './level-rule.js';
import { MatchRule, type MatchRuleOptions } from './match-rule.js';
import { SpikeRule, type SpikeRuleOptions } from './spike-rule.js';
import type { EventMatch } from './event-filter.js';

/**
 * Factories of the rule detectors (the seed's vocabulary):
 * - `Rule.contains('ERROR')`, `Rule.contains(['ERROR', 'CRITICAL'], { field, wholeWord })`: keyword match;
 * - `Rule.level('ERROR')`: that level or above (`{ exact: true }` for the level alone);
 * - `Rule.spike({ threshold: 50, window: 10 })` or `Rule.spike(50, 10)`: frequency spike in a sliding window;
 * - `Rule.match((e) => ...)` or `Rule.match({ field: 'http.response.status_code', equals: 500 })`.
 */
export const Rule = {
  contains(keywords: string | readonly string[], options?: KeywordRuleOptions): KeywordRule {
    return new KeywordRule(keywords, options);
  },
  level(level: string | number, options?: LevelRuleOptions): LevelRule {
    return new LevelRule(level, options);
  },
  spike(thresholdOrOptions: number | SpikeRuleOptions, window?: Duration, options?: Omit<SpikeRuleOptions, 'threshold' | 'window'>): SpikeRule {
    if (typeof thresholdOrOptions === 'number') {
      return new SpikeRule({ ...options, threshold: thresholdOrOptions, window: window as Duration });
    }
    return new SpikeRule(thresholdOrOptions);
  },
  match(condition: EventMatch, options?: MatchRuleOptions): MatchRule {
    return new MatchRule(condition, options);
  },
};
