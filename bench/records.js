// Realistic synthetic log records for the benchmarks, generated with a seeded PRNG (mulberry32).
// Mix: ~90% INFO, ~8% WARN, ~2% ERROR, a few CRITICAL; 8 message templates with ids, durations,
// hex request ids and client addresses; record time advancing ~1 ms per record (1000 records/s).
//
// Two forms of the same records:
// - `generateParts(n)`: the random parts only (flat strings and numbers), drawn once; `emitBody(p)`
//   and `emitAttributes(p)` build a record's body and attributes from them with template literals,
//   as an application does at each log call. A benchmark that times logging calls these inside its
//   timed loop, so every run pays for fresh (cons-string) bodies as a real app does.
// - `generateRecords(n)`: the same records with body and attributes built once (for benches that
//   time something else than the logging call).

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef'.split('');
/** `n` random hex digits as one flat string (Array.join builds a flat string, as `randomBytes().toString('hex')` would). */
const hex = (rand, n) => {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = HEX[Math.floor(rand() * 16)];
  return out.join('');
};

/**
 * The random parts of `n` records: `{ time, severityNumber, severityText, kind, id, a, b, c, hex,
 * client, status }` (kind 0..7 picks the message template; `a`, `b`, `c` are numbers, `hex` and
 * `client` flat strings).
 */
export function generateParts(n, seed = 42, start = Date.UTC(2026, 10, 24, 0, 0, 0)) {
  const rand = mulberry32(seed);
  const out = new Array(n);
  let t = start;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 2) + 0.5;
    const client = [10, 0, Math.floor(rand() * 4), Math.floor(rand() * 250) + 1].join('.');
    const r = rand();
    const id = Math.floor(rand() * 100000);
    const p = { time: t, severityNumber: 9, severityText: 'INFO', kind: 0, id, a: 0, b: 0, c: 0, hex: '', client, status: 200 };
    if (r < 0.3) {
      p.a = Math.floor(rand() * 300);
      p.hex = hex(rand, 16);
    } else if (r < 0.5) {
      p.kind = 1;
      p.hex = hex(rand, 12);
    } else if (r < 0.65) {
      p.kind = 2;
      p.a = Number((rand() * 100).toFixed(1));
      p.b = id % 16;
      p.c = Math.floor(rand() * 50);
    } else if (r < 0.8) {
      p.kind = 3;
      p.b = id % 8;
      p.c = Math.floor(rand() * 1e6);
    } else if (r < 0.9) {
      p.kind = 4;
      p.b = id % 5;
      p.c = Math.floor(rand() * 40);
    } else if (r < 0.98) {
      p.kind = 5;
      p.severityNumber = 13;
      p.severityText = 'WARN';
      p.status = 429;
      p.a = Math.floor(rand() * 2000) + 500;
      p.hex = hex(rand, 16);
    } else if (r < 0.999) {
      p.kind = 6;
      p.severityNumber = 17;
      p.severityText = 'ERROR';
      p.status = 500;
      p.a = Math.floor(rand() * 5000);
    } else {
      p.kind = 7;
      p.severityNumber = 21;
      p.severityText = 'FATAL';
      p.status = 503;
      p.a = Math.floor(rand() * 100);
    }
    out[i] = p;
  }
  return out;
}

/** A record's body, built now from its parts with a template literal (a fresh cons-string, as an app's log call makes). */
export function emitBody(p) {
  switch (p.kind) {
    case 0:
      return `GET /api/orders/${p.id} completed in ${p.a} ms request_id=${p.hex}`;
    case 1:
      return `User ${p.id} logged in from ${p.client} using session ${p.hex}`;
    case 2:
      return `Cache hit ratio ${p.a.toFixed(1)}% for shard ${p.b} after ${p.c} lookups`;
    case 3:
      return `Published event order.created id=${p.id} partition=${p.b} offset=${p.c}`;
    case 4:
      return `Scheduled job cleanup-${p.b} finished, removed ${p.c} stale sessions`;
    case 5:
      return `Slow query on orders took ${p.a} ms (threshold 500 ms) request_id=${p.hex}`;
    case 6:
      return `ERROR Payment gateway timeout for order ${p.id} after ${p.a} ms, retrying`;
    default:
      return `CRITICAL database pool exhausted (${p.a} waiting)`;
  }
}

/** A record's attributes, built now from its parts (a new object, as an app's log call makes). */
export function emitAttributes(p) {
  return { 'client.address': p.client, 'http.response.status_code': p.status, 'url.path': `/api/orders/${p.id}` };
}

/** `n` records `{ time, severityNumber, severityText, body, attributes }`, built once from {@link generateParts}. */
export function generateRecords(n, seed = 42, start = Date.UTC(2026, 10, 24, 0, 0, 0)) {
  return generateParts(n, seed, start).map((p) => ({ time: p.time, severityNumber: p.severityNumber, severityText: p.severityText, body: emitBody(p), attributes: emitAttributes(p) }));
}

/** The exporter of the benches' bare SDK pipelines: accepts every batch and reads nothing of it. */
export class NoopExporter {
  export(_records, done) {
    done({ code: 0 });
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

/**
 * A processor in front of the batch processor that does no analysis: it hands each record on and,
 * with `readBody`, reads its body's first character first. What any processor in that place costs,
 * and with `readBody` what any detector that reads the message costs at least: the first reader of
 * a body built with a template literal (a rope) flattens it, a copy the bare pipeline with a no-op
 * exporter never makes (a real exporter does, as the reading exporter's rows show).
 */
export const passThrough = (readBody) => (next) => ({
  last: 0,
  onEmit(record, context) {
    if (readBody && typeof record.body === 'string' && record.body.length > 0) this.last = record.body.charCodeAt(0);
    next[0].onEmit(record, context);
  },
  forceFlush: () => next[0].forceFlush(),
  shutdown: () => next[0].shutdown(),
});
