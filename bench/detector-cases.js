// The detectors measured one by one by `npm run bench`: every detector the package has.
import { Rule, Security, StatRule, EntropySpike } from '../dist/index.js';

/** [name, factory] pairs, each factory making a fresh detector. */
export function detectorCases() {
  return [
    ["Rule.contains(['ERROR','CRITICAL'])", () => Rule.contains(['ERROR', 'CRITICAL'])],
    ['Rule.contains(200 keywords)', () => Rule.contains(Array.from({ length: 200 }, (_, i) => `keyword${i}x`))],
    ["Rule.level('ERROR')", () => Rule.level('ERROR')],
    ['Rule.spike({ threshold: 50, window: 10 })', () => Rule.spike({ threshold: 50, window: 10 })],
    ["Rule.spike({ groupBy: 'client.address' })", () => Rule.spike({ threshold: 50, window: 10, groupBy: 'client.address' })],
    ['StatRule.errorRateZScore()', () => StatRule.errorRateZScore()],
    ['StatRule.volume()', () => StatRule.volume()],
    ["StatRule.ewma({ field: 'http.response.status_code' })", () => StatRule.ewma({ metric: { field: 'http.response.status_code' } })],
    ['new EntropySpike()', () => new EntropySpike()],
    ['StatRule.newTemplate()', () => StatRule.newTemplate()],
    ['StatRule.templateRate()', () => StatRule.templateRate()],
    ['Security.injection() (url.path on every record)', () => Security.injection()],
    ['Security.bruteForce()', () => Security.bruteForce()],
    ['Security.scanner()', () => Security.scanner()],
  ];
}
