import { DiagLogLevel, ROOT_CONTEXT, diag, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LogSignalProcessor, SignalLogRecord, TemplateMiner } from '../../src/index.js';
import { type OtlpReceiver, type ReceivedLogRecord, startOtlpReceiver } from '../../src/testing/index.js';
import { logs } from '../helpers/otel-logs.js';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const spanCtx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'eee19b7ec3c1b174', traceFlags: 1 });

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(() => {
  receiver.records.length = 0;
  logs.disable();
  diag.disable();
});

const exporting = () => new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: receiver.url }) });
// In record-time order: a SimpleLogRecordProcessor exports each record in a request of its own, and
// requests arrive in any order.
const byTime = (a: ReceivedLogRecord, b: ReceivedLogRecord) => {
  const x = BigInt(a.timeUnixNano || 0);
  const y = BigInt(b.timeUnixNano || 0);
  return x < y ? -1 : x > y ? 1 : 0;
};
const signals = () => receiver.records.filter((r) => r.scope === 'logsignal').sort(byTime);
const appRecords = () => receiver.records.filter((r) => r.scope !== 'logsignal').sort(byTime);

/** Collects diag messages by level. */
function captureDiag(): { warn: string[]; error: string[] } {
  const seen = { warn: [] as string[], error: [] as string[] };
  diag.setLogger({ error: (m) => seen.error.push(m), warn: (m) => seen.warn.push(m), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  return seen;
}

async function close(provider: LoggerProvider): Promise<void> {
  await provider.forceFlush();
  await provider.shutdown();
}

describe('signal records registered first: bind(), or counted as dropped', () => {
  it('bind(provider): signal records reach the exporter registered after logsignal, with no global provider', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'] });
    const provider = processor.bind(new LoggerProvider({ processors: [processor, exporting()] }));
    const log = provider.getLogger('checkout');
    log.emit({ timestamp: T0, severityNumber: 9, body: 'order 1 placed' });
    log.emit({ timestamp: T0 + 1, severityNumber: 17, body: 'ERROR payment gateway timeout', context: spanCtx });
    await close(provider);
    expect(appRecords()).toHaveLength(2);
    const trigger = appRecords().find((r) => r.body === 'ERROR payment gateway timeout')!;
    expect(trigger.attributes['logsignal.anomaly']).toBe(true);
    const uid = trigger.attributes['log.record.uid'];
    expect(uid).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(signals()).toHaveLength(1);
    expect(signals()[0]).toMatchObject({ eventName: 'logsignal.signal', traceId: TRACE_ID, body: "Keyword 'ERROR' detected" });
    expect(signals()[0].attributes).toMatchObject({ 'logsignal.record.uid': uid, 'logsignal.record.text': 'ERROR payment gateway timeout' });
    expect(processor.stats).toMatchObject({ records: 2, signals: 1, dropped: 0 });
  });

  it('keeps a log.record.uid the triggering record already has, and cuts the copied text to 500 characters', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'] });
    const provider = processor.bind(new LoggerProvider({ processors: [processor, exporting()] }));
    provider.getLogger('x').emit({ timestamp: T0, severityNumber: 17, body: `ERROR ${'y'.repeat(2000)}`, attributes: { 'log.record.uid': 'app-uid-1' } });
    await close(provider);
    expect(appRecords()[0].attributes['log.record.uid']).toBe('app-uid-1');
    expect(signals()[0].attributes['logsignal.record.uid']).toBe('app-uid-1');
    expect((signals()[0].attributes['logsignal.record.text'] as string).length).toBe(500);
  });

  it('no next, no bind, no global provider: warns once through diag and counts the signals as dropped, not sent', async () => {
    const seen = captureDiag();
    const processor = new LogSignalProcessor({ rules: ['ERROR'], cooldown: 0 });
    const provider = new LoggerProvider({ processors: [processor, exporting()] });
    const log = provider.getLogger('x');
    for (let i = 0; i < 3; i++) log.emit({ timestamp: T0 + i, severityNumber: 17, body: `ERROR ${i}` });
    await close(provider);
    expect(appRecords()).toHaveLength(3);
    expect(signals()).toHaveLength(0);
    expect(processor.stats).toMatchObject({ records: 3, signals: 0, dropped: 3 });
    const warnings = seen.warn.filter((m) => m.includes('could not be delivered'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('processor.bind(provider)');
  });

  it('a global provider registered later is used from then on', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'], cooldown: 0 });
    const provider = new LoggerProvider({ processors: [processor, exporting()] });
    const log = provider.getLogger('x');
    log.emit({ timestamp: T0, severityNumber: 17, body: 'ERROR before' });
    logs.setGlobalLoggerProvider(provider);
    log.emit({ timestamp: T0 + 1, severityNumber: 17, body: 'ERROR after' });
    await close(provider);
    expect(processor.stats).toMatchObject({ signals: 1, dropped: 1 });
    expect(signals()).toHaveLength(1);
  });
});

describe('signal records are known by identity, not by eventName', () => {
  it("analyses an application's record that calls itself 'logsignal.signal'", async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'] });
    const provider = processor.bind(new LoggerProvider({ processors: [processor, exporting()] }));
    provider.getLogger('forger').emit({ timestamp: T0, eventName: 'logsignal.signal', severityNumber: 17, body: 'ERROR hidden in a fake signal' });
    await close(provider);
    expect(processor.stats.records).toBe(1);
    expect(appRecords()[0].attributes['logsignal.anomaly']).toBe(true);
    expect(signals()).toHaveLength(1);
  });

  it('its own signal records are not analysed again, by itself or by a second processor in the chain', async () => {
    const first = new LogSignalProcessor({ rules: ['ERROR', 'Keyword'] });
    const second = new LogSignalProcessor({ rules: ['Keyword'] });
    const provider = first.bind(new LoggerProvider({ processors: [first, second, exporting()] }));
    provider.getLogger('x').emit({ timestamp: T0, severityNumber: 17, body: 'ERROR disk full' });
    await close(provider);
    // The signal record's body is "Keyword 'ERROR' detected": analysing it would raise more signals.
    expect(first.stats).toMatchObject({ records: 1, signals: 1 });
    expect(second.stats.records).toBe(1);
    expect(signals()).toHaveLength(1);
  });

  it("a SignalLogRecord an application builds itself is analysed; the wrapping processor's own are not", async () => {
    const inner = new LogSignalProcessor({ rules: ['Keyword'], next: [exporting()] });
    const outer = new LogSignalProcessor({ rules: ['ERROR'], next: [inner] });
    const provider = new LoggerProvider({ processors: [outer] });
    let resource: ConstructorParameters<typeof SignalLogRecord>[1] | undefined;
    const seeResource = { onEmit: (r: { resource: typeof resource }) => void (resource = r.resource), forceFlush: async () => {}, shutdown: async () => {} };
    new LoggerProvider({ processors: [seeResource] }).getLogger('x').emit({ body: 'x' });
    provider.getLogger('x').emit({ timestamp: T0, severityNumber: 17, body: 'ERROR disk full' });
    const built = new SignalLogRecord({ detector: 'app', name: 'app', kind: 'rule', severity: 'low', message: "Keyword 'x' made by the app", time: T0, evidence: {} }, resource!, undefined, T0, 0);
    inner.onEmit(built);
    await close(provider);
    expect(inner.stats.records).toBe(2); // the application's record and the one it built; not outer's signal record
    expect(built.attributes['logsignal.anomaly']).toBe(true);
  });

  it('wrapping (next): built signal records are not analysed by a wrapped logsignal processor', async () => {
    const inner = new LogSignalProcessor({ rules: ['Keyword'], next: [exporting()] });
    const outer = new LogSignalProcessor({ rules: ['ERROR'], next: [inner] });
    const provider = new LoggerProvider({ processors: [outer] });
    provider.getLogger('x').emit({ timestamp: T0, severityNumber: 17, body: 'ERROR disk full' });
    await close(provider);
    expect(inner.stats.records).toBe(1);
    expect(signals()).toHaveLength(1);
  });
});

