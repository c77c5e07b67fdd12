import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SeverityNumber } from '../helpers/otel-logs.js';
import { OTLPLogExporter as HttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/log-signal-config.js';
import { LogSignalGateway } from '../../src/gateway/gateway.js';
import { ExportLogsServiceRequest, ExportLogsServiceResponse } from '../../src/gateway/otlp-schema.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/testing/index.js';
import { exportWith, type Line, ManualRepeat, sdkRecords, startProtobufDownstream, T0 } from './helpers.js';

const quiet = () => {};
const info = (i: number, service: string): Line => ({ body: `request ${i} served for ${service} in ${10 + (i % 7)} ms`, time: T0 + i * 1000 });
const error = (i: number): Line => ({ body: `payment provider timed out after ${3000 + i} ms`, time: T0 + i * 1000, severity: SeverityNumber.ERROR });

describe('logsignal serve: OTLP in from the real exporters, OTLP out to a real receiver', () => {
  let receiver: OtlpReceiver;
  let gw: LogSignalGateway;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    gw = await LogSignalGateway.start({ port: 0, exporter: new HttpJsonExporter({ url: receiver.url }), setRepeat: new ManualRepeat().repeat, warn: quiet });
  });
  afterAll(async () => {
    await gw.stop(2000);
    await receiver.close();
  });
  afterEach(() => {
    receiver.records.length = 0;
  });

  async function flushed(): Promise<void> {
    // the queue exports asynchronously: wait until the receiver has everything the gateway queued
    // (queueDepth counts exports in flight, and the receiver keeps a request's records before it answers).
    // A bound in time, not in event-loop turns: on a loaded machine the export takes many turns.
    await vi.waitFor(() => expect(gw.queueDepth).toBe(0), { timeout: 30_000, interval: 5 });
  }

  it.each([
    ['http/protobuf', () => new ProtoExporter({ url: `${gw.url}/v1/logs` })],
    ['http/json', () => new HttpJsonExporter({ url: `${gw.url}/v1/logs` })],
  ])('%s: several services in one request; every record exported, tagged; signals under their service', async (protocol, make) => {
    const tag = protocol.replace('/', '-');
    const a = sdkRecords(`checkout-${tag}`, [info(1, 'a'), error(2), info(3, 'a')]);
    const b = sdkRecords(`search-${tag}`, [info(1, 'b'), info(2, 'b')]);
    const result = await exportWith(make(), [...a, ...b]);
    expect(result).toEqual({ code: 0, error: undefined });
    await flushed();
    const received = receiver.records.filter((r) => r.eventName !== 'logsignal.signal');
    expect(received.map((r) => [r.resource['service.name'], r.body])).toEqual([
      [`checkout-${tag}`, a[0].body],
      [`checkout-${tag}`, a[1].body],
      [`checkout-${tag}`, a[2].body],
      [`search-${tag}`, b[0].body],
      [`search-${tag}`, b[1].body],
    ]);
    // kept as they came: resource, scope, time, severity
    expect(received[1]).toMatchObject({ scope: 'app', severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', timeUnixNano: `${T0 + 2000}000000` });
    expect(received[1].resource['host.name']).toBe(`checkout-${tag}-1`);
    // the error record is tagged; the others are not
    expect(received[1].attributes).toMatchObject({ 'logsignal.anomaly': true, 'logsignal.severity': 'high', 'logsignal.kinds': ['rule'] });
    expect(received[0].attributes['logsignal.anomaly']).toBeUndefined();
    const signals = receiver.records.filter((r) => r.eventName === 'logsignal.signal');
    expect(signals.length).toBeGreaterThanOrEqual(1);
    for (const s of signals) expect(s.resource['service.name']).toBe(`checkout-${tag}`);
    // in record time
    expect(signals.find((s) => s.attributes['logsignal.name'] === 'level_match')?.timeUnixNano).toBe(`${T0 + 2000}000000`);
    // linked to the record that raised them by its log.record.uid, with a copy of its text
    const level = signals.find((s) => s.attributes['logsignal.name'] === 'level_match');
    expect(typeof level?.attributes['logsignal.record.uid']).toBe('string');
    expect(received[1].attributes['log.record.uid']).toBe(level?.attributes['logsignal.record.uid']);
    expect(level?.attributes['logsignal.record.text']).toBe(received[1].body);
  });

  it('answers in the request content type, with partial_success for rejected records', async () => {
    const proto = ProtobufLogsSerializer.serializeRequest(sdkRecords('ct', [info(1, 'ct')])) as Uint8Array;
    const r1 = await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: proto });
    expect(r1.status).toBe(200);
    expect(r1.headers.get('content-type')).toBe('application/x-protobuf');
    expect(ExportLogsServiceResponse.toObject(ExportLogsServiceResponse.decode(new Uint8Array(await r1.arrayBuffer())))).toEqual({});
    const json = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial' } }] },
          scopeLogs: [
            {
              scope: { name: 's' },
              logRecords: [
                { timeUnixNano: `${T0}000000`, body: { stringValue: 'fine' } },
                { timeUnixNano: `${T0}000000`, body: { stringValue: 'bad trace id' }, traceId: 'xyz' },
                {
                  timeUnixNano: `${T0}000000`,
                  body: { kvlistValue: { values: [{ key: 'msg', value: { stringValue: 'structured' } }] } },
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                },
              ],
            },
          ],
        },
      ],
    };
    const r2 = await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
    expect(r2.status).toBe(200);
    expect(r2.headers.get('content-type')).toBe('application/json');
    const body = (await r2.json()) as { partialSuccess: { rejectedLogRecords: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedLogRecords).toBe('1');
    expect(body.partialSuccess.errorMessage).toMatch(/logRecords\[1\]: traceId/);
    // the same in protobuf: a trace id of 3 bytes
    const bad = ExportLogsServiceRequest.encode(
      ExportLogsServiceRequest.fromObject({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial-pb' } }] },
            scopeLogs: [{ logRecords: [{ body: { stringValue: 'kept' } }, { body: { stringValue: 'refused' }, traceId: new Uint8Array([1, 2, 3]) }] }],
          },
        ],
      }),
    ).finish();
    const r3 = await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: bad });
    expect(r3.status).toBe(200);
    const partial = ExportLogsServiceResponse.toObject(ExportLogsServiceResponse.decode(new Uint8Array(await r3.arrayBuffer())), { longs: Number });
    expect(partial).toEqual({ partialSuccess: { rejectedLogRecords: 1, errorMessage: 'trace_id has 3 bytes, not 16' } });
    await flushed();
    expect(receiver.records.filter((r) => r.resource['service.name'] === 'partial-pb').map((r) => r.body)).toEqual(['kept']);
    const got = receiver.records.filter((r) => r.resource['service.name'] === 'partial');
    expect(got.map((r) => r.body)).toEqual(['fine', { msg: 'structured' }]);
    expect(got[1]).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
  });

  it('refuses what it cannot take: 415 other types, 400 undecodable bodies, 404 and 405', async () => {
    const post = (body: string | Uint8Array, headers: Record<string, string>, path = '/v1/logs') => fetch(`${gw.url}${path}`, { method: 'POST', headers, body });
    expect((await post('hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('{}', { 'content-type': 'application/json', 'content-encoding': 'br' })).status).toBe(415);
    const badProto = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]), { 'content-type': 'application/x-protobuf' });
    expect(badProto.status).toBe(400);
    expect(badProto.headers.get('content-type')).toBe('application/x-protobuf');
    const badJson = await post('{"resourceLogs": [', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { message: string }).message).toMatch(/not JSON/);
    expect((await post('{"resourceLogs": 3}', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await post('{}', { 'content-type': 'application/json' }, '/v1/traces')).status).toBe(404);
    expect((await fetch(`${gw.url}/v1/logs`)).status).toBe(405);
    const ok = await post(gzipSync(JSON.stringify({ resourceLogs: [] })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(ok.status).toBe(200);
  });

  it('serves /health as JSON and /metrics in the Prometheus text format', async () => {
    const h = await fetch(`${gw.url}/health`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: 'serving', exporting: true, queue: 0 });
    const m = await fetch(`${gw.url}/metrics`);
    expect(m.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await m.text();
    for (const name of [
      'logsignal_records_received_total',
      'logsignal_records_exported_total',
      'logsignal_requests_refused_total{status="415"}',
      'logsignal_requests_refused_total{status="400"}',
      'logsignal_export_queue_records 0',
      'logsignal_services_live',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/^logsignal_signals_total\{detector="level[^"]*",severity="high"\} [1-9]/m);
    expect(Number(/^logsignal_records_received_total (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(12);
  });
});

describe('logsignal serve: limits', () => {
  it('answers 413 over --max-request-size, by Content-Length, while streaming, and after decompression', async () => {
    const gw = await LogSignalGateway.start({ port: 0, maxRequestSize: 1000, setRepeat: new ManualRepeat().repeat, warn: quiet });
    try {
      const big = JSON.stringify({ resourceLogs: [], pad: 'x'.repeat(2000) });
      const r1 = await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(r1.status).toBe(413);
      const bomb = gzipSync(big);
      expect(bomb.length).toBeLessThan(1000);
      const r2 = await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
      expect(r2.status).toBe(413);
      expect(((await r2.json()) as { message: string }).message).toMatch(/decompressed/);
      // no Content-Length (chunked): refused once the limit is passed, and the answer still arrives
      const r3 = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        });
        req.on('error', reject);
        for (let i = 0; i < 10; i++) req.write('x'.repeat(500));
        req.end();
      });
      expect(r3).toBe(413);
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      expect(text).toContain('logsignal_requests_refused_total{status="413"} 3');
    } finally {
      await gw.stop(1000);
    }
  });

  it('keeps one state per service, bounded: the least recent and the idle are evicted and counted', async () => {
    let now = T0;
    const timers = new ManualRepeat();
    const gw = await LogSignalGateway.start({ port: 0, maxServices: 2, serviceIdleMs: 60_000, clock: () => now, setRepeat: timers.repeat, warn: quiet });
    try {
      const send = (service: string) =>
        fetch(`${gw.url}/v1/logs`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: ProtobufLogsSerializer.serializeRequest(sdkRecords(service, [info(1, service)])) as Uint8Array,
        });
      for (const s of ['a', 'b', 'c']) expect((await send(s)).status).toBe(200);
      expect(gw.services.size).toBe(2);
      expect(gw.services.evicted).toBe(1);
      now += 61_000;
      expect((await send('c')).status).toBe(200);
      timers.run(); // tick: b is idle
      expect([...gw.services.entries()].map((e) => e.name)).toEqual(['c']);
      expect(gw.services.evicted).toBe(2);
      expect(await (await fetch(`${gw.url}/metrics`)).text()).toContain('logsignal_services_evicted_total 2');
    } finally {
      await gw.stop(1000);
    }
  });

  it("bounds each service's signals by maxSignalsPerMinute (record time) and counts what it held back", async () => {
    const seen: string[] = [];
    const config = parseConfig({ preset: 'none', detectors: [{ level: 'ERROR' }], cooldown: 0, maxSignalsPerMinute: 2 });
    const gw = await LogSignalGateway.start({ port: 0, config, onSignal: (svc) => seen.push(svc), setRepeat: new ManualRepeat().repeat, warn: quiet });
    try {
      const burst = (svc: string, at: number) =>
        sdkRecords(
          svc,
          Array.from({ length: 5 }, (_, i) => ({ body: `failure ${i}`, time: at + i, severity: SeverityNumber.ERROR })),
        );
      const body = ProtobufLogsSerializer.serializeRequest([...burst('one', T0), ...burst('two', T0), ...burst('one', T0 + 60_000)]) as Uint8Array;
      expect((await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body })).status).toBe(200);
      // 2 a minute for each service: one's second minute lets 2 more through, reporting the 3 held back
      expect(seen.sort()).toEqual(['one', 'one', 'one', 'one', 'two', 'two']);
      expect((await gw.metrics.render()).body).toMatch(/^logsignal_signals_dropped_total 3$/m);
    } finally {
      await gw.stop(1000);
    }
  });

  it('a burst in one service does not shape another one: error-rate baselines are per service', async () => {
    const signals: Array<[string, string]> = [];
    const config = parseConfig({ preset: 'none', detectors: [{ errorRateZScore: { bucket: '10s', warmupBuckets: 5 } }] });
    const gw = await LogSignalGateway.start({ port: 0, config, onSignal: (svc, s) => signals.push([svc, s.name]), setRepeat: new ManualRepeat().repeat, warn: quiet });
    try {
      // both services: 12 quiet buckets; then 'noisy' gets a burst of errors, 'calm' stays as it was
      const lines = (burst: boolean): Line[] => {
        const out: Line[] = [];
        for (let b = 0; b < 14; b++)
          for (let i = 0; i < 10; i++)
            out.push({ body: `op ${i}`, time: T0 + b * 10_000 + i * 100, severity: burst && b === 12 ? SeverityNumber.ERROR : i === 0 ? SeverityNumber.ERROR : SeverityNumber.INFO });
        return out;
      };
      const body = ProtobufLogsSerializer.serializeRequest([...sdkRecords('noisy', lines(true)), ...sdkRecords('calm', lines(false))]) as Uint8Array;
      expect((await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body })).status).toBe(200);
      expect(signals.filter(([svc]) => svc === 'noisy').length).toBeGreaterThan(0);
      expect(signals.filter(([svc]) => svc === 'calm')).toEqual([]);
    } finally {
      await gw.stop(1000);
    }
  });
});

