// `npm run bench:scan`: lines per second of `logsignal scan` on a generated plain-text log, against
// `logsignal scan --preset none` (the CLI without detectors), `grep -c ERROR` and a bare Node line-splitting loop (bench/line-loop.js)
// on the same file as floors, and the start-up (the same scan of an empty file). Runs the built CLI as a child process (start-up
// included), median of --runs (default 5) after a warm-up run, the five commands interleaved. Besides the wall time, the CPU time of
// each child (user + system, from /proc/self/stat on Linux): on a machine shared with other work the
// wall time grows with the load, the CPU time much less.
//
//   node bench/scan-throughput.js [--lines 1000000] [--runs 5] [--file <path>] [--preset default] [--kind app|access]
//   (the access-log row of docs/performance.md: --kind access --lines 200000 --preset web)
//
// `--baseline <dir>`: instead, an A/B of two builds on the same file: `<dir>/cli/main.js` (an older `dist/`
// copied aside; give it a node_modules beside it, e.g. a symlink, so that its packages resolve) against
// this checkout's, the two interleaved A B A B for --runs rounds, medians of the CPU time and the wall time,
// and the `--format jsonl` outputs of the two compared (they must be byte-identical).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    file: { type: 'string' },
    preset: { type: 'string', default: 'default' },
    kind: { type: 'string', default: 'app' },
    baseline: { type: 'string' },
  },
});
if (!existsSync(cli)) {
  console.error('build first: npm run build');
  process.exit(1);
}
const lines = Number(values.lines);
const tmp = values.file ? undefined : mkdtempSync(join(tmpdir(), 'logsignal-bench-'));
const file = values.file ?? join(tmp, `${values.kind}.log`);
if (!existsSync(file)) execFileSync(process.execPath, [join(here, 'generate-log.js'), file, '--lines', String(lines), '--kind', values.kind], { stdio: 'inherit' });
const count = Number(execFileSync('wc', ['-l', file], { encoding: 'utf8' }).trim().split(/\s+/)[0]);

/** CPU seconds of the waited-for children so far (cutime + cstime, 100 ticks/s), NaN off Linux. */
function childCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function time(cmd, args) {
  const c0 = childCpu();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && !(cmd === 'grep' && r.status === 1)) throw new Error(`${cmd} exited ${r.status}`);
  return { wall: s, cpu: childCpu() - c0 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = Number(values.runs);
/** Each command once to warm up, then `runs` rounds of all of them, interleaved (scan, scan --preset none, grep, loop, scan, ...): medians. */
const measureAll = (cmds) => {
  for (const [cmd, args] of cmds) time(cmd, args);
  const all = cmds.map(() => []);
  for (let r = 0; r < runs; r++) cmds.forEach(([cmd, args], k) => all[k].push(time(cmd, args)));
  return all.map((ts) => ({ wall: median(ts.map((t) => t.wall)), cpu: median(ts.map((t) => t.cpu)) }));
};

const row = (label, t) => `| ${label} | ${t.wall.toFixed(3)} | ${Math.round(count / t.wall).toLocaleString('en')} | ${t.cpu.toFixed(2)} | ${Math.round(count / t.cpu).toLocaleString('en')} |`;

if (values.baseline !== undefined) {
  const base = join(values.baseline, 'cli', 'main.js');
  if (!existsSync(base)) {
    console.error(`no ${base}`);
    process.exit(1);
  }
  const scanArgs = ['scan', '--preset', values.preset, '--quiet', '--no-progress', file];
  const [a, b] = measureAll([
    [process.execPath, [base, ...scanArgs]],
    [process.execPath, [cli, ...scanArgs]],
  ]);
  const jsonl = (main) => spawnSync(process.execPath, [main, 'scan', '--preset', values.preset, '--format', 'jsonl', '--now', '2026-12-01', '--no-progress', file], { maxBuffer: 1 << 28 });
  const [oa, ob] = [jsonl(base), jsonl(cli)];
  const same = oa.status === ob.status && Buffer.compare(oa.stdout, ob.stdout) === 0;
  console.log(`A/B on ${count.toLocaleString('en')} ${values.kind} lines, preset ${values.preset}, interleaved, median of ${runs} runs, Node ${process.version}`);
  console.log('| build | seconds | lines/s | CPU seconds | lines per CPU second |\n|---|---:|---:|---:|---:|');
  console.log(row(`A: ${values.baseline}`, a));
  console.log(row('B: this checkout', b));
  console.log(`\nB / A = ${(b.cpu / a.cpu).toFixed(3)} of the CPU time (${(b.wall / a.wall).toFixed(3)} of the wall time); jsonl outputs ${same ? `identical (${oa.stdout.length} bytes)` : 'DIFFER'}`);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  process.exit(same ? 0 : 1);
}

const empty = join(mkdtempSync(join(tmpdir(), 'logsignal-bench-empty-')), 'empty.log');
writeFileSync(empty, '');
const [scan, none, grep, loop, startUp] = measureAll([
  [process.execPath, [cli, 'scan', '--preset', values.preset, '--quiet', '--no-progress', file]],
  [process.execPath, [cli, 'scan', '--preset', 'none', '--quiet', '--no-progress', file]],
  ['grep', ['-c', 'ERROR', file]],
  [process.execPath, [join(here, 'line-loop.js'), file]],
  [process.execPath, [cli, 'scan', '--preset', values.preset, '--quiet', '--no-progress', empty]],
]);
const mb = statSync(file).size / 1048576;
console.log(
  `logsignal scan on ${count.toLocaleString('en')} ${values.kind === 'access' ? 'access-log' : 'plain-text'} lines (${mb.toFixed(0)} MB), preset ${values.preset}, median of ${runs} runs, Node ${process.version}`,
);
console.log('| command | seconds | lines/s | CPU seconds | lines per CPU second |\n|---|---:|---:|---:|---:|');
console.log(row(`\`logsignal scan --preset ${values.preset} --quiet\``, scan));
console.log(row('`logsignal scan --preset none --quiet` (start-up, reading, layout and records; no detector)', none));
console.log(row('`grep -c ERROR` (the floor)', grep));
console.log(row('bare Node line-splitting loop (bench/line-loop.js: read, decode, indexOf/slice)', loop));
console.log(`| start-up: \`logsignal scan --preset ${values.preset} --quiet\` of an empty file (included in both scan rows) | ${startUp.wall.toFixed(3)} | - | ${startUp.cpu.toFixed(2)} | - |`);
console.log(`\nscan / bare Node loop = ${(scan.wall / loop.wall).toFixed(1)}x the time (${(scan.cpu / loop.cpu).toFixed(1)}x the CPU time)`);
if (tmp) rmSync(tmp, { recursive: true, force: true });
rmSync(dirname(empty), { recursive: true, force: true });
