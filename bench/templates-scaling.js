// Cost per line of the template miner and the template detectors as the number of live templates
// grows, as ratios measured in one run (timings on a shared machine are noisy; ratios are not).
//
//   node bench/templates-scaling.js [--lines 20000]          (also run by `npm run bench`)
//
// Rows: TemplateMiner.add on lines that share their first token and length (one crowded leaf), with
// 100, 5,000 and 50,000 live templates; and on a stream of unique messages at the 5,000-template cap
// (every line creates a template and evicts one); StatRule.templateRate on that unique stream.
// Needs `npm run build` first.
import { parseArgs } from 'node:util';
import { StatRule, TemplateMiner } from '../dist/index.js';

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

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ns per `add` of lines of `live` existing templates (all in one leaf), after learning them. */
function minerAtLive(live, lines) {
  const miner = new TemplateMiner({ maxClusters: Math.max(live, 5000) });
  for (let t = 0; t < live; t++) miner.add(line(t, t));
  const rnd = mulberry32(live);
  const stream = Array.from({ length: lines }, (_, i) => line(Math.floor(rnd() * live), i));
  // three passes over the stream, the median one (the first also warms the JIT up)
  const passes = [];
  for (let p = 0; p < 3; p++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < lines; i++) miner.add(stream[i]);
    passes.push(Number(process.hrtime.bigint() - t0) / lines);
  }
  const ns = passes.sort((a, b) => a - b)[1];
  if (miner.size !== live) throw new Error(`templates-scaling: expected ${live} templates, got ${miner.size}`);
  return ns;
}

/** Unique messages: every one a new template (4-9 words, first token shared). */
function uniqueStream(lines, seed) {
  const rnd = mulberry32(seed);
  return Array.from({ length: lines }, (_, i) => {
    const n = 4 + Math.floor(rnd() * 6);
    const words = ['event'];
    for (let k = 1; k < n; k++) words.push(word(Math.floor(rnd() * 1e9), k));
    return Buffer.from(words.join(' ')).toString();
  });
}

/** ns per `add` on unique messages once the miner holds its 5,000-template cap. */
function minerUnique(lines) {
  const miner = new TemplateMiner();
  for (const m of uniqueStream(6000, 1)) miner.add(m);
  const stream = uniqueStream(lines, 2);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < lines; i++) miner.add(stream[i]);
  return Number(process.hrtime.bigint() - t0) / lines;
}

/** ns per record of templateRate (own miner at its cap) on unique messages, one record per 10 ms. */
function rateUnique(lines, maxTemplates) {
  const det = StatRule.templateRate({ maxTemplates });
  const out = [];
  const ev = { time: 0, severityNumber: 9, severityText: 'INFO', message: '', attributes: {}, eventName: '' };
  let time = 0;
  for (const m of uniqueStream(6000, 3)) {
    ev.time = time += 10;
    ev.message = m;
    det.observe(ev, out);
  }
  const stream = uniqueStream(lines, 4);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < lines; i++) {
    ev.time = time += 10;
    ev.message = stream[i];
    det.observe(ev, out);
    out.length = 0;
  }
  return Number(process.hrtime.bigint() - t0) / lines;
}

/** Run every row once (after a short warm-up) and print a table with ratios to the 100-template row. */
export function templatesScaling(lines = 20_000) {
  minerAtLive(100, lines); // warm-up
  const base = minerAtLive(100, lines);
  const rows = [
    ['TemplateMiner.add, 100 live templates (one leaf)', base],
    ['TemplateMiner.add, 5,000 live templates (one leaf)', minerAtLive(5000, lines)],
    ['TemplateMiner.add, 50,000 live templates (one leaf)', minerAtLive(50_000, lines)],
    ['TemplateMiner.add, unique messages at the 5,000 cap', minerUnique(lines)],
    ['templateRate, unique messages, miner at its 5,000 cap', rateUnique(lines, 5000)],
  ];
  console.log(`\n### Template cost per line against live templates (node ${process.version}, ${lines.toLocaleString('en')} lines per row, one run)\n`);
  console.log('| case | ns/line | x the 100-template row |\n|---|---:|---:|');
  for (const [name, ns] of rows) console.log(`| ${name} | ${ns.toFixed(0)} | ${(ns / base).toFixed(2)} |`);
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { lines: { type: 'string', default: '20000' } } });
  templatesScaling(Number(values.lines));
}
