// `npm run bench:scan`: lines per second of `logsignal scan` on a generated plain-text log, against
// `grep -c ERROR` and a bare Node line-splitting loop (bench/line-loop.js) on the same file as floors. Runs the built CLI as a child process (start-up
// included), median of --runs (default 5) after a warm-up run.
//
//   node bench/scan-throughput.js [--lines 1000000] [--runs 5] [--file <path>] [--preset default]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const { values } = parseArgs({
  options: { lines: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, file: { type: 'string' }, preset: { type: 'string', default: 'default' } },
});
if (!existsSync(cli)) {
  console.error('build first: npm run build');
  process.exit(1);
}
const lines = Number(values.lines);
const tmp = values.file ? undefined : mkdtempSync(join(tmpdir(), 'logsignal-bench-'));
const file = values.file ?? join(tmp, 'app.log');
if (!existsSync(file)) execFileSync(process.execPath, [join(here, 'generate-log.js'), file, '--lines', String(lines)], { stdio: 'inherit' });
const count = Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(/\s+/)[0]);

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && !(cmd === 'grep' && r.status === 1)) throw new Error(`${cmd} exited ${r.status}`);
  return s;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = Number(values.runs);
const measure = (cmd, args) => {
  time(cmd, args);
  return median(Array.from({ length: runs }, () => time(cmd, args)));
};

const scan = measure(process.execPath, [cli, 'scan', '--preset', values.preset, '--quiet', '--no-progress', file]);
const grep = measure('grep', ['-c', 'ERROR', file]);
const loop = measure(process.execPath, [join(here, 'line-loop.js'), file]);
const mb = statSync(file).size / 1048576;
console.log(`logsignal scan on ${count.toLocaleString('en')} plain-text lines (${mb.toFixed(0)} MB), preset ${values.preset}, median of ${runs} runs, Node ${process.version}`);
console.log('| command | seconds | lines/s |\n|---|---:|---:|');
console.log(`| \`logsignal scan --preset ${values.preset} --quiet\` | ${scan.toFixed(2)} | ${Math.round(count / scan).toLocaleString('en')} |`);
console.log(`| \`grep -c ERROR\` (the floor) | ${grep.toFixed(3)} | ${Math.round(count / grep).toLocaleString('en')} |`);
console.log(`| bare Node line-splitting loop (bench/line-loop.js: read, decode, indexOf/slice) | ${loop.toFixed(3)} | ${Math.round(count / loop).toLocaleString('en')} |`);
console.log(`\nscan / bare Node loop = ${(scan / loop).toFixed(1)}x the time`);
if (tmp) rmSync(tmp, { recursive: true, force: true });
