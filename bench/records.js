// Realistic synthetic log records for the benchmarks, generated with a seeded PRNG (mulberry32).
// Mix: ~90% INFO, ~8% WARN, ~2% ERROR, a few CRITICAL; 8 message templates with ids, durations,
// hex request ids and client addresses; record time advancing ~1 ms per record (1000 records/s).

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

const hex = (rand, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
};

/** `n` records `{ time, severityNumber, severityText, body, attributes }`. */
export function generateRecords(n, seed = 42, start = Date.UTC(2026, 10, 24, 0, 0, 0)) {
  const rand = mulberry32(seed);
  const out = new Array(n);
  let t = start;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rand() * 2) + 0.5;
    const client = `10.0.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250) + 1}`;
    const r = rand();
    const id = Math.floor(rand() * 100000);
    let severityNumber = 9;
    let severityText = 'INFO';
    let body;
    let status = 200;
    if (r < 0.3) body = `GET /api/orders/${id} completed in ${Math.floor(rand() * 300)} ms request_id=${hex(rand, 16)}`;
    else if (r < 0.5) body = `User ${id} logged in from ${client} using session ${hex(rand, 12)}`;
    else if (r < 0.65) body = `Cache hit ratio ${(rand() * 100).toFixed(1)}% for shard ${id % 16} after ${Math.floor(rand() * 50)} lookups`;
    else if (r < 0.8) body = `Published event order.created id=${id} partition=${id % 8} offset=${Math.floor(rand() * 1e6)}`;
    else if (r < 0.9) body = `Scheduled job cleanup-${id % 5} finished, removed ${Math.floor(rand() * 40)} stale sessions`;
    else if (r < 0.98) {
      severityNumber = 13;
      severityText = 'WARN';
      status = 429;
      body = `Slow query on orders took ${Math.floor(rand() * 2000) + 500} ms (threshold 500 ms) request_id=${hex(rand, 16)}`;
    } else if (r < 0.999) {
      severityNumber = 17;
      severityText = 'ERROR';
      status = 500;
      body = `ERROR Payment gateway timeout for order ${id} after ${Math.floor(rand() * 5000)} ms, retrying`;
    } else {
      severityNumber = 21;
      severityText = 'FATAL';
      status = 503;
      body = `CRITICAL database pool exhausted (${Math.floor(rand() * 100)} waiting)`;
    }
    out[i] = { time: t, severityNumber, severityText, body, attributes: { 'client.address': client, 'http.response.status_code': status, 'url.path': `/api/orders/${id}` } };
  }
  return out;
}
