import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { LogSignalProcessor, Rule, StatRule, type Detector } from '../../src/index.js';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const discard = { export: (_r: unknown, done: (r: { code: number }) => void) => done({ code: 0 }), shutdown: async () => {} };

/** A MeterProvider read by the real Prometheus exporter, its handler served on 127.0.0.1. */
async function prometheus(): Promise<{ meterProvider: MeterProvider; scrape: () => Promise<Map<string, number>>; close: () => Promise<void> }> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  const server: Server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scrape = async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const out = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (!line.startsWith('logsignal_')) continue;
      const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = (m[2] ?? '')
        .split(/,(?=\w+=")/)
        .filter((l) => l !== '' && !l.startsWith('otel_scope'))
        .join(',');
      out.set(labels ? `${m[1]}{${labels}}` : m[1], Number(m[3]));
    }
    return out;
  };
  return {
    meterProvider,
    scrape,
    close: async () => {
      server.close();
      await meterProvider.shutdown();
    },
  };
}

afterEach(() => {
  metrics.disable();
});

describe('processor metrics through the real sdk-metrics and Prometheus exporter over HTTP', () => {
  it('counts records, signals by detector and severity, drops by reason, errors, attribute-limit drops and live templates', async () => {
    const prom = await prometheus();
    // the keyword rule not grouped by template: every ERROR record is a signal (the counts below)
    const broken: Detector = {
      id: 'broken',
      kind: 'rule',
      observe(e) {
        if (e.message.includes('boom')) throw new Error('bug');
      },
    };
    const processor = new LogSignalProcessor({
      rules: [Rule.contains('ERROR', { group: false }), broken],
      detectors: [StatRule.newTemplate({ warmupRecords: 2, learnedRate: 1, maxSignals: 5 })],
      cooldown: 0,
      maxSignalsPerMinute: 3,
      meterProvider: prom.meterProvider,
      next: [new SimpleLogRecordProcessor({ exporter: discard as never })],
    });
    const provider = new LoggerProvider({ processors: [processor], logRecordLimits: { attributeCountLimit: 10 } });
    const log = provider.getLogger('svc');
    log.emit({ timestamp: T0, body: 'user 1 logged in' });
    log.emit({ timestamp: T0 + 1, body: 'user 2 logged in' });
    for (let i = 0; i < 4; i++) log.emit({ timestamp: T0 + 10 + i, body: `ERROR timeout ${i}` });
    log.emit({ timestamp: T0 + 20, body: 'boom' });
    log.emit({ timestamp: T0 + 30, body: 'ERROR full', attributes: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 } });
    const m = await prom.scrape();
    expect(m.get('logsignal_records_total')).toBe(8);
    expect(m.get('logsignal_signals_total{logsignal_detector="keyword_match",logsignal_severity="medium"}')).toBe(5);
    // New templates after a warm-up of 2: 'ERROR timeout <*>', 'boom', 'ERROR full'.
    expect(m.get('logsignal_signals_total{logsignal_detector="new_template",logsignal_severity="low"}')).toBe(3);
    // 8 signals, 3 a minute admitted.
    expect(m.get('logsignal_signals_dropped_total{reason="rate_limit"}')).toBe(5);
    expect(m.get('logsignal_signals_dropped_total{reason="undeliverable"}')).toBe(0);
    expect(m.get('logsignal_errors_total')).toBe(1);
    expect(m.get('logsignal_attributes_dropped_total')).toBe(1);
    expect(m.get('logsignal_templates')).toBe(processor.pipeline.miner?.size);
    expect(m.get('logsignal_templates')).toBeGreaterThanOrEqual(3);
    expect(processor.stats).toMatchObject({ records: 8, dropped: 5, attributesDropped: 1 });
    expect(processor.pipeline.errors).toBe(1);
    await provider.shutdown();
    await prom.close();
  });

  it('uses the global meter provider by default, as registered when the first record arrives; undeliverable signals count as dropped', async () => {
    const prom = await prometheus();
    const processor = new LogSignalProcessor({ rules: ['ERROR'] });
    metrics.setGlobalMeterProvider(prom.meterProvider);
    const provider = new LoggerProvider({ processors: [processor] });
    provider.getLogger('svc').emit({ timestamp: T0, body: 'ERROR nowhere to go' });
    const m = await prom.scrape();
    expect(m.get('logsignal_records_total')).toBe(1);
    expect(m.get('logsignal_signals_dropped_total{reason="undeliverable"}')).toBe(1);
    expect(processor.stats).toMatchObject({ signals: 0, dropped: 1 });
    await provider.shutdown();
    await prom.close();
  });

  it('rejects a meterProvider without getMeter', () => {
    expect(() => new LogSignalProcessor({ meterProvider: {} as never })).toThrow(/LogSignalProcessor\.meterProvider/);
  });
});
