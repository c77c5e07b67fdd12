import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built CLI, as a user runs it (`npm test` builds first): `npm run build` bundles it (scripts/bundle-cli.mjs).
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const fixtures = join(root, 'test', 'fixtures', 'cli');

/** A resolve hook that prints every URL it resolves to stderr (the hooks run on a thread of their own). */
const HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); console.error('resolved ' + r.url); return r; }`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`;

/** The project's own files (under dist/) the CLI loads for these arguments. */
function projectModules(args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, cli, ...args], { cwd: fixtures, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const dist = new URL('../../dist/', import.meta.url).href;
  return [...new Set(r.stderr.split('\n').filter((l) => l.startsWith(`resolved ${dist}`)))].map((l) => l.slice(`resolved ${dist}`.length));
}

describe('the CLI is one bundle', () => {
  it('`logsignal scan` loads a handful of bundled files, not the ~140 modules tsc writes', () => {
    const files = projectModules(['scan', '--quiet', 'app.log']);
    expect(files).toContain('cli/main.js');
    expect(files.every((f) => f === 'cli/main.js' || f.startsWith('cli/chunks/'))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(8);
  });

  it('what scan imports on demand (the HTML report, serve) stays out of a plain scan', () => {
    const files = projectModules(['scan', '--quiet', 'app.log']);
    expect(files.some((f) => f.includes('html-report') || f.includes('serve-command') || f.includes('gateway'))).toBe(false);
  });
});
