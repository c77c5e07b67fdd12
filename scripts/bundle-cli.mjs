// Run by `npm run build` after tsc: replaces dist/cli/main.js (the `logsignal` bin) with one bundled
// module of the CLI and the library code it uses, so that starting the CLI loads one file instead of
// ~140 ES modules (Node 20's loader costs ~0.7 ms of CPU per module: `logsignal scan` on a small file
// 0.28 -> 0.19 CPU s). What the CLI imports only on demand (the HTML report, `serve`, the OTLP sender)
// stays in chunks of its own under dist/cli/chunks/, loaded when used. Packages (OpenTelemetry, yaml,
// cli-progress, ...) are not bundled: they are imported from node_modules as before. The library's
// own modules (dist/index.js and the rest of dist/) are left as tsc wrote them.
//
//   node scripts/bundle-cli.mjs
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const cliDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli');
const entry = join(cliDir, 'main.js');
if (!existsSync(entry)) throw new Error(`${entry} is missing: run tsc first`);
// tsc writes main.js on every build; a main.js that is already a bundle would import chunks removed below
if (readFileSync(entry, 'utf8').includes('./chunks/')) throw new Error(`${entry} is already bundled: run tsc first`);
rmSync(join(cliDir, 'chunks'), { recursive: true, force: true });
await build({
  input: entry,
  platform: 'node',
  // node: built-ins and packages stay imports; only the project's own relative modules are bundled
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  logLevel: 'warn',
  output: { dir: cliDir, format: 'esm', entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
});
