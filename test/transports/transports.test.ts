import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/testing/index.js';

// The real pino (its worker-thread transport loads `logsignal/pino` from dist/) and the real
// winston, each in an app process of its own as a user runs them; `npm test` builds dist/ first.
const root = fileURLToPath(new URL('../../', import.meta.url));
const app = (name: string) => join(root, 'test/transports/apps', name);

function run(script: string, options: unknown, lines: unknown[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script],
      {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, LOGSIGNAL_OPTIONS: JSON.stringify(options), LOG_LINES: JSON.stringify(lines) },
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

const LINES = [
  ['info', 'order 1 placed', { orderId: 1 }],
  ['warn', 'payment provider slow: timeout after 3000 ms'],
  ['error', 'order 2 failed: card declined', { orderId: 2 }],
  ['info', 'GET /search', { 'http.request.method': 'GET', 'url.path': '/search', 'url.query': "q=1' UNION SELECT password FROM users--", 'client.address': '203.0.113.9' }],
];

let receiver: OtlpReceiver;
let tmp: string;
beforeAll(async () => {
  expect(existsSync(join(root, 'dist/transports/pino.js')), 'dist/ is built (npm run build)').toBe(true);
  receiver = await startOtlpReceiver();
  tmp = mkdtempSync(join(tmpdir(), 'logsignal-transports-'));
});
afterAll(async () => {
  await receiver.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe.each([
  ['pino', 'pino-app.mjs'],
  ['winston', 'winston-app.mjs'],
])('the %s transport', (name, script) => {
  it('prints each signal as LogWatcher does, from detectors configured like LogSignalProcessor.fromConfig', async () => {
    const r = await run(app(script), { config: { preset: 'none', detectors: [{ contains: 'timeout' }, { level: 'ERROR' }] } }, LINES);
    expect(r.code, r.stderr).toBe(0);
    const printed = r.stderr.split('\n').filter((l) => l.startsWith('[LogSignal]'));
    expect(printed).toEqual([
      "[LogSignal] keyword_match (medium): Keyword 'timeout' detected | keyword='timeout'",
      expect.stringMatching(/^\[LogSignal\] level_match \(high\): Log level 'ERROR' detected/),
    ]);
  });

  it('reads a config file and sends signal records over OTLP to a real receiver', async () => {
    receiver.records.length = 0;
    const config = join(tmp, `${name}.yaml`);
    writeFileSync(config, 'preset: security\ndetectors:\n  - contains: [card declined]\ncooldown: 0\n');
    const r = await run(app(script), { config, otlp: receiver.url }, LINES);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('[LogSignal]');
    const signals = receiver.records.filter((x) => x.eventName === 'logsignal.signal');
    const byName = new Map(signals.map((s) => [s.attributes['logsignal.name'], s]));
    expect(byName.get('keyword_match')?.body).toBe("Keyword 'card declined' detected");
    // The request fields of the app's record (OTel semantic conventions), read by the security detectors.
    expect(
      signals.some((s) => s.attributes['logsignal.kind'] === 'security'),
      JSON.stringify(signals.map((s) => s.body)),
    ).toBe(true);
    expect(signals.every((s) => s.scope === 'logsignal')).toBe(true);
  });

  it('an invalid option fails at start naming the setting', async () => {
    const r = await run(app(script), { config: { preset: 'loud' } }, LINES);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/preset/);
  });
});
