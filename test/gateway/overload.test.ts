import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/log-signal-config.js';
import { LogSignalGateway } from '../../src/gateway/gateway.js';
import { startOtlpReceiver } from '../../src/testing/index.js';
import { exportWith, ManualRepeat, sdkRecords, T0 } from './helpers.js';

describe('logsignal serve under overload', () => {
  it('a sender faster than the exporter: 503 with Retry-After, the retries succeed, 0 records lost', async () => {
    const receiver = await startOtlpReceiver();
    const gw = await LogSignalGateway.start({
      port: 0,
      config: parseConfig({ preset: 'none', detectors: [{ level: 'ERROR' }] }),
      exporter: new HttpJsonExporter({ url: receiver.url }),
      // a small queue that one export at a time drains: the senders outrun it at once
      queue: { maxQueueSize: 100, maxBatchSize: 50, maxConcurrentExports: 1 },
      retryAfterSeconds: 0,
      setRepeat: new ManualRepeat().repeat,
      warn: () => {},
    });
    const probe = await fetch(`${gw.url}/health`);
    expect(probe.status).toBe(200);
    try {
      const batches = 40;
      const perBatch = 50;
      const sender = new ProtoExporter({ url: `${gw.url}/v1/logs`, concurrencyLimit: batches });
      let attempts = 0;
      // the Collector's exporters retry on 503; the OTel JS exporter retries too (5 times, honouring Retry-After),
      // and this sender retries a whole export that still failed, as a queueing sender does
      const sendAll = Array.from({ length: batches }, async (_, b) => {
        const records = sdkRecords(
          `svc-${b % 4}`,
          Array.from({ length: perBatch }, (_, i) => ({ body: `batch ${b} record ${i}`, time: T0 + b * 1000 + i })),
        );
        for (;;) {
          attempts++;
          const r = await exportWith(sender, records);
          if (r.code === 0) return;
          if (attempts > 20_000) throw new Error('no progress');
          await new Promise((resolve) => setImmediate(resolve));
        }
      });
      await Promise.all(sendAll);
      expect((await gw.stop(5000)).flushed).toBe(true);
      // nothing lost, nothing duplicated
      const bodies = receiver.records.map((r) => String(r.body));
      expect(bodies.length).toBe(batches * perBatch);
      expect(new Set(bodies).size).toBe(batches * perBatch);
      const metrics = await gw.metrics.render();
      const refused = Number(/^logsignal_requests_refused_total\{status="503"\} (\d+)/m.exec(metrics.body)?.[1] ?? 0);
      expect(refused).toBeGreaterThan(0);
      expect(metrics.body).toMatch(new RegExp(`^logsignal_records_received_total ${batches * perBatch}$`, 'm'));
      expect(metrics.body).toMatch(new RegExp(`^logsignal_records_exported_total ${batches * perBatch}$`, 'm'));
      expect(attempts).toBeGreaterThanOrEqual(batches);
    } finally {
      await gw.stop(1000);
      await receiver.close();
    }
  }, 30_000);

  it('a failing downstream: records stay queued and are retried until it comes back; /health says so', async () => {
    let now = 0;
    const timers: Array<() => void> = [];
    let fail = true;
    const exported: number[] = [];
    const exporter = {
      export: (batch: unknown[], done: (r: { code: number; error?: Error }) => void) => {
        if (fail) done({ code: 1, error: Object.assign(new Error('Service Unavailable'), { code: 503 }) });
        else {
          exported.push(batch.length);
          done({ code: 0 });
        }
      },
      shutdown: async () => {},
      forceFlush: async () => {},
    };
    const gw = await LogSignalGateway.start({
      port: 0,
      config: parseConfig({ preset: 'none', detectors: [] }),
      exporter,
      clock: () => now,
      setTimer: (fn) => {
        timers.push(fn);
        return () => {};
      },
      setRepeat: new ManualRepeat().repeat,
      warn: () => {},
    });
    try {
      const body = JSON.stringify({
        resourceLogs: [
          { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] }, scopeLogs: [{ logRecords: [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' } }] }] },
        ],
      });
      expect((await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
      expect(gw.queueDepth).toBe(2);
      const h = await fetch(`${gw.url}/health`);
      expect(h.status).toBe(503);
      expect(await h.json()).toMatchObject({ status: 'export failing', exporting: false, queue: 2 });
      fail = false;
      now += 1000;
      timers.shift()?.(); // the retry wait ends
      expect(exported).toEqual([2]);
      expect(gw.queueDepth).toBe(0);
      expect((await fetch(`${gw.url}/health`)).status).toBe(200);
    } finally {
      await gw.stop(1000);
    }
  });
});
