import { defineConfig } from 'vitest/config';

// Per-test and per-hook time limits well above vitest's 5 s default: some tests start a browser,
// child processes or OTLP servers, and the suite must also pass on a loaded machine (a test that
// takes 6 s there is slow, not wrong). Speed is measured in bench/, never asserted by these limits.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // warns when dist/ (run by the CLI, example and transport tests) is older than src/
    globalSetup: ['test/helpers/dist-freshness.ts'],
  },
});
