import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/log-signal-config.js';
import { LogSignalGateway } from '../../src/gateway/gateway.js';
import { ExportLogsServiceRequest } from '../../src/gateway/otlp-schema.js';
import { ManualRepeat, T0 } from './helpers.js';

const kv = (key: string, value: Record<string, unknown>) => ({ key, value });

// What comes in is what goes out, but for logsignal's attributes: every field of the OTLP log data model.
describe('logsignal serve keeps records as they came', () => {
  it('protobuf in, protobuf out: resource, scope, times, severity, bodies and attributes of every type, trace context, event name', async () => {
    const bodies: Buffer[] = [];
    const down = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const gw = await LogSignalGateway.start({
      port: 0,
      config: parseConfig({ preset: 'none', detectors: [] }),
      exporter: new ProtoExporter({ url: `http://127.0.0.1:${(down.address() as AddressInfo).port}/v1/logs` }),
      setRepeat: new ManualRepeat().repeat,
      warn: () => {},
    });
    try {
      const ns = `${T0}123456`;
      const input = {
        resourceLogs: [
          {
            resource: { attributes: [kv('service.name', { stringValue: 'fidelity' }), kv('k8s.pod.uid', { stringValue: 'abc' })] },
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
            scopeLogs: [
              {
                scope: { name: 'io.example.logger', version: '2.1.0', attributes: [kv('scope.attr', { boolValue: true })] },
                schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
                logRecords: [
                  {
                    timeUnixNano: ns,
                    observedTimeUnixNano: `${T0 + 5}000001`,
                    severityNumber: 13,
                    severityText: 'WARN',
                    body: {
                      kvlistValue: {
                        values: [kv('msg', { stringValue: 'disk almost full' }), kv('free', { doubleValue: 0.05 }), kv('paths', { arrayValue: { values: [{ stringValue: '/a' }, { intValue: 7 }] } })],
                      },
                    },
                    attributes: [
                      kv('s', { stringValue: 'x' }),
                      kv('i', { intValue: -42 }),
                      kv('d', { doubleValue: 2.5 }),
                      kv('b', { boolValue: false }),
                      kv('raw', { bytesValue: Buffer.from([1, 2, 255]) }),
                    ],
                    droppedAttributesCount: 3,
                    flags: 1,
                    traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'),
                    spanId: Buffer.from('b7ad6b7169203331', 'hex'),
                    eventName: 'disk.warning',
                  },
                  { body: { stringValue: 'plain' } },
                ],
              },
            ],
          },
        ],
      };
      const sent = ExportLogsServiceRequest.encode(ExportLogsServiceRequest.fromObject(input)).finish();
      expect((await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: sent })).status).toBe(200);
      // stop returns once the queue has drained; the bound is generous for a loaded machine
      expect((await gw.stop(30_000)).flushed).toBe(true);
      // defaults: the exporter writes some zero fields explicitly, which proto3 reads as absent
      const options = { longs: String, bytes: String, defaults: true };
      const got = ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.decode(Buffer.concat(bodies)), options);
      const want = ExportLogsServiceRequest.toObject(ExportLogsServiceRequest.decode(sent), options);
      expect(got).toEqual(want);
    } finally {
      await gw.stop(1000);
      await new Promise((r) => down.close(r));
    }
  });
});
