import { NewTemplateDetector, type NewTemplateOptions } from './new-template.js';
import { TemplateRateDetector, type TemplateRateOptions } from './template-rate.js';

/**
 * Factories of the template detectors (also reachable as `StatRule.newTemplate` / `StatRule.templateRate`):
 * - `TemplateRule.newTemplate({ warmup: 1000 })`: a log template first seen after warm-up ({@link NewTemplateDetector});
 * - `TemplateRule.templateRate({ z: 3, bucket: '1m' })`: per-template rate against its own baseline ({@link TemplateRateDetector}).
 * In a pipeline all template detectors share one miner. Defaults are documented on each options type.
 */
export const TemplateRule = {
  newTemplate: (options?: NewTemplateOptions): NewTemplateDetector => new NewTemplateDetector(options),
  templateRate: (options?: TemplateRateOptions): TemplateRateDetector => new TemplateRateDetector(options),
} as const;
