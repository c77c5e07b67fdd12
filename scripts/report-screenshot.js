// Screenshot of an HTML report in a headless Chromium (see chromium.js) through playwright-core:
//   node scripts/report-screenshot.js <report.html> [out.png] [--width 1280]
// Used for docs/report.png; CHROMIUM_PATH overrides the Chromium of @sparticuz/chromium.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { width: { type: 'string', default: '1280' }, height: { type: 'string' } } });
const [input, output = 'docs/report.png'] = positionals;
if (!input) {
  console.error('usage: node scripts/report-screenshot.js <report.html> [out.png] [--width 1280] [--height N]');
  process.exit(2);
}
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height ?? 900) } });
await page.goto(pathToFileURL(resolve(input)).href);
await page.screenshot({ path: output, fullPage: values.height === undefined });
await browser.close();
console.log(`wrote ${output}`);
