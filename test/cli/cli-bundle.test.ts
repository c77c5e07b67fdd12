import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built CLI, as a user runs it (`npm test` builds first): `npm run build` bundles it (scripts/bundle-cli.mjs).
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const fixtures = join(root, 'test', 'fixtures', 'cli');

/** A resolve hook that prints every URL it resolves to stderr (the hooks run on a thread of their own). */
const HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); console.error('resolved ' + r.url); return r; }`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`;

/** Every URL the CLI resolves for these arguments (its exit code must be 0). */
function resolved(args: string[], cwd = fixtures): string[] {
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, cli, ...args], { cwd, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return [...new Set(r.stderr.split('\n').filter((l) => l.startsWith('resolved ')))].map((l) => l.slice('resolved '.length));
}

/** The project's own files (under dist/) the CLI loads for these arguments. */
function projectModules(args: string[]): string[] {
  const dist = new URL('../../dist/', import.meta.url).href;
  return resolved(args)
    .filter((u) => u.startsWith(dist))
    .map((u) => u.slice(dist.length));
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

  it('zlib is loaded for a compressed input only', () => {
    expect(resolved(['scan', '--quiet', 'app.log'])).not.toContain('node:zlib');
    const dir = mkdtempSync(join(tmpdir(), 'logsignal-bundle-'));
    try {
      writeFileSync(join(dir, 'app.log.gz'), gzipSync(readFileSync(join(fixtures, 'app.log'))));
      expect(resolved(['scan', '--quiet', 'app.log.gz'], dir)).toContain('node:zlib');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
