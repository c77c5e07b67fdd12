// A headless Chromium from npm alone, for the report's browser tests and screenshots.
import sparticuz from '@sparticuz/chromium';
import { chromium } from 'playwright-core';

// Flags of @sparticuz/chromium (made for one page per serverless call) that are dropped: two would
// weaken what the report tests check (same-origin policy, mixed content), so pages are held to the
// rules a normal browser applies; --single-process ends the browser when a context closes.
const DROPPED = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

// Flags that keep a headless Chromium off the network of a closed machine.
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Launch the Chromium shipped inside `@sparticuz/chromium` (unpacked to the temp folder on first
 * use) through playwright-core, or the one at `CHROMIUM_PATH` when that is set.
 */
export async function launchChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  const executablePath = fromEnv ?? (await sparticuz.executablePath());
  const args = fromEnv ? ['--no-sandbox', ...QUIET] : [...sparticuz.args.filter((a) => !DROPPED.has(a)), ...QUIET];
  return chromium.launch({ executablePath, args, headless: true });
}
