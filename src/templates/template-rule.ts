import { NewTemplateDetector, type NewTemplateDetectorOptions } from './new-template.js';
import { TemplateRateDetector, type TemplateRateDetectorOptions } from './template-rate.js';

/**
 * Factories of the template detectors (also reachable as `StatRule.newTemplate` / `StatRule.templateRate`):
 * - `TemplateRule.newTemplate({ warmupRecords: 500 })`: a log template first seen after warm-up ({@link NewTemplateDetector});
 * - `TemplateRule.templateRate({ z: 3, bucket: '1m' })`: per-template rate against its own baseline ({@link TemplateRateDetector}).
 * In a pipeline all template detectors share one miner. Defaults are documented on each options type.
 */
export const TemplateRule = {
  newTemplate: (options?: NewTemplateDetectorOptions): NewTemplateDetector => new NewTemplateDetector(options),
  templateRate: (options?: TemplateRateDetectorOptions): TemplateRateDetector => new TemplateRateDetector(options),
} as const;
