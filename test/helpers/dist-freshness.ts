import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// vitest's globalSetup. Many tests run the built package (dist/): the CLI as a child process, the
// examples, the transports, the HTML report. `npm test` builds first; `npx vitest run` does not, and a
// dist/ older than src/ then tests yesterday's code. Say so once, at the top of the run (not fatal:
// most test files import src/ and do not need a build).
export default function warnIfDistIsStale(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const built = mtimeMs(join(root, 'dist', 'cli', 'main.js'));
  const newest = newestFile(join(root, 'src'));
  if (built !== undefined && (newest === undefined || newest.ms <= built)) return;
  const why = built === undefined ? 'dist/ is not built' : `src/${newest?.path} is newer than dist/`;
  process.stderr.write(`\nlogsignal tests: ${why}: the tests of the CLI, examples and transports run dist/. Run 'npm run build' (npm test does).\n\n`);
}

function mtimeMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The most recently modified file under `dir` (path relative to it), walking with an explicit stack. */
function newestFile(dir: string): { path: string; ms: number } | undefined {
  let best: { path: string; ms: number } | undefined;
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) stack.push(path);
      else {
        const ms = statSync(join(dir, path)).mtimeMs;
        if (best === undefined || ms > best.ms) best = { path, ms };
      }
    }
  }
  return best;
}