describe("the SDK's attribute count limit", () => {
  it('counts and warns once when it drops logsignal attributes, and still delivers the signal record', async () => {
    const seen = captureDiag();
    const processor = new LogSignalProcessor({ rules: ['ERROR'], mode: 'attributes', cooldown: 0 });
    const provider = processor.bind(new LoggerProvider({ processors: [processor, exporting()], logRecordLimits: { attributeCountLimit: 8 } }));
    const full: Record<string, number> = {};
    for (let i = 0; i < 8; i++) full[`app.${i}`] = i;
    const log = provider.getLogger('x');
    log.emit({ timestamp: T0, severityNumber: 17, body: 'ERROR with a full record', attributes: full });
    log.emit({ timestamp: T0 + 1, severityNumber: 17, body: 'ERROR again', attributes: full });
    log.emit({ timestamp: T0 + 2, severityNumber: 17, body: 'ERROR with room' });
    await close(provider);
    expect(processor.stats).toMatchObject({ records: 3, flagged: 3, attributesDropped: 2, signals: 2 });
    const full0 = appRecords().find((r) => r.body === 'ERROR with a full record')!;
    expect(full0.attributes['logsignal.anomaly']).toBeUndefined();
    expect(appRecords().find((r) => r.body === 'ERROR with room')!.attributes['logsignal.anomaly']).toBe(true);
    // 'attributes' mode sends no signal records, except for the records whose tags were dropped.
    expect(signals().map((s) => s.attributes['logsignal.record.text'])).toEqual(['ERROR with a full record', 'ERROR again']);
    expect(seen.warn.filter((m) => m.includes('attribute count limit'))).toHaveLength(1);
  });

  it('counts template attributes the limit drops too', async () => {
    const processor = new LogSignalProcessor({ templates: new TemplateMiner(), next: [exporting()] });
    const provider = new LoggerProvider({ processors: [processor], logRecordLimits: { attributeCountLimit: 2 } });
    const log = provider.getLogger('x');
    log.emit({ timestamp: T0, body: 'user 1 logged in', attributes: { a: 1 } });
    log.emit({ timestamp: T0 + 1, body: 'user 2 logged in' });
    await close(provider);
    expect(processor.stats.attributesDropped).toBe(1);
    expect(appRecords().map((r) => r.attributes['logsignal.template'])).toEqual([undefined, 'user <*> logged in']);
  });
});

