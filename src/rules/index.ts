export { Rule } from './rule.js';
export { KeywordRule, type KeywordRuleOptions } from './keyword-rule.js';
export { LevelRule, type LevelRuleOptions } from './level-rule.js';
export { SpikeRule, type SpikeRuleOptions } from './spike-rule.js';
export { MatchRule, type MatchRuleOptions } from './match-rule.js';
export { KeywordMatcher } from '../core/keyword-matcher.js';
export { compileMatch, type EventMatch, type EventPredicate } from './event-filter.js';
export { parseLevel } from '../core/level.js';
export { TemplateGroups, type TemplateGroupsOptions, type GroupReason, TEMPLATE_GROUP_DEFAULTS } from './template-groups.js';
