// The detectors measured one by one by `npm run bench`: every detector the build has.
import * as ls from '../dist/index.js';

/** [name, factory] pairs; detectors from areas not built are left out. */
export async function detectorCases() {
  const { Rule } = ls;
  const cases = [
    ["Rule.contains(['ERROR','CRITICAL'])", () => Rule.contains(['ERROR', 'CRITICAL'])],
    ['Rule.contains(200 keywords)', () => Rule.contains(Array.from({ length: 200 }, (_, i) => `keyword${i}x`))],
    ["Rule.level('ERROR')", () => Rule.level('ERROR')],
    ['Rule.spike({ threshold: 50, window: 10 })', () => Rule.spike({ threshold: 50, window: 10 })],
    ["Rule.spike({ groupBy: 'client.address' })", () => Rule.spike({ threshold: 50, window: 10, groupBy: 'client.address' })],
  ];
  return cases;
}
