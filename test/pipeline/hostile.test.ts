// 20k hostile records (random bodies and attributes, binary, 1 MB strings, deep nesting, NaN and
// far-future times, `__proto__` keys) through a real LoggerProvider with a detector of every kind:
// nothing reaches the application, no record is lost, none is altered beyond logsignal's attributes.
import { diag, type DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import type { AnyValue, LogAttributes, LogRecord } from '@opentelemetry/api-logs';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LogSignalProcessor } from '../../src/otel/log-signal-processor.js';
import { Rule } from '../../src/rules/rule.js';
import { Security } from '../../src/security/index.js';
import { StatRule } from '../../src/stats/stat-rule.js';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { TemplateRule } from '../../src/templates/template-rule.js';
import { mulberry32, randInt } from '../helpers/prng.js';

const N = Number(process.env.HOSTILE_N ?? 20_000);
const T0 = Date.UTC(2026, 0, 1);

function hostileRecords(seed: number): LogRecord[] {
  const rand = mulberry32(seed);
  const big = 'A'.repeat(1 << 20);
  const text = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(rand() < 0.9 ? 32 + randInt(rand, 95) : randInt(rand, 0x10000));
    return s;
  };
  const nested = (depth: number, array: boolean): AnyValue => {
    let v: AnyValue = text(5);
    for (let i = 0; i < depth; i++) v = array ? [v] : { a: v };
    return v;
  };
  const attack = ["/search?q=1' OR '1'='1", '/../../etc/passwd', '<script>alert(1)</script>', '${jndi:ldap://x/a}', '/wp-login.php'];
  const out: LogRecord[] = [];
  for (let i = 0; i < N; i++) {
    const r = rand();
    let body: AnyValue;
    if (r < 0.3) body = `GET ${attack[randInt(rand, attack.length)]} ${text(randInt(rand, 80))} ${i}`;
    else if (r < 0.45) body = text(randInt(rand, 300));
    else if (r < 0.55) body = new Uint8Array(Array.from({ length: randInt(rand, 64) }, () => randInt(rand, 256)));
    else if (r < 0.64) body = nested(randInt(rand, 50), rand() < 0.5);
    else if (r < 0.65) body = nested(10_000 + randInt(rand, 10_000), rand() < 0.5); // deeper than any recursion survives
    else if (r < 0.7) body = { message: rand() < 0.5 ? text(40) : 42, msg: nested(30, false), [text(3)]: [1, 'x', null] } as AnyValue;
    else if (r < 0.72) body = rand() < 0.5 ? big : `${big}${i}`;
    else if (r < 0.8) body = [NaN, Infinity, -0, text(10)] as AnyValue;
    else body = `ERROR user ${randInt(rand, 100)} failed password for root from 10.0.${randInt(rand, 4)}.${randInt(rand, 250)} port 22 ssh2`;
    const attributes = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": "x", "toString": 1}`) as LogAttributes;
    attributes['client.address'] = `10.0.${randInt(rand, 4)}.${randInt(rand, 250)}`;
    attributes['url.path'] = rand() < 0.2 ? attack[randInt(rand, attack.length)] : `/api/${text(10)}`;
    attributes['http.response.status_code'] = [200, 401, 404, 500, NaN][randInt(rand, 5)];
    if (rand() < 0.05) attributes['user_agent.original'] = rand() < 0.05 ? big.slice(0, 70_000) : text(200);
    if (rand() < 0.1) attributes.deep = nested(40, rand() < 0.5);
    const t = rand();
    const timestamp = t < 0.9 ? T0 + i * 10 : t < 0.93 ? Date.UTC(2100, 0, 1) : t < 0.96 ? NaN : t < 0.98 ? -1 : 0;
    out.push({ timestamp, severityNumber: [0, 9, 13, 17, 21, 99, -1][randInt(rand, 7)] as never, severityText: rand() < 0.5 ? 'ERROR' : text(4), body, attributes, eventName: rand() < 0.05 ? text(8) : undefined });
  }
  return out;
}

/** What an exporter would see of a record, snapshotted at export time (attributes copied, logsignal's apart). */
interface Seen {
  body: unknown;
  attributes: Record<string, unknown>;
  severityNumber: unknown;
  timestamp: unknown;
}

function snapshotting(into: Seen[]): LogRecordProcessor {
  return {
    onEmit(r: ReadableLogRecord) {
      if (r.eventName === 'logsignal.signal') return;
      const attributes: Record<string, unknown> = {};
      for (const k of Object.keys(r.attributes)) if (!k.startsWith('logsignal.')) attributes[k] = r.attributes[k];
      into.push({ body: r.body, attributes, severityNumber: r.severityNumber, timestamp: r.hrTime });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

const everyKind = () => {
  const miner = new TemplateMiner();
  return [
    Rule.contains(['ERROR', 'CRITICAL']), Rule.level('ERROR'), Rule.spike({ threshold: 50, window: 10 }), Rule.spike({ threshold: 5, window: 10, groupBy: 'client.address' }),
    StatRule.errorRateZScore(), StatRule.volume(), StatRule.ewma({ metric: { field: 'http.response.status_code' } }), StatRule.entropySpike(),
    TemplateRule.newTemplate({ miner, warmupRecords: 100 }), TemplateRule.templateRate({ miner }),
    Security.injection({ message: 'access-log' }), Security.bruteForce(), Security.scanner(),
  ];
};

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('hostile records through a real LoggerProvider', () => {
  it('nothing thrown into the app, no record lost or altered beyond logsignal.* attributes', () => {
    const errors: unknown[] = [];
    const logger: DiagLogger = { error: (...a: unknown[]) => errors.push(a), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, DiagLogLevel.ERROR);
    restore = () => diag.disable();

    const records = hostileRecords(7);
    const bare: Seen[] = [];
    const bareLogger = new LoggerProvider({ processors: [snapshotting(bare)] }).getLogger('hostile');
    for (const r of records) bareLogger.emit(r);

    const seen: Seen[] = [];
    const processor = new LogSignalProcessor({ detectors: everyKind(), templates: true, tickInterval: 0, next: [snapshotting(seen)] });
    const lsLogger = new LoggerProvider({ processors: [processor] }).getLogger('hostile');
    const thrown: unknown[] = [];
    for (const r of records) {
      try {
        lsLogger.emit(r);
      } catch (err) {
        thrown.push(err);
      }
    }
    expect(() => processor.tick(T0 + N * 10 + 3_600_000)).not.toThrow();
    expect(thrown).toEqual([]);

    expect(seen).toHaveLength(bare.length);
    const altered: number[] = [];
    for (let i = 0; i < seen.length; i++) {
      const a = seen[i];
      const b = bare[i];
      // the same body value (not a copy or a rendering), equal attributes, severity and time
      if (a.body !== b.body || a.severityNumber !== b.severityNumber || !isDeepStrictEqual(a.attributes, b.attributes) || !isDeepStrictEqual(a.timestamp, b.timestamp)) altered.push(i);
    }
    expect(altered).toEqual([]);
    expect(bare.length).toBeGreaterThan(N * 0.8); // the SDK itself drops a few (invalid severities)
    expect(processor.stats.records).toBe(bare.length);
    expect(processor.stats.errors).toBe(0);
    expect(processor.pipeline.errors).toBe(0);
    expect(errors).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(processor.stats.flagged).toBeGreaterThan(0);
  }, 120_000);
});
