import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useColour } from '../../src/cli/colour.js';
import { failOnSeverity } from '../../src/cli/fail-on.js';

// The built CLI, as a user runs it (`npm test` builds first).
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const fixtures = join(root, 'test', 'fixtures', 'cli');

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: fixtures, env: { ...base, ...env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI habits', () => {
  it('--version prints the package version', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-v']) expect(run([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('usage goes to stderr on errors, stdout stays empty', () => {
    const none = run([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage:');
    const unknown = run(['scna']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown command "scna"/);
    const badFlag = run(['scan', '--fail-on', 'loud', 'app.log']);
    expect(badFlag).toMatchObject({ code: 2, stdout: '' });
    expect(badFlag.stderr).toMatch(/--fail-on: expected one of low, medium, high, critical, info, warn, warning, error, fatal, got "loud"/);
    expect(run(['--help'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('--fail-on takes log-level words: warn = medium, error = high, fatal = critical', () => {
    expect(failOnSeverity('warn')).toBe('medium');
    expect(failOnSeverity('WARNING')).toBe('medium');
    expect(failOnSeverity('error')).toBe('high');
    expect(failOnSeverity('Fatal')).toBe('critical');
    expect(failOnSeverity('info')).toBe('low');
    expect(failOnSeverity('high')).toBe('high');
    expect(failOnSeverity('toString')).toBeUndefined();
    // app.log raises high signals and no critical one (see scan.test.ts)
    expect(run(['scan', 'app.log', '--quiet', '--fail-on', 'error']).code).toBe(1);
    expect(run(['scan', 'app.log', '--quiet', '--fail-on', 'fatal']).code).toBe(0);
  });

  it('FORCE_COLOR forces colours into a pipe, NO_COLOR and FORCE_COLOR=0 turn them off', () => {
    const esc = '\u001b[';
    expect(run(['scan', 'app.log'], { FORCE_COLOR: '1' }).stdout).toContain(esc);
    expect(run(['scan', 'app.log']).stdout).not.toContain(esc);
    expect(run(['scan', 'app.log'], { FORCE_COLOR: '0' }).stdout).not.toContain(esc);
    const tty = { isTTY: true, hasColors: () => true } as unknown as NodeJS.WriteStream;
    const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;
    expect(useColour(tty, {})).toBe(true);
    expect(useColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColour(pipe, {})).toBe(false);
    expect(useColour(pipe, { FORCE_COLOR: 'true' })).toBe(true);
    expect(useColour(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });
});
