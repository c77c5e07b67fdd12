import type { Browser } from 'playwright-core';

/** Launch the Chromium shipped inside `@sparticuz/chromium`, or the one at `CHROMIUM_PATH`. */
export function launchChromium(): Promise<Browser>;
