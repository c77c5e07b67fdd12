// Template-mining quality on the loghub 2k samples: grouping accuracy (Zhu et al., ICSE-SEIP 2019)
// of TemplateMiner with its default options, against the original ground truth (EventId) and the
// corrected one of loghub-2.0 (grouped by EventTemplate), beside Drain's published figures; template
// text accuracy (the share of lines whose template text equals the ground truth's after collapsing
// repeated `<*>`); and leave-one-out grouping accuracy: for each set, the miner options (a small grid)
// that score best on the other seven, scored on that set; the figure is the average held-out score.
//
//   node bench/quality-templates.js [--data <dir>] [--verbose]     (env LOGHUB_DIR works too)
//
// Needs `npm run build` first. Exits 0 with a message when the data set folder is absent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TemplateMiner } from '../dist/templates/index.js';
import { groupingAccuracy, loghubDir, loghubStructured } from './loghub.js';

const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const dataDir = loghubDir(dataArg >= 0 ? args[dataArg + 1] : undefined);
const verbose = args.includes('--verbose');

/** Drain's published grouping accuracy on these samples (from the data set's README). */
const DRAIN = { BGL: 0.963, HDFS: 0.998, Thunderbird: 0.955, Apache: 1.0, OpenSSH: 0.788, Linux: 0.69, Proxifier: 0.527, Spark: 0.92 };

function main() {
  if (!existsSync(dataDir)) {
    console.log(`quality-templates: loghub samples not found at ${dataDir}; skipped (pass --data <dir> or set LOGHUB_DIR).`);
    return;
  }
  const rows = [];
  for (const name of Object.keys(DRAIN)) {
    const sample = loghubStructured(name, dataDir);
    if (sample === null) {
      console.log(`quality-templates: ${join(dataDir, name, `${name}_2k.log_structured.csv`)} missing; ${name} skipped.`);
      continue;
    }
    const { content, eventIds, corrected } = sample;
    const truthText = corrected ?? sample.templates;
    const miner = new TemplateMiner();
    const predicted = content.map((m) => miner.add(m).id);
    const ga = groupingAccuracy(predicted, eventIds);
    const gaC = corrected === null ? NaN : groupingAccuracy(predicted, corrected);
    const ta = textAccuracy(predicted, truthText, miner);
    rows.push({ name, lines: content.length, ga, gaC, ta, drain: DRAIN[name], templates: miner.size, truth: new Set(eventIds).size, content, eventIds });
    if (verbose) explain(name, content, predicted, eventIds, miner, truthText);
  }
  if (rows.length === 0) {
    console.log('quality-templates: no data set found; skipped.');
    return;
  }
  const f = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));
  console.log('\n### Template mining: grouping accuracy on loghub 2k samples (default options)\n');
  const loo = leaveOneOut(rows);
  console.log(
    '| Data set | Lines | GA (loghub EventId) | GA (corrected, loghub-2.0) | Template text accuracy | GA held out (leave-one-out) | Options tuned on the other seven | Drain (published) | Templates found | True groups |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---|---:|---:|---:|');
  for (const r of rows) {
    const l = loo.get(r.name);
    console.log(`| ${r.name} | ${r.lines} | ${f(r.ga)} | ${f(r.gaC)} | ${f(r.ta)} | ${f(l.score)} | ${l.label} | ${f(r.drain)} | ${r.templates} | ${r.truth} |`);
  }
  const avg = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  const looAvg = [...loo.values()].reduce((s, l) => s + l.score, 0) / loo.size;
  console.log(`| **Average** | | **${f(avg('ga'))}** | **${f(avg('gaC'))}** | **${f(avg('ta'))}** | **${f(looAvg)}** | | ${f(avg('drain'))} | | |`);
  console.log(
    `\nLeave-one-out grouping accuracy (average of the eight held-out scores): ${f(looAvg)}; default options: ${f(avg('ga'))}; template text accuracy (default options, text ground truth of loghub-2.0 where present): ${f(avg('ta'))}.`,
  );
}

/** The option grid searched by the leave-one-out figure. */
const GRID = [];
for (const similarity of [0.4, 0.5, 0.6, 0.7])
  for (const depth of [3, 4]) for (const stableAfter of [0, 50]) for (const splitOnWord of [true, false]) GRID.push({ similarity, depth, stableAfter, splitOnWord });

/** For each set: the grid options that score best on the other sets (ties: grid order), and its score on the held-out set. */
function leaveOneOut(rows) {
  const scores = GRID.map((options) =>
    rows.map((r) => {
      const miner = new TemplateMiner(options);
      return groupingAccuracy(
        r.content.map((m) => miner.add(m).id),
        r.eventIds,
      );
    }),
  );
  const out = new Map();
  rows.forEach((r, held) => {
    let best = 0;
    let bestScore = -1;
    GRID.forEach((_, g) => {
      const train = scores[g].reduce((s, x, i) => (i === held ? s : s + x), 0);
      if (train > bestScore + 1e-12) {
        best = g;
        bestScore = train;
      }
    });
    const o = GRID[best];
    out.set(r.name, { score: scores[best][held], label: `similarity ${o.similarity}, depth ${o.depth}, stableAfter ${o.stableAfter}, splitOnWord ${o.splitOnWord}` });
  });
  return out;
}

/** `<*>` repeated (with or without a space or other joiner) counts once; runs of spaces are one. */
function normaliseTemplate(t) {
  return t
    .replace(/<\*>(?:\s*<\*>)+/g, '<*>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Share of lines whose template text (at the end of the stream) equals the ground truth's, both normalised. */
function textAccuracy(predicted, truth, miner) {
  const text = new Map(miner.templates().map((t) => [t.id, normaliseTemplate(t.template)]));
  let ok = 0;
  predicted.forEach((p, i) => {
    if (text.get(p) === normaliseTemplate(truth[i])) ok++;
  });
  return ok / truth.length;
}

/** --verbose: the true groups that were not recovered, with the predicted templates they went to. */
function explain(name, content, predicted, truth, miner, truthText) {
  const byTruth = new Map();
  truth.forEach((t, i) => {
    let s = byTruth.get(t);
    if (s === undefined) byTruth.set(t, (s = new Map()));
    s.set(predicted[i], (s.get(predicted[i]) ?? 0) + 1);
  });
  const templateOf = new Map(miner.templates().map((t) => [t.id, t.template]));
  console.log(`\n## ${name}: true groups split or merged`);
  for (const [t, preds] of byTruth) {
    const sizes = [...preds.entries()];
    const merged = sizes.some(([p]) => predicted.some((q, i) => q === p && truth[i] !== t));
    if (sizes.length > 1 || merged) {
      const ex = content[truth.indexOf(t)];
      console.log(`- ${t} (${sizes.reduce((s, [, n]) => s + n, 0)} lines${merged ? ', merged with others' : ''}) e.g. ${JSON.stringify(ex.slice(0, 100))}`);
      console.log(`    truth: ${truthText[truth.indexOf(t)]}`);
      for (const [p, n] of sizes.slice(0, 6)) console.log(`    ${n} -> ${p} ${templateOf.get(p)}`);
    }
  }
  console.log(`\n## ${name}: template text differing from the truth (true groups recovered whole)`);
  const shown = new Set();
  predicted.forEach((p, i) => {
    const want = normaliseTemplate(truthText[i]);
    const got = normaliseTemplate(templateOf.get(p));
    if (got !== want && !shown.has(p)) {
      shown.add(p);
      console.log(`- got  ${got}\n  want ${want}`);
    }
  });
}

main();
