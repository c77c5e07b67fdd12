import { ROOT_CONTEXT, diag, trace, type DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import { logs } from '../helpers/otel-logs.js';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { BatchLogRecordProcessor, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LogSignalProcessor, Rule, StatRule, TemplateMiner, type Detector } from '../../src/index.js';
import { type OtlpReceiver, type ReceivedLogRecord, startOtlpReceiver } from '../../src/testing/index.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const spanCtx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

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

function exporter(): OTLPLogExporter {
  return new OTLPLogExporter({ url: receiver.url });
}

function emitMix(provider: LoggerProvider): void {
  const log = provider.getLogger('checkout', '1.0.0');
  log.emit({ timestamp: T0, severityNumber: 9, severityText: 'INFO', body: 'order 1 placed', attributes: { 'order.id': 1 } });
  log.emit({ timestamp: T0 + 1000, severityNumber: 17, severityText: 'ERROR', body: 'ERROR payment gateway timeout', attributes: { 'order.id': 2 }, context: spanCtx });
  log.emit({ timestamp: T0 + 2000, severityNumber: 9, severityText: 'INFO', body: { message: 'order 3 placed', amount: 12.5 } });
}

// In record-time order: a SimpleLogRecordProcessor exports each record in a request of its own (a
// batch processor's flush may export several batches at once), and requests arrive in any order.
const byTime = (a: ReceivedLogRecord, b: ReceivedLogRecord) => {
  const x = BigInt(a.timeUnixNano || 0);
  const y = BigInt(b.timeUnixNano || 0);
  return x < y ? -1 : x > y ? 1 : 0;
};
const signals = () => receiver.records.filter((r) => r.eventName === 'logsignal.signal').sort(byTime);
const appRecords = () => receiver.records.filter((r) => r.eventName !== 'logsignal.signal').sort(byTime);

describe('LogSignalProcessor through the real OTLP/HTTP exporter', () => {
  it('wrapping export processors (next): tags flagged records, leaves others as they were, emits signal events with trace context', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'], next: [new SimpleLogRecordProcessor({ exporter: exporter() })] });
    const provider = new LoggerProvider({ processors: [processor] });
    emitMix(provider);
    await provider.forceFlush();
    await provider.shutdown();

    const app = appRecords();
    expect(app.map((r) => r.body)).toEqual(['order 1 placed', 'ERROR payment gateway timeout', { message: 'order 3 placed', amount: 12.5 }]);
    expect(app[0].attributes).toEqual({ 'order.id': 1 });
    expect(app[2].attributes).toEqual({});
    expect(app[1].attributes).toMatchObject({
      'order.id': 2,
      'logsignal.anomaly': true,
      'logsignal.detectors': ['keyword_match'],
      'logsignal.severity': 'medium',
      'logsignal.kinds': ['rule'],
    });
    expect(app[1].traceId).toBe(TRACE_ID);

    const sig = signals();
    expect(sig).toHaveLength(1);
    expect(sig[0]).toMatchObject({
      scope: 'logsignal',
      severityText: 'WARN',
      severityNumber: 13,
      body: "Keyword 'ERROR' detected",
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      timeUnixNano: String(BigInt(T0 + 1000) * 1_000_000n),
    });
    expect(sig[0].attributes).toMatchObject({
      'logsignal.detector': 'keyword_match',
      'logsignal.kind': 'rule',
      'logsignal.severity': 'medium',
      'logsignal.evidence.keyword': 'ERROR',
    });
    expect(receiver.records).toHaveLength(4);
  });

  it('registered first (no next): the exporter registered after it sees the tags; signals go through the global logger once', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'] });
    const provider = new LoggerProvider({ processors: [processor, new SimpleLogRecordProcessor({ exporter: exporter() })] });
    logs.setGlobalLoggerProvider(provider);
    emitMix(provider);
    await provider.forceFlush();
    await provider.shutdown();
    const app = appRecords();
    expect(app).toHaveLength(3);
    expect(app[1].attributes['logsignal.anomaly']).toBe(true);
    // The signal record's own message contains "ERROR": it must not be analysed again (no recursion).
    expect(signals()).toHaveLength(1);
    expect(signals()[0].traceId).toBe(TRACE_ID);
    expect(processor.stats.records).toBe(3);
  });

  it('registered after an exporting processor, the tags never reach the wire (why the order rule exists)', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR'], mode: 'attributes' });
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: exporter() }), processor] });
    emitMix(provider);
    await provider.forceFlush();
    await provider.shutdown();
    expect(appRecords()[1].attributes['logsignal.anomaly']).toBeUndefined();
  });

  it('wraps a BatchLogRecordProcessor: nothing lost, no duplicates', async () => {
    const processor = new LogSignalProcessor({
      rules: [Rule.spike({ threshold: 5, window: '10s' })],
      next: [new BatchLogRecordProcessor({ exporter: exporter(), maxExportBatchSize: 64, scheduledDelayMillis: 60_000 })],
    });
    const provider = new LoggerProvider({ processors: [processor] });
    const log = provider.getLogger('svc');
    for (let i = 0; i < 200; i++) log.emit({ timestamp: T0 + i * 100, severityNumber: 9, body: `request ${i}` });
    await provider.forceFlush();
    await provider.shutdown();
    const bodies = appRecords().map((r) => r.body);
    expect(bodies).toHaveLength(200);
    expect(new Set(bodies).size).toBe(200);
    // 200 records at 10/s: 5 in 10 s from the 5th record on: one spike, re-fired once per window (20 s of stream = 2 windows).
    expect(signals().length).toBeGreaterThanOrEqual(1);
    expect(signals().every((s) => s.attributes['logsignal.name'] === 'log_spike')).toBe(true);
  });

  it('rate-limits a storm of signal records and reports what it dropped', async () => {
    // A batch processor: a SimpleLogRecordProcessor would start one HTTP export per record and hit the exporter's concurrency limit.
    const batch = new BatchLogRecordProcessor({ exporter: exporter(), maxExportBatchSize: 512, scheduledDelayMillis: 60_000 });
    const processor = new LogSignalProcessor({ rules: ['ERROR'], cooldown: 0, maxSignalsPerMinute: 10, next: [batch] });
    const provider = new LoggerProvider({ processors: [processor] });
    const log = provider.getLogger('svc');
    for (let i = 0; i < 100; i++) log.emit({ timestamp: T0 + i, severityNumber: 17, body: `ERROR ${i}` });
    log.emit({ timestamp: T0 + 120_000, severityNumber: 17, body: 'ERROR later' });
    await provider.forceFlush();
    await provider.shutdown();
    expect(appRecords()).toHaveLength(101);
    expect(appRecords().every((r) => r.attributes['logsignal.anomaly'] === true)).toBe(true);
    const sig = signals();
    expect(sig).toHaveLength(11);
    expect(sig[10].attributes['logsignal.dropped']).toBe(90);
    expect(processor.stats.dropped).toBe(90);
  });

  it('a throwing detector never loses or alters a record; the error goes to diag', async () => {
    const messages: string[] = [];
    const logger: DiagLogger = { error: (m) => messages.push(m), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} };
    diag.setLogger(logger, DiagLogLevel.ERROR);
    const broken: Detector = {
      id: 'broken',
      kind: 'rule',
      observe() {
        throw new Error('bug');
      },
    };
    const processor = new LogSignalProcessor({ rules: [broken, 'ERROR'], next: [new SimpleLogRecordProcessor({ exporter: exporter() })] });
    const provider = new LoggerProvider({ processors: [processor] });
    emitMix(provider);
    await provider.forceFlush();
    await provider.shutdown();
    expect(appRecords()).toHaveLength(3);
    expect(appRecords()[1].attributes['logsignal.detectors']).toEqual(['keyword_match']);
    expect(messages.some((m) => m.includes('broken'))).toBe(true);
  });

  it('handles odd records: no body, map, bytes and 1 MB bodies, no severity, no timestamp', async () => {
    const processor = new LogSignalProcessor({ rules: ['ERROR', Rule.level('WARN')], next: [new SimpleLogRecordProcessor({ exporter: exporter() })], clock: () => T0 });
    const provider = new LoggerProvider({ processors: [processor] });
    const log = provider.getLogger('odd');
    log.emit({});
    log.emit({ body: { msg: 'ERROR in map', nested: { deep: [1, 2, 3] } } });
    log.emit({ body: new Uint8Array([0x45, 0x52, 0x52, 0x4f, 0x52, 0xff, 0x00]) });
    log.emit({ body: `ERROR ${'x'.repeat(1024 * 1024)}` });
    log.emit({ severityText: 'warning', body: 'disk 91% full' });
    log.emit({ body: 42 });
    await provider.forceFlush();
    await provider.shutdown();
    // SimpleLogRecordProcessor exports each record on its own request: the receiver may get them in
    // any order (the 1 MB one often last), so records are found by their body.
    const app = appRecords();
    expect(app).toHaveLength(6);
    const find = (test: (body: unknown) => boolean) => {
      const r = app.find((x) => test(x.body));
      expect(r).toBeDefined();
      return r!;
    };
    expect(find((b) => b === undefined || b === null).attributes).toEqual({});
    expect(find((b) => typeof b === 'object' && b !== null && (b as { msg?: string }).msg === 'ERROR in map').attributes['logsignal.anomaly']).toBe(true);
    expect(find((b) => b instanceof Uint8Array || (typeof b === 'string' && b.startsWith('RVJST1'))).attributes['logsignal.anomaly']).toBe(true);
    const big = find((b) => typeof b === 'string' && b.length > 1024 * 1024);
    expect((big.body as string).length).toBe(1024 * 1024 + 6);
    expect(big.attributes['logsignal.anomaly']).toBe(true);
    expect(find((b) => b === 'disk 91% full').attributes['logsignal.detectors']).toEqual(['level_match']);
    expect(find((b) => b === 42).attributes).toEqual({});
    expect(processor.stats.errors).toBe(0);
  });

  it('forwards forceFlush and shutdown to wrapped processors', async () => {
    const calls: string[] = [];
    const fake = {
      onEmit: () => calls.push('emit'),
      forceFlush: async () => {
        calls.push('flush');
      },
      shutdown: async () => {
        calls.push('shutdown');
      },
    };
    const processor = new LogSignalProcessor({ next: [fake] });
    const provider = new LoggerProvider({ processors: [processor] });
    provider.getLogger('x').emit({ body: 'hi' });
    await provider.forceFlush();
    await provider.shutdown();
    expect(calls).toEqual(['emit', 'flush', 'shutdown']);
  });

  it("mode 'attributes' emits no signal records; mode 'events' leaves records untagged", async () => {
    for (const mode of ['attributes', 'events'] as const) {
      receiver.records.length = 0;
      const processor = new LogSignalProcessor({ rules: ['ERROR'], mode, next: [new SimpleLogRecordProcessor({ exporter: exporter() })] });
      const provider = new LoggerProvider({ processors: [processor] });
      emitMix(provider);
      await provider.forceFlush();
      await provider.shutdown();
      expect(appRecords()).toHaveLength(3);
      expect(signals()).toHaveLength(mode === 'attributes' ? 0 : 1);
      expect(appRecords()[1].attributes['logsignal.anomaly']).toBe(mode === 'attributes' ? true : undefined);
    }
  });

  it('tick() lets detectors signal without a record (silence), as signal records with the last resource', async () => {
    const silence: Detector = {
      id: 'silence',
      kind: 'stat',
      last: 0,
      observe(e) {
        (this as unknown as { last: number }).last = e.time;
      },
      tick(now, out) {
        const last = (this as unknown as { last: number }).last;
        if (now - last > 60_000) out.push({ detector: 'silence', name: 'log_silence', kind: 'stat', severity: 'high', message: 'No logs for 1m', time: now, evidence: { silentMs: now - last } });
      },
    } as Detector;
    const processor = new LogSignalProcessor({ detectors: [silence], tickInterval: 0, next: [new SimpleLogRecordProcessor({ exporter: exporter() })] });
    const provider = new LoggerProvider({ processors: [processor] });
    emitMix(provider);
    expect(processor.tick(T0 + 30_000)).toHaveLength(0);
    expect(processor.tick(T0 + 120_000)).toHaveLength(1);
    await provider.forceFlush();
    await provider.shutdown();
    expect(signals()).toHaveLength(1);
    expect(signals()[0].attributes['logsignal.evidence.silentMs']).toBe(118_000);
    expect(signals()[0].resource).toEqual(appRecords()[0].resource);
  });

  it("templates: true puts the template on every record, sharing the new-template detector's miner (each message mined once)", async () => {
    const newTemplate = StatRule.newTemplate({ warmupRecords: 3 });
    const processor = new LogSignalProcessor({ detectors: [newTemplate], templates: true, next: [new SimpleLogRecordProcessor({ exporter: exporter() })] });
    expect(processor.miner).toBe(newTemplate.miner);
    const provider = new LoggerProvider({ processors: [processor] });
    const log = provider.getLogger('checkout');
    for (let i = 0; i < 4; i++) log.emit({ timestamp: T0 + i * 1000, severityNumber: 9, body: `user ${100 + i} logged in from 10.0.0.${i}` });
    log.emit({ timestamp: T0 + 5000, severityNumber: 17, body: 'disk /dev/sda1 is full' });
    await provider.forceFlush();
    await provider.shutdown();
    const app = appRecords();
    expect(app.map((r) => r.attributes['logsignal.template'])).toEqual([
      'user <*> logged in from <*>',
      'user <*> logged in from <*>',
      'user <*> logged in from <*>',
      'user <*> logged in from <*>',
      'disk <*> is full',
    ]);
    expect(new Set(app.slice(0, 4).map((r) => r.attributes['logsignal.template.id'])).size).toBe(1);
    expect(app[4].attributes['logsignal.detectors']).toEqual(['new_template']);
    expect(
      newTemplate.miner
        .templates()
        .map((t) => t.count)
        .sort(),
    ).toEqual([1, 4]);
  });

  it('templates: a given miner, or its own one when no template detector runs', async () => {
    const miner = new TemplateMiner();
    expect(new LogSignalProcessor({ templates: miner }).miner).toBe(miner);
    const own = new LogSignalProcessor({ rules: ['ERROR'], templates: true, next: [new SimpleLogRecordProcessor({ exporter: exporter() })] });
    const provider = new LoggerProvider({ processors: [own] });
    emitMix(provider);
    await provider.forceFlush();
    await provider.shutdown();
    expect(appRecords().map((r) => r.attributes['logsignal.template'])).toEqual(['order <*> placed', 'ERROR payment gateway timeout', 'order <*> placed']);
    expect(() => new LogSignalProcessor({ templates: 'yes' as never })).toThrow(/LogSignalProcessor\.templates/);
  });

  it('rejects invalid options with a message naming the option', () => {
    expect(() => new LogSignalProcessor({ mode: 'loud' as never })).toThrow(/LogSignalProcessor\.mode/);
    expect(() => new LogSignalProcessor({ next: [{}] as never })).toThrow(/LogSignalProcessor\.next/);
    expect(() => new LogSignalProcessor({ maxSignalsPerMinute: 0 })).toThrow(/maxSignalsPerMinute/);
    expect(() => new LogSignalProcessor({ rulez: [] } as never)).toThrow(/LogSignalProcessor\.rulez/);
    expect(() => new LogSignalProcessor({ rules: [42 as never] })).toThrow(/rules\[0\]/);
  });
});