describe('lifecycle of wrapped processors', () => {
  it("a wrapped processor's failing forceFlush and shutdown go to diag; ours resolve and the others still run", async () => {
    const seen = captureDiag();
    const calls: string[] = [];
    const failing = {
      onEmit() {},
      forceFlush: async () => {
        throw new Error('flush broke');
      },
      shutdown: () => {
        throw new Error('shutdown broke');
      },
    };
    const healthy = {
      onEmit() {},
      forceFlush: async () => {
        calls.push('flush');
      },
      shutdown: async () => {
        calls.push('shutdown');
      },
    };
    const processor = new LogSignalProcessor({ next: [failing as never, healthy] });
    await expect(processor.forceFlush()).resolves.toBeUndefined();
    await expect(processor.shutdown()).resolves.toBeUndefined();
    expect(calls).toEqual(['flush', 'shutdown']);
    expect(seen.error.filter((m) => m.includes('forceFlush failed') || m.includes('shutdown failed'))).toHaveLength(2);
    expect(processor.stats.errors).toBe(2);
  });
});

describe('template attribute name', () => {
  it("'log.record.template' (the Collector's drain processor name) is one option away; the id stays logsignal.template.id", async () => {
    const processor = new LogSignalProcessor({ templates: new TemplateMiner(), templateAttribute: 'log.record.template', next: [exporting()] });
    const provider = new LoggerProvider({ processors: [processor] });
    provider.getLogger('x').emit({ timestamp: T0, body: 'user 7 logged in' });
    await close(provider);
    const a = appRecords()[0].attributes;
    expect(a['log.record.template']).toBe('user <*> logged in');
    expect(a['logsignal.template']).toBeUndefined();
    expect(a['logsignal.template.id']).toBe('T1');
    expect(() => new LogSignalProcessor({ templateAttribute: '' })).toThrow(/templateAttribute/);
    expect(() => new LogSignalProcessor({ templateAttribute: 'logsignal.template.id' })).toThrow(/templateAttribute/);
  });
});