describe('logsignal serve: state across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logsignal-gw-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = parseConfig({ preset: 'none', detectors: [{ newTemplate: { warmupRecords: 20 } }] });
  const lines = (n: number, from: number): Line[] => Array.from({ length: n }, (_, i) => ({ body: `user ${1000 + i} logged in from 10.0.0.${i % 200}`, time: T0 + (from + i) * 1000 }));
  const post = (gw: LogSignalGateway, recs: ReturnType<typeof sdkRecords>) =>
    fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: ProtobufLogsSerializer.serializeRequest(recs) as Uint8Array });

  it('saves every minute and on stop (atomically), restores at start: learned templates are not new again', async () => {
    const path = join(dir, 'state.json');
    const timers = new ManualRepeat();
    const first = await LogSignalGateway.start({ port: 0, config, statePath: path, setRepeat: timers.repeat, warn: quiet });
    expect((await post(first, sdkRecords('auth', lines(30, 0)))).status).toBe(200);
    timers.run(); // the minute timer
    await vi.waitFor(() => expect(existsSync(path)).toBe(true), { timeout: 30_000 }); // vi.waitFor's default is 1 s
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved).toMatchObject({ format: 'logsignal-gateway-state', version: 2 });
    expect(Object.keys(saved.services)).toEqual(['auth']);
    expect((await first.stop(1000)).saved).toBe(true);

    const seen: string[] = [];
    const second = await LogSignalGateway.start({ port: 0, config, statePath: path, onSignal: (svc, s) => seen.push(`${svc}:${s.name}`), setRepeat: new ManualRepeat().repeat, warn: quiet });
    // past warm-up already: a known template is quiet, an unseen one is new at once
    expect((await post(second, sdkRecords('auth', [...lines(1, 40), { body: 'disk quota exceeded on /var/data', time: T0 + 50_000 }]))).status).toBe(200);
    expect(seen).toEqual(['auth:new_template']);
    // a fresh gateway would still be warming up
    const fresh: string[] = [];
    const third = await LogSignalGateway.start({ port: 0, config, onSignal: (svc, s) => fresh.push(`${svc}:${s.name}`), setRepeat: new ManualRepeat().repeat, warn: quiet });
    expect((await post(third, sdkRecords('auth', [{ body: 'disk quota exceeded on /var/data', time: T0 }]))).status).toBe(200);
    expect(fresh).toEqual([]);
    await Promise.all([second.stop(1000), third.stop(1000)]);
  });

  it('a service that moved to another gateway resumes from the state its old gateway saved in a shared directory', async () => {
    const shared = mkdtempSync(join(dir, 'shared-'));
    let now = T0;
    const aTimers = new ManualRepeat();
    const a = await LogSignalGateway.start({ port: 0, config, statePath: join(shared, 'a.state.json'), sharedStateDir: shared, clock: () => now, setRepeat: aTimers.repeat, warn: quiet });
    const seenOnB: string[] = [];
    const b = await LogSignalGateway.start({
      port: 0,
      config,
      statePath: join(shared, 'b.state.json'),
      sharedStateDir: shared,
      clock: () => now,
      onSignal: (svc, s) => seenOnB.push(`${svc}:${s.name}`),
      setRepeat: new ManualRepeat().repeat,
      warn: quiet,
    });
    try {
      expect((await post(a, sdkRecords('auth', lines(30, 0)))).status).toBe(200);
      aTimers.run(); // a's minute save
      await vi.waitFor(() => expect(existsSync(join(shared, 'a.state.json'))).toBe(true), { timeout: 30_000 }); // vi.waitFor's default is 1 s
      now += 60_000; // b looks at the directory again after a minute
      // the hash ring changed: auth now reaches b, which has never seen it
      expect((await post(b, sdkRecords('auth', [...lines(1, 40), { body: 'disk quota exceeded on /var/data', time: T0 + 50_000 }]))).status).toBe(200);
      expect(seenOnB).toEqual(['auth:new_template']);
    } finally {
      await Promise.all([a.stop(1000), b.stop(1000)]);
    }
  });

  it('reports a state file of the format before services ran a Pipeline (version 1) once, and starts without it', async () => {
    const old = join(dir, 'v1.json');
    writeFileSync(old, JSON.stringify({ format: 'logsignal-gateway-state', version: 1, config: 'x', services: { auth: { watcher: {}, miner: {} } } }));
    const warnings: string[] = [];
    const gw = await LogSignalGateway.start({ port: 0, config, statePath: old, setRepeat: new ManualRepeat().repeat, warn: (m) => warnings.push(m) });
    expect((await post(gw, sdkRecords('auth', lines(1, 0)))).status).toBe(200);
    await gw.stop(1000);
    expect(warnings).toEqual([expect.stringMatching(/v1\.json is not a logsignal-gateway-state file of version 2; starting without it/)]);
  });

  it('an invalid configuration fails start, naming the setting (before listening)', async () => {
    await expect(LogSignalGateway.start({ port: 0, config: { preset: 'nope' } as never })).rejects.toThrow(/preset/);
    await expect(LogSignalGateway.start({ port: 0, config: { preset: 'none', detectors: [{ spike: { threshold: 3, window: 'soon' } }] } })).rejects.toThrow(/detectors\[0\]\.spike\.window/);
  });

  it('reports a corrupt or mismatched state file and starts without it', async () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format": "logsignal-gateway-state", "vers');
    const warnings: string[] = [];
    const a = await LogSignalGateway.start({ port: 0, config, statePath: corrupt, setRepeat: new ManualRepeat().repeat, warn: (m) => warnings.push(m) });
    expect((await post(a, sdkRecords('x', lines(1, 0)))).status).toBe(200);
    await a.stop(1000);
    // a good state file of this test's own configuration, then offered to a gateway of another one
    const other = join(dir, 'other.json');
    const saver = await LogSignalGateway.start({ port: 0, config, statePath: other, setRepeat: new ManualRepeat().repeat, warn: (m) => warnings.push(m) });
    expect((await post(saver, sdkRecords('y', lines(1, 0)))).status).toBe(200);
    await saver.stop(1000);
    const b = await LogSignalGateway.start({ port: 0, config: parseConfig({ preset: 'default' }), statePath: other, setRepeat: new ManualRepeat().repeat, warn: (m) => warnings.push(m) });
    await b.stop(1000);
    expect(warnings[0]).toMatch(/corrupt\.json is not valid JSON.*starting without it/);
    expect(warnings[1]).toMatch(/other\.json was saved with another configuration/);
    // the corrupt file was replaced by a good one on stop
    expect(JSON.parse(readFileSync(corrupt, 'utf8')).services.x).toBeDefined();
  });
});

describe('logsignal serve: protobuf out', () => {
  it('exports through the real http/protobuf exporter', async () => {
    const down = await startProtobufDownstream();
    const gw = await LogSignalGateway.start({ port: 0, exporter: new ProtoExporter({ url: down.url }), setRepeat: new ManualRepeat().repeat, warn: quiet });
    try {
      expect(await exportWith(new HttpJsonExporter({ url: `${gw.url}/v1/logs` }), [...sdkRecords('p1', [error(1)]), ...sdkRecords('p2', [info(1, 'p2')])])).toEqual({ code: 0, error: undefined });
      // stop waits at most this long for the queue to drain (and returns as soon as it has): generous for a loaded machine
      expect((await gw.stop(30_000)).flushed).toBe(true);
      expect(down.records.filter((r) => r.eventName !== 'logsignal.signal').map((r) => r.service)).toEqual(['p1', 'p2']);
      expect(down.records.find((r) => r.eventName === 'logsignal.signal')?.service).toBe('p1');
      expect(down.records[0].attributes['logsignal.anomaly']).toBe(true);
    } finally {
      await gw.stop(1000);
      await down.close();
    }
  });
});
