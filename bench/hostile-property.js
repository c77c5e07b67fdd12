// The property test of test/otel/hostile-records.test.ts at 1M records (`--records`, default
// 1000000): hostile records (bench/hostile-records.js, the test's generator) through a real
// LoggerProvider with one detector of every kind, and through the SDK alone, in lockstep. Counts
// exceptions reaching the application, records lost (exported by the SDK alone but not with
// logsignal, or the reverse) and records altered beyond logsignal's attributes (body not the one
// emitted, another attribute, severity or time changed). Nothing is kept between records, so memory
// is logsignal's own; peak RSS and time are reported. Exits 1 when any count is not 0.
//
//   node bench/hostile-property.js [--records 1000000] [--seed 7]     (build first: npm run build)
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { parseArgs } from 'node:util';
import * as logsignal from '../dist/index.js';
import { LogSignalProcessor } from '../dist/index.js';
import { everyDetector, HOSTILE_T0, randomRecord } from './hostile-records.js';
import { mulberry32 } from './records.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '7' } } });
const N = Number(values.records);

/** A processor keeping the last record with a `test.seq` handed to it (signal records are counted apart). */
class LastRecord {
  record = undefined;
  others = 0;
  onEmit(r) {
    if (typeof r.attributes['test.seq'] === 'number') this.record = r;
    else this.others++;
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

const isOurs = (k, control) => k.startsWith('logsignal.') || (k === 'log.record.uid' && !(k in control));

/** Why `a` (with logsignal) differs from `b` (SDK alone) beyond logsignal's attributes, or ''. */
function difference(a, b, body) {
  if (a.body !== body || b.body !== body) return 'body';
  if (a.severityNumber !== b.severityNumber || a.severityText !== b.severityText) return 'severity';
  if (String(a.hrTime) !== String(b.hrTime) || a.eventName !== b.eventName) return 'time or event name';
  const ka = Object.keys(a.attributes).filter((k) => !isOurs(k, b.attributes));
  const kb = Object.keys(b.attributes);
  if (ka.length !== kb.length) return 'attribute set';
  for (const k of kb) if (!same(a.attributes[k], b.attributes[k])) return 'attribute value';
  return '';
}

/** Equal attribute values: the same primitive, or arrays / maps (each record has its own copy) of the same items. */
function same(x, y) {
  if (Object.is(x, y)) return true;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
  const kx = Object.keys(x);
  return kx.length === Object.keys(y).length && kx.every((k) => Object.is(x[k], y[k]));
}

diag.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.ERROR);
const controlOut = new LastRecord();
const control = new LoggerProvider({ processors: [controlOut] }).getLogger('hostile');
const seenOut = new LastRecord();
const processor = new LogSignalProcessor({ ...everyDetector(logsignal), mode: 'both', tickInterval: 0, next: [seenOut] });
const provider = new LoggerProvider({ processors: [processor] });
const logger = provider.getLogger('hostile');

const rand = mulberry32(Number(values.seed));
const big = `GET /${'a'.repeat(1 << 20)}`;
const counts = { thrown: 0, lost: 0, altered: 0, exported: 0 };
const altered = new Map();
let analyseMs = 0;
const t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const record = randomRecord(rand, i, big);
  controlOut.record = undefined;
  seenOut.record = undefined;
  try {
    control.emit(record);
  } catch {
    // the SDK alone threw: not logsignal's doing (none seen so far)
  }
  const a0 = process.hrtime.bigint();
  try {
    logger.emit(record);
  } catch {
    counts.thrown++;
  }
  analyseMs += Number(process.hrtime.bigint() - a0) / 1e6;
  const a = seenOut.record;
  const b = controlOut.record;
  if ((a === undefined) !== (b === undefined)) counts.lost++;
  if (a === undefined || b === undefined) continue;
  counts.exported++;
  const why = difference(a, b, record.body);
  if (why !== '') {
    counts.altered++;
    altered.set(why, (altered.get(why) ?? 0) + 1);
  }
  if ((i & 0x3ffff) === 0 && i > 0) process.stderr.write(`${i.toLocaleString('en')} records...\n`);
}
let tickThrew = false;
try {
  processor.tick(HOSTILE_T0 + N * 10 + 3_600_000);
} catch {
  tickThrew = true;
}
await provider.shutdown();
const s = (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1);
console.log(`hostile property, ${N.toLocaleString('en')} records (seed ${values.seed}), one detector of every kind, mode both, Node ${process.version}`);
console.log('| check | count |\n|---|---:|');
console.log(`| exceptions into the application | ${counts.thrown + (tickThrew ? 1 : 0)} |`);
console.log(`| records lost (exported by the SDK alone xor with logsignal) | ${counts.lost} |`);
console.log(`| records altered beyond logsignal's attributes | ${counts.altered}${altered.size > 0 ? ` (${[...altered].map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''} |`);
console.log(`| records exported (the SDK drops negative severities) | ${counts.exported.toLocaleString('en')} |`);
console.log(`| logsignal errors (stats.errors + pipeline.errors) | ${processor.stats.errors + processor.pipeline.errors} |`);
console.log(`| records flagged / signal records sent / dropped | ${processor.stats.flagged.toLocaleString('en')} / ${processor.stats.signals} / ${processor.stats.dropped.toLocaleString('en')} |`);
console.log(
  `\n${s} s in all (generation and the SDK alone included); logsignal pipeline ${((analyseMs * 1e6) / N).toFixed(0)} ns per record; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
console.log(`prototype polluted: ${({}).polluted !== undefined}`);
if (counts.thrown > 0 || tickThrew || counts.lost > 0 || counts.altered > 0 || processor.stats.errors + processor.pipeline.errors > 0 || {}.polluted !== undefined) process.exitCode = 1;
