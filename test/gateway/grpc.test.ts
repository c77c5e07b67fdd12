import { SeverityNumber } from '../helpers/otel-logs.js';
import { OTLPLogExporter as GrpcExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/log-signal-config.js';
import { LogSignalGateway } from '../../src/gateway/gateway.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../src/testing/index.js';
import { exportWith, ManualRepeat, sdkRecords, T0 } from './helpers.js';

// What the Collector's loadbalancing exporter speaks to its backends: OTLP over gRPC.
describe('logsignal serve: OTLP/gRPC from the real gRPC exporter', () => {
  let receiver: OtlpReceiver;
  let gw: LogSignalGateway;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    gw = await LogSignalGateway.start({ port: 0, grpcPort: 0, exporter: new HttpJsonExporter({ url: receiver.url }), setRepeat: new ManualRepeat().repeat, warn: () => {} });
  });
  afterAll(async () => {
    await gw.stop(2000);
    await receiver.close();
  });

  it('several services in one Export call, gzip: analysed per service and exported', async () => {
    const exporter = new GrpcExporter({ url: `http://${gw.grpcAddress}`, compression: 'gzip' as never });
    const records = [
      ...sdkRecords('grpc-a', [
        { body: 'ok', time: T0 },
        { body: 'db down', time: T0 + 1, severity: SeverityNumber.ERROR },
      ]),
      ...sdkRecords('grpc-b', [{ body: 'fine', time: T0 }]),
    ];
    expect(await exportWith(exporter, records)).toEqual({ code: 0, error: undefined });
    await exporter.shutdown();
    // wait on the condition, bounded in time (a count of event-loop turns is too short on a loaded machine)
    await vi.waitFor(() => expect(gw.queueDepth).toBe(0), { timeout: 30_000, interval: 5 });
    const plain = receiver.records.filter((r) => r.eventName !== 'logsignal.signal');
    expect(plain.map((r) => [r.resource['service.name'], r.body])).toEqual([
      ['grpc-a', 'ok'],
      ['grpc-a', 'db down'],
      ['grpc-b', 'fine'],
    ]);
    expect(plain[1].attributes['logsignal.anomaly']).toBe(true);
    expect(receiver.records.filter((r) => r.eventName === 'logsignal.signal').map((r) => r.resource['service.name'])).toContain('grpc-a');
  });

  it('UNAVAILABLE when the export queue is full (retryable), counted as 503', async () => {
    const down = await startOtlpReceiver();
    let hold = true;
    const pending: Array<() => void> = [];
    const inner = new HttpJsonExporter({ url: down.url });
    const slow = {
      export: (batch: Parameters<typeof inner.export>[0], done: Parameters<typeof inner.export>[1]) => {
        const go = () => inner.export(batch, done);
        if (hold) pending.push(go);
        else go();
      },
      shutdown: () => inner.shutdown(),
      forceFlush: () => inner.forceFlush(),
    };
    const small = await LogSignalGateway.start({
      port: 0,
      grpcPort: 0,
      config: parseConfig({ preset: 'none', detectors: [] }),
      exporter: slow,
      queue: { maxQueueSize: 2 },
      setRepeat: new ManualRepeat().repeat,
      warn: () => {},
    });
    try {
      const exporter = new GrpcExporter({ url: `http://${small.grpcAddress}` });
      expect(
        await exportWith(
          exporter,
          sdkRecords('q', [
            { body: 'one', time: T0 },
            { body: 'two', time: T0 },
          ]),
        ),
      ).toEqual({ code: 0, error: undefined });
      // the queue is full until the downstream moves: UNAVAILABLE, which the Collector's exporters retry
      // (the OTel JS gRPC exporter does not retry by itself, so this test retries as the Collector does)
      const three = sdkRecords('q', [{ body: 'three', time: T0 }]);
      const first = await exportWith(exporter, three);
      expect(first.code).toBe(1);
      expect((first.error as { code?: number }).code).toBe(14);
      expect((await small.metrics.render()).body).toMatch(/logsignal_requests_refused_total\{status="503"\} 1/);
      hold = false;
      for (const go of pending.splice(0)) go();
      await vi.waitFor(() => expect(small.queueDepth).toBe(0), { timeout: 30_000, interval: 5 });
      expect(await exportWith(exporter, three)).toEqual({ code: 0, error: undefined });
      await exporter.shutdown();
      expect((await small.stop(30_000)).flushed).toBe(true);
      expect(down.records.map((r) => r.body)).toEqual(['one', 'two', 'three']);
    } finally {
      await small.stop(1000);
      await down.close();
    }
  }, 60_000);
});
