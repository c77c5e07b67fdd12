// `node bench/templates-floor.js`: what TemplateMiner.add() costs per line against the floors of any exact miner on the
// same lines, in one process: reading every character once (a charCodeAt loop), one pass that splits on spaces and
// hashes each token into typed arrays (what the tokenizer does before it classifies anything), Tokenizer.tokenize, and
// add() on a warm miner. Streams: the scan's messages (bench/generate-log.js, the text after the time and level) as flat
// strings and as slices of one decoded chunk (how the scan hands them on), and bench/records.js bodies as flat strings
// and as fresh cons-strings built at the call (how an application logs; the "build" row is the cost of building them,
// included in every row of that stream). Chunks of 1,000 lines, the rows in rotating order, the CPU time of each chunk
// (process.cpuUsage, so other work on a loaded machine counts less), medians over --rounds rounds.
//
//   node bench/templates-floor.js [--lines 100000] [--rounds 5]
//
// Needs `npm run build` first.
import { parseArgs } from 'node:util';
import { TemplateMiner } from '../dist/templates/index.js';
import { Masking } from '../dist/templates/masking.js';
import { TokenBuffer, Tokenizer } from '../dist/templates/tokenize.js';
import { appLines } from './generate-log.js';
import { emitBody, generateParts } from './records.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' } } });
const N = Number(values.lines);
const ROUNDS = Number(values.rounds);
const CHUNK = 1000;

const app = [...appLines(N)];
const chunk = Buffer.from(app.join('\n')).toString();
const scanSliced = [];
for (let i = 0, p = 0; i < app.length; p += app[i].length + 1, i++) scanSliced.push(chunk.slice(p + 31, p + app[i].length));
const scanFlat = scanSliced.map((s) => Buffer.from(s).toString());
const parts = generateParts(N);
const bodiesFlat = parts.map((p) => Buffer.from(emitBody(p)).toString());

const starts = new Int32Array(4096);
const hashes = new Float64Array(4096);
const tokenizer = new Tokenizer(new Masking(undefined, 'masking'), '', 4096);
const buf = new TokenBuffer(100);

/** Each row: (line) => a number, so nothing is optimised away. */
const ROWS = {
  'read every character': (s) => {
    let a = 0;
    for (let i = 0; i < s.length; i++) a = (a + s.charCodeAt(i)) | 0;
    return a;
  },
  'split on spaces, FNV-1a per token, typed arrays': (s) => {
    let k = 0;
    let h = 0x811c9dc5 | 0;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 32) {
        starts[k] = start;
        hashes[k++] = (h >>> 0) + 1;
        h = 0x811c9dc5 | 0;
        start = i + 1;
      } else h = Math.imul(h ^ c, 0x01000193);
    }
    hashes[k] = (h >>> 0) + 1;
    return k;
  },
  'Tokenizer.tokenize': (s) => {
    tokenizer.tokenize(s, buf);
    return buf.count;
  },
};

const STREAMS = [
  ['scan messages, flat', (i) => scanFlat[i], false],
  ['scan messages, sliced from one chunk', (i) => scanSliced[i], false],
  ['records bodies, flat', (i) => bodiesFlat[i], false],
  ['records bodies, fresh cons-strings', (i) => emitBody(parts[i]), true],
];

const cpuNs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`TemplateMiner.add() against its floors: ${N.toLocaleString('en')} lines x ${ROUNDS} rounds, chunks of ${CHUNK}, Node ${process.version} (CPU ns per line, median chunk)\n`);
console.log('| stream | build | read every character | split + hash | tokenize | add() | tokenize / add() |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, line, built] of STREAMS) {
  const miner = new TemplateMiner();
  for (let i = 0; i < N; i++) miner.add(line(i)); // warm: every template learned
  const rows = [...(built ? [['build', (s) => s.length]] : []), ...Object.entries(ROWS), ['add()', (s) => miner.add(s).count]];
  const times = rows.map(() => []);
  let sink = 0;
  for (let r = 0; r <= ROUNDS; r++) {
    for (let c = 0, k = 0; c < N; c += CHUNK, k++) {
      const end = Math.min(N, c + CHUNK);
      for (let q = 0; q < rows.length; q++) {
        const j = (q + k) % rows.length;
        const f = rows[j][1];
        const t0 = cpuNs();
        for (let i = c; i < end; i++) sink += f(line(i));
        if (r > 0) times[j].push((cpuNs() - t0) / (end - c));
      }
    }
  }
  const m = times.map(median);
  const at = (label) => m[rows.findIndex(([l]) => l === label)];
  const cell = (label) => (rows.some(([l]) => l === label) ? at(label).toFixed(0) : '');
  const tok = at('Tokenizer.tokenize');
  const add = at('add()');
  console.log(
    `| ${name} | ${cell('build')} | ${cell('read every character')} | ${cell('split on spaces, FNV-1a per token, typed arrays')} | ${tok.toFixed(0)} | ${add.toFixed(0)} | ${(tok / add).toFixed(2)} |`,
  );
  if (sink === 0.5) console.log(''); // (read, so the rows' work is not optimised away)
}
