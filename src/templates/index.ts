export { TemplateMiner, TemplateMatch, TEMPLATE_MINER_DEFAULTS, UNADMITTED_ID } from './template-miner.js';
export type { TemplateMinerOptions, TemplateInfo, TemplateMinerState } from './template-miner.js';
export { DEFAULT_MASKING } from './masking.js';
export type { MaskingOptions, MaskRule } from './masking.js';
export { NewTemplateDetector, NEW_TEMPLATE_DEFAULTS } from './new-template.js';
export type { NewTemplateDetectorOptions } from './new-template.js';
export { TemplateRateDetector, TEMPLATE_RATE_DEFAULTS } from './template-rate.js';
export type { TemplateRateDetectorOptions } from './template-rate.js';
