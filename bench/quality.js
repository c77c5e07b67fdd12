// `npm run bench:quality`: detection quality on the labelled loghub samples, in two parts run one
// after the other: template mining (grouping accuracy, bench/quality-templates.js) and the
// statistical detectors (alert bursts signalled, delay, signals on clean stretches,
// bench/quality-stats.js). Arguments (`--data <dir>`) are passed to both; each skips with a message
// when the data set is absent.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let status = 0;
for (const part of ['quality-templates.js', 'quality-stats.js', 'quality-noise.js']) {
  const r = spawnSync(process.execPath, [join(here, part), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
  process.stdout.write('\n');
}
process.exit(status);
