// Cost per line of the template miner and the template detectors as the number of live templates
// grows, as ratios measured in one run (timings on a shared machine are noisy; ratios are not).
//
//   node bench/templates-scaling.js [--lines 20000] [--rounds 3] [--passes 3]   (also run by `npm run bench`)
//
// Each row also shows the peak RSS of its process (the largest of its passes).
// Rows: TemplateMiner.add on lines that share their first token and length (one crowded leaf), with
// 100, 5,000 and 50,000 live templates; on a stream of unique messages at a 100 and a 5,000-template
// cap, by default (each line seen once: answered unadmitted, nothing created or evicted) and with
// `admitAfter: 1` (every line creates a template and evicts one); StatRule.templateRate on that unique stream.
// Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { StatRule, TemplateMiner } from '../dist/index.js';
import { mulberry32 } from './records.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A word of letters only (never masked) naming `n` at position `pos`: distinct per (n, pos). */
function word(n, pos) {
  let s = LETTERS[pos % 26];
  let x = n;
  do {
    s += LETTERS[x % 26];
    x = Math.floor(x / 26);
  } while (x > 0);
  return s;
}
/** Line of template `t` (first token `request`, six tokens), with a varying number as the last token. */
const line = (t, v) => Buffer.from(`request ${word(t, 1)} ${word(t, 2)} ${word(t, 3)} ${word(t, 4)} ${v}`).toString();

/**
 * A miner holding `live` templates of one leaf, and streams of lines of them (uniformly drawn). Each
 * round takes new lines (their last token differs from every earlier round's), as an application
 * writes them: a round repeating the last one's lines would meet the miner's cache of recent lines
 * (LineCache) at some sizes and not at others, which is not what these rows compare.
 */
function crowdedLeaf(live, lines) {
  const miner = new TemplateMiner({ maxClusters: Math.max(live, 5000) });
  for (let t = 0; t < live; t++) miner.add(line(t, t));
  if (miner.size !== live) throw new Error(`templates-scaling: expected ${live} templates, got ${miner.size}`);
  const rnd = mulberry32(live);
  let round = 0;
  const next = () => {
    const base = 1_000_000 * ++round;
    return Array.from({ length: lines }, (_, i) => line(Math.floor(rnd() * live), base + i));
  };
  return { run: () => timeLoop(next(), (m) => miner.add(m)) };
}

/** Unique messages: every one a new template (4-9 words, first token shared). */
function uniqueStream(lines, seed) {
  const rnd = mulberry32(seed);
  return Array.from({ length: lines }, () => {
    const n = 4 + Math.floor(rnd() * 6);
    const words = ['event'];
    for (let k = 1; k < n; k++) words.push(word(Math.floor(rnd() * 1e9), k));
    return Buffer.from(words.join(' ')).toString();
  });
}

/** A miner at its `cap` on unique messages (with `admitAfter` 1 every line creates a template and evicts one). */
function uniqueAtCap(cap, lines, admitAfter) {
  const miner = new TemplateMiner({ maxClusters: cap, admitAfter });
  for (const m of uniqueStream(cap + 1000, 1)) miner.add(m);
  let seed = 2;
  return { run: () => timeLoop(uniqueStream(lines, seed++), (m) => miner.add(m)) };
}

/** templateRate with its own miner, both at `cap` templates, on unique messages one per 10 ms. */
function rateAtCap(cap, lines) {
  const det = StatRule.templateRate({ maxTemplates: cap, minerOptions: { maxClusters: cap } });
  const out = [];
  const ev = { time: 0, severityNumber: 9, severityText: 'INFO', message: '', attributes: {}, eventName: '' };
  let time = 0;
  const feed = (m) => {
    ev.time = time += 10;
    ev.message = m;
    det.observe(ev, out);
    out.length = 0;
  };
  for (const m of uniqueStream(cap + 1000, 3)) feed(m);
  let seed = 4;
  return { run: () => timeLoop(uniqueStream(lines, seed++), feed) };
}

/** CPU time per line (process.cpuUsage: on a shared machine wall time also counts the time others hold the core). */
function timeLoop(stream, fn) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < stream.length; i++) fn(stream[i]);
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1000) / stream.length;
}

const CASES = [
  ['TemplateMiner.add, 100 live templates (one leaf)', (n) => crowdedLeaf(100, n), 0],
  ['TemplateMiner.add, 5,000 live templates (one leaf)', (n) => crowdedLeaf(5000, n), 0],
  ['TemplateMiner.add, 50,000 live templates (one leaf)', (n) => crowdedLeaf(50_000, n), 0],
  ['TemplateMiner.add, unique messages, 100-template cap', (n) => uniqueAtCap(100, n), 3],
  ['TemplateMiner.add, unique messages, 5,000-template cap', (n) => uniqueAtCap(5000, n), 3],
  ['TemplateMiner.add, unique messages, 100-template cap, admitAfter 1 (create and evict)', (n) => uniqueAtCap(100, n, 1), 5],
  ['TemplateMiner.add, unique messages, 5,000-template cap, admitAfter 1', (n) => uniqueAtCap(5000, n, 1), 5],
  ['templateRate, unique messages, 100-template caps', (n) => rateAtCap(100, n), 7],
  ['templateRate, unique messages, 5,000-template caps', (n) => rateAtCap(5000, n), 7],
];

/** One case in this process: set up, a warm-up round, then the fastest of `rounds`. */
function measureCase(i, lines, rounds) {
  const c = CASES[i][1](lines);
  c.run();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) best = Math.min(best, c.run());
  return best;
}

/**
 * Each case in its own node process (one case's heap must not slow another's collections), the
 * fastest of `rounds` timed rounds after a warm-up, in `passes` passes; ratios to the case's reference row.
 */
export function templatesScaling(lines = 20_000, rounds = 3, passes = 3) {
  const best = CASES.map(() => Infinity);
  const rss = CASES.map(() => 0);
  // passes over all rows, one process per row each time, so a load spike on a shared machine hits
  // one pass of a row, not a row: the fastest of all is kept
  for (let p = 0; p < passes; p++) {
    CASES.forEach((_, i) => {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', String(i), '--lines', String(lines), '--rounds', String(rounds)], { encoding: 'utf8' });
      const [ns, maxRss] = out.trim().split('\n').pop().split(' ').map(Number);
      best[i] = Math.min(best[i], ns);
      rss[i] = Math.max(rss[i], maxRss);
    });
  }
  console.log(
    `\n### Template cost per line against live templates (node ${process.version}, ${lines.toLocaleString('en')} lines, fastest of ${passes} passes x ${rounds} rounds, one process per row and pass, CPU time)\n`,
  );
  console.log('| case | ns/line | ratio to its first row (100 templates) | peak RSS |\n|---|---:|---:|---:|');
  CASES.forEach(([name, , ref], i) => {
    const ratio = i === ref ? '1.00' : `${(best[i] / best[ref]).toFixed(2)}`;
    console.log(`| ${name} | ${best[i].toFixed(0)} | ${ratio} | ${(rss[i] / 2 ** 20).toFixed(0)} MiB |`);
  });
  return CASES.map(([name], i) => [name, best[i]]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { lines: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' }, passes: { type: 'string', default: '3' }, case: { type: 'string' } },
  });
  // the child prints its CPU ns per line and its peak RSS in bytes
  if (values.case !== undefined) console.log(measureCase(Number(values.case), Number(values.lines), Number(values.rounds)), process.resourceUsage().maxRSS * 1024);
  else templatesScaling(Number(values.lines), Number(values.rounds), Number(values.passes));
}
