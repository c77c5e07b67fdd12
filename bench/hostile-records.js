// The hostile log records of the property test (test/otel/hostile-records.test.ts, 20k records) and
// of its 1M-record version (bench/hostile-property.js): random bodies and attributes, binary, 1 MB
// strings, deep nesting, NaN and far-future times, `__proto__` keys, records posing as signal
// records. One generator for both, driven by the caller's seeded PRNG (`rand` gives [0, 1)).

/** Record time of record 0 (each record 10 ms after the one before, but for the odd times). */
export const HOSTILE_T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

const randInt = (rand, n) => Math.floor(rand() * n);

/** A value `depth` levels deep: `{ child, level }` maps or one-item arrays. */
export function nested(depth, array) {
  let v = 'leaf';
  for (let i = 0; i < depth; i++) v = array ? [v] : { child: v, level: i };
  return v;
}

const WORDS = [
  'GET',
  '/api/orders',
  'ERROR',
  'failed',
  "' OR 1=1--",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${jndi:ldap://x/a}',
  'Failed password for root from',
  '10.0.0.1',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '😀',
  '%252e%252e%252f',
  ';'.repeat(50),
];

/** Up to `max` pieces: attack fragments, odd characters, random UTF-16 units (lone surrogates included). */
export function randomString(rand, max) {
  const n = randInt(rand, max);
  let s = '';
  for (let i = 0; i < n; i++) s += rand() < 0.7 ? WORDS[randInt(rand, WORDS.length)] : String.fromCharCode(randInt(rand, 0x10000));
  return s;
}

/** Hostile record `i` (an OTel `LogRecord` to emit; attribute `test.seq` = i). `big` is the 1 MB body shared by 1% of records. */
export function randomRecord(rand, i, big) {
  // mostly random text, and 1% each of 1 MB bodies, deep maps, deep arrays
  const roll = randInt(rand, 100);
  const kind = roll < 3 ? roll : 3 + randInt(rand, 11);
  let body;
  switch (kind) {
    case 0:
      body = big;
      break; // 1 MB
    case 1:
      body = nested(5_000 + randInt(rand, 15_000), false);
      break;
    case 2:
      body = nested(5_000 + randInt(rand, 15_000), true);
      break;
    case 3:
      body = new Uint8Array(Array.from({ length: randInt(rand, 300) }, () => randInt(rand, 256)));
      break;
    case 4:
      body = randInt(rand, 3) === 0 ? undefined : rand() < 0.5 ? null : rand() * 1e308;
      break;
    case 5:
      body = { message: randomString(rand, 20), msg: 42, nested: { deep: nested(50, false) } };
      break;
    default:
      body = randomString(rand, 30);
  }
  const attributes = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": "x", "test.seq": ${i}}`);
  for (let k = randInt(rand, 8); k > 0; k--) {
    const name =
      rand() < 0.3
        ? ['http.request.method', 'url.path', 'url.query', 'client.address', 'user_agent.original', 'http.response.status_code', 'event.outcome', 'user.name'][randInt(rand, 8)]
        : randomString(rand, 3);
    attributes[name] =
      rand() < 0.5 ? randomString(rand, 10) : rand() < 0.5 ? randInt(rand, 600) : rand() < 0.5 ? [randomString(rand, 3), randomString(rand, 3)] : rand() < 0.5 ? NaN : { inner: randomString(rand, 4) };
  }
  if (rand() < 0.05) attributes['client.address'] = 'x'.repeat(20_000 + randInt(rand, 50_000)); // a huge group key
  const times = [HOSTILE_T0 + i * 10, NaN, Date.UTC(2100, 0, 1), -1, HOSTILE_T0 - 86_400_000 * 365 * 30, Number.MAX_SAFE_INTEGER];
  const record = {
    body,
    attributes,
    severityNumber: rand() < 0.9 ? randInt(rand, 25) : rand() < 0.5 ? -5 : 1e9,
    severityText: rand() < 0.5 ? ['ERROR', 'INFO', 'FATAL', '', '\u0000'][randInt(rand, 5)] : undefined,
    timestamp: rand() < 0.9 ? times[0] : times[randInt(rand, times.length)],
  };
  if (rand() < 0.05) record.eventName = 'logsignal.signal'; // posing as one of ours
  return record;
}

/**
 * The processor options of the property test and its 1M-record version: one detector of every kind,
 * one shared miner (also the template attributes' miner). `api` is logsignal's module (src or dist).
 */
export function everyDetector({ Rule, StatRule, Security, TemplateMiner }) {
  const miner = new TemplateMiner();
  return {
    rules: ['ERROR', Rule.level('ERROR'), Rule.spike({ threshold: 20, window: '10s', groupBy: 'client.address' }), Rule.match({ field: 'event.outcome', equals: 'failure' })],
    detectors: [
      StatRule.errorRateZScore({ bucket: '10s' }),
      StatRule.ewma({ bucket: '10s' }),
      StatRule.volume({ bucket: '10s' }),
      StatRule.entropySpike(),
      StatRule.newTemplate({ miner, warmupRecords: 100 }),
      StatRule.templateRate({ miner }),
      Security.injection(),
      Security.bruteForce(),
      Security.scanner(),
    ],
    templates: miner,
  };
}
