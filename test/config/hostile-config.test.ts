import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigFileError, loadConfig, parseConfig } from '../../src/config/index.js';
import { parseDuration } from '../../src/core/duration.js';

const fixture = (name: string) => new URL(`../fixtures/config/hostile/${name}`, import.meta.url).pathname;
const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** Exit code and stderr of `logsignal scan --config <file> -` over one line. */
function scanWith(config: string): { code: number; stderr: string } {
  try {
    execFileSync(process.execPath, [CLI, 'scan', '--config', config, '-'], { input: 'hello\n', stdio: ['pipe', 'pipe', 'pipe'] });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stderr: Buffer };
    return { code: e.status, stderr: e.stderr.toString() };
  }
}

describe('hostile config files', () => {
  it('a YAML alias bomb is a config error naming the file, not a crash', () => {
    expect(() => loadConfig(fixture('alias-bomb.yaml'))).toThrow(ConfigFileError);
    expect(() => loadConfig(fixture('alias-bomb.yaml'))).toThrow(/alias-bomb\.yaml: invalid YAML: aliases expand too far/);
    const r = scanWith(fixture('alias-bomb.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^logsignal: .*alias-bomb\.yaml: invalid YAML/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('prototype keys are refused by name, in YAML and JSON and from code', () => {
    for (const f of ['proto-entry.yaml', 'proto-entry.json']) {
      expect(() => loadConfig(fixture(f))).toThrow(/detectors\[0\]\.__proto__: expected a setting name \(prototype keys are refused\)/);
      expect(scanWith(fixture(f)).code).toBe(2);
    }
    expect(() => parseConfig(JSON.parse('{"detectors":[{"spike":{"threshold":3,"constructor":1}}]}'))).toThrow(/detectors\[0\]\.spike\.constructor: expected a setting name/);
  });

  it('names of Object.prototype members are not detector types', () => {
    expect(() => loadConfig(fixture('to-string.yaml'))).toThrow(/detectors\[0\]\.toString: expected a detector type/);
    for (const type of ['toString', 'hasOwnProperty', 'valueOf', 'constructor']) {
      expect(() => parseConfig({ detectors: [{ [type]: 1 }] })).toThrow(ConfigFileError);
    }
  });

  it('durations need a unit without a space and are at most 366 days', () => {
    expect(parseDuration('10s', 'x')).toBe(10_000);
    expect(parseDuration('366d', 'x')).toBe(366 * 86_400_000);
    for (const bad of ['10 s', '1 0s', '99999999999999999999d', '367d', 1e300, Number.MAX_VALUE]) {
      expect(() => parseDuration(bad, 'cooldown')).toThrow(/cooldown: expected a duration/);
    }
    expect(() => parseConfig({ cooldown: '10 s' })).toThrow(/config: cooldown: expected a duration/);
  });

  it('deep nesting is refused without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(() => parseConfig({ detectors: [{ spike: deep }] })).toThrow(/nested at most 32 deep/);
  });
});
