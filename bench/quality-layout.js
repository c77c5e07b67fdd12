// What the CLI really mines: grouping accuracy of `logsignal templates` on whole raw lines (the
// layout inference strips each line's header), against the miner given the message column alone, and
// against the miner given the whole raw line (no inference, as before). Two parts:
//
// 1. the eight loghub 2k samples (raw `<set>_2k.log` vs the `Content` column, truth `EventId`);
// 2. held-out: the synthetic layouts of bench/layout-samples.js (formats and messages the inference
//    was not tuned on), with the time span `logsignal scan` reports checked against the truth.
//
//   node bench/quality-layout.js [--data <loghub dir>] [--lines 2000]     (env LOGHUB_DIR works too)
//
// Needs `npm run build` first. The loghub part is skipped with a message when the data is absent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TextLineReader } from '../dist/cli/text-line.js';
import { YearlessDates } from '../dist/input/text-layout/yearless-dates.js';
import { TemplateMiner } from '../dist/templates/index.js';
import { groupingAccuracy, loghubDir, loghubStructured } from './loghub.js';
import { LAYOUTS, SAMPLE_YEAR, sampleLines } from './layout-samples.js';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli', 'main.js');
const { values } = parseArgs({ options: { data: { type: 'string' }, lines: { type: 'string', default: '2000' } } });
const dataDir = loghubDir(values.data);
const SETS = ['Apache', 'BGL', 'HDFS', 'Linux', 'OpenSSH', 'Proxifier', 'Spark', 'Thunderbird'];
if (!existsSync(cli)) {
  console.error('build first: npm run build');
  process.exit(1);
}

/** Template id of every line of `file` as `logsignal templates --format jsonl` gives it (continuation lines: their record's). */
function cliTemplates(file, lines) {
  const out = execFileSync(process.execPath, [cli, 'templates', '--format', 'jsonl', '--year', String(SAMPLE_YEAR), file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const byLine = new Array(lines + 1).fill(undefined);
  for (const l of out.split('\n'))
    if (l) {
      const r = JSON.parse(l);
      byLine[r.line] = r.templateId;
    }
  for (let i = 1; i <= lines; i++) if (byLine[i] === undefined) byLine[i] = byLine[i - 1] ?? 'none';
  return byLine.slice(1);
}

const mined = (texts) => {
  const miner = new TemplateMiner();
  return texts.map((t) => miner.add(t).id);
};
/** The message as the CLI read it before the layout inference: the line after a leading timestamp. */
const beforeInference = (lines) => {
  const reader = new TextLineReader(new YearlessDates({ year: SAMPLE_YEAR }));
  const e = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
  return lines.map((l) => {
    reader.read(l, e);
    return e.message;
  });
};
const f = (x) => x.toFixed(3);
const avg = (rows, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;

function loghub() {
  if (!existsSync(dataDir)) {
    console.log(`quality-layout: loghub samples not found at ${dataDir}; part 1 skipped (pass --data <dir> or set LOGHUB_DIR).`);
    return;
  }
  const rows = [];
  for (const name of SETS) {
    const log = join(dataDir, name, `${name}_2k.log`);
    const sample = existsSync(log) ? loghubStructured(name, dataDir) : null;
    if (sample === null) {
      console.log(`quality-layout: ${name} missing; skipped.`);
      continue;
    }
    const { eventIds: truth, content } = sample;
    const raw = readFileSync(log, 'utf8')
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .slice(0, truth.length);
    rows.push({
      name,
      lines: truth.length,
      cli: groupingAccuracy(cliTemplates(log, truth.length), truth),
      message: groupingAccuracy(mined(content), truth),
      rawLine: groupingAccuracy(mined(raw), truth),
      before: groupingAccuracy(mined(beforeInference(raw)), truth),
    });
  }
  if (rows.length === 0) return;
  console.log('\n### Grouping accuracy: `logsignal templates` on raw lines vs the message column (loghub 2k, truth EventId)\n');
  console.log('| Data set | Lines | `logsignal templates` (raw lines, layout inferred) | Miner on the message column | Difference | Before: line after its timestamp | Miner on whole raw lines |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.lines} | ${f(r.cli)} | ${f(r.message)} | ${f(r.cli - r.message)} | ${f(r.before)} | ${f(r.rawLine)} |`);
  console.log(
    `| **Average** | | **${f(avg(rows, 'cli'))}** | **${f(avg(rows, 'message'))}** | **${f(avg(rows, 'cli') - avg(rows, 'message'))}** | ${f(avg(rows, 'before'))} | ${f(avg(rows, 'rawLine'))} |`,
  );
}

function heldOut() {
  const n = Number(values.lines);
  const tmp = mkdtempSync(join(tmpdir(), 'logsignal-layouts-'));
  const rows = [];
  try {
    for (const layout of LAYOUTS) {
      const samples = sampleLines(layout, n, 1234);
      const file = join(tmp, `${layout.name}.log`);
      writeFileSync(file, `${samples.map((s) => s.line).join('\n')}\n`);
      const truth = samples.map((s) => String(s.kind));
      const report = join(tmp, `${layout.name}.json`);
      execFileSync(process.execPath, [cli, 'scan', '--quiet', '--no-progress', '--year', String(SAMPLE_YEAR), '--json-report', report, file]);
      const span = JSON.parse(readFileSync(report, 'utf8')).timeSpan;
      const spanRight = span !== null && span.start === samples[0].time && span.end === samples[samples.length - 1].time;
      rows.push({
        name: layout.name,
        cli: groupingAccuracy(cliTemplates(file, n), truth),
        message: groupingAccuracy(mined(samples.map((s) => s.message)), truth),
        rawLine: groupingAccuracy(mined(samples.map((s) => s.line)), truth),
        before: groupingAccuracy(mined(beforeInference(samples.map((s) => s.line))), truth),
        span: spanRight,
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n### Held-out: synthetic layouts (bench/layout-samples.js, ${n} lines each, seed 1234)\n`);
  console.log('| Layout | `logsignal templates` (raw lines) | Miner on the messages | Difference | Before: line after its timestamp | Time span right |');
  console.log('|---|---:|---:|---:|---:|:---:|');
  for (const r of rows) console.log(`| ${r.name} | ${f(r.cli)} | ${f(r.message)} | ${f(r.cli - r.message)} | ${f(r.before)} | ${r.span ? 'yes' : 'NO'} |`);
  console.log(
    `| **Average** | **${f(avg(rows, 'cli'))}** | **${f(avg(rows, 'message'))}** | **${f(avg(rows, 'cli') - avg(rows, 'message'))}** | ${f(avg(rows, 'before'))} | ${rows.filter((r) => r.span).length}/${rows.length} |`,
  );
}

loghub();
heldOut();
