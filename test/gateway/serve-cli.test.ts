import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('logsignal serve on the command line', () => {
  it('the top-level help names serve and its help', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}logsignal serve \[options\] /m);
    expect(r.stdout).toMatch(/^ {2}logsignal serve --help /m);
  });

  it('serve --help prints the options of serve', () => {
    const r = run(['serve', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: logsignal serve \[options\]/);
    expect(r.stdout).toContain('--export-protocol');
  });

  it.each([[['serve', '--bogus']], [['serve', '--listen', 'nowhere']], [['serve', 'extra-argument']]])("a usage error of %j points to serve --help, not scan's", (args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Run 'logsignal serve --help' for the options.");
    expect(r.stderr).not.toContain('scan --help');
  });

  it('a usage error of scan still points to scan --help, an unknown command to --help', () => {
    expect(run(['scan', '--bogus']).stderr).toContain("Run 'logsignal scan --help' for the options.");
    expect(run(['sevre']).stderr).toContain("Run 'logsignal --help' for the options.");
  });
});
