// `npm run bench:gateway`: `logsignal serve` on 127.0.0.1, protobuf in and out, default preset.
//
//   1. cost split, in this process: decoding requests, the per-service pipeline, encoding the export
//      (the OTel transformer's protobuf serializer), on the same records; the gateway's own cost
//      (decode + encode) as a ratio of the pipeline's.
//   2. end to end: a `logsignal serve` process between a sender (pre-encoded protobuf requests, a few
//      in flight, as a Collector's exporter sends) and a downstream that takes everything; records/s
//      until the last record is exported, request latency p50 / p99.
//   3. memory with 10k services, each with its own state, then 10k more (the table is bounded).
//
// Options: --records N (default 400000), --batch N records per request (default 2000), --services N
// (default 20), --inflight N (default 4), --only split|e2e|memory. GW_PROF=DIR writes a CPU profile of
// the serve process there.
import { spawn } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import { parseArgs } from 'node:util';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeProtobufRequest } from '../dist/gateway/otlp-request.js';
import { LogSignalGateway } from '../dist/gateway/gateway.js';
import { ServiceTable } from '../dist/gateway/service-table.js';
import { generateRecords } from './records.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '400000' },
    batch: { type: 'string', default: '2000' },
    services: { type: 'string', default: '20' },
    inflight: { type: 'string', default: '4' },
    only: { type: 'string' },
  },
});
const N = Number(args.records);
const BATCH = Number(args.batch);
const SERVICES = Number(args.services);
const INFLIGHT = Number(args.inflight);
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;

/** Protobuf request bodies of `n` records over `services` services (each request mixes them, as a Collector batch does). */
function requestBodies(n, services, batch, seed = 7) {
  const recs = generateRecords(n, seed);
  const resources = Array.from({ length: services }, (_, i) => ({ attributes: { 'service.name': `service-${i}`, 'host.name': `node-${i}` } }));
  const scope = { name: 'app', version: '1.0.0' };
  const bodies = [];
  for (let i = 0; i < n; i += batch) {
    const slice = [];
    for (let j = i; j < Math.min(n, i + batch); j++) {
      const r = recs[j];
      const hr = [Math.floor(r.time / 1000), Math.round((r.time % 1000) * 1e6)];
      slice.push({
        hrTime: hr,
        hrTimeObserved: hr,
        severityNumber: r.severityNumber,
        severityText: r.severityText,
        body: r.body,
        attributes: r.attributes,
        resource: resources[j % services],
        instrumentationScope: scope,
        droppedAttributesCount: 0,
      });
    }
    bodies.push(Buffer.from(ProtobufLogsSerializer.serializeRequest(slice)));
  }
  return bodies;
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');

function split() {
  const bodies = requestBodies(N, SERVICES, BATCH);
  const table = new ServiceTable({}, { maxServices: 10_000, idleMs: 3_600_000, clock: Date.now, onRestoreError: () => {} });
  let signals = 0;
  const sink = () => signals++;
  let tDecode = 0;
  let tPipe = 0;
  let tEncode = 0;
  for (const body of bodies) {
    let t = process.hrtime.bigint();
    const req = decodeProtobufRequest(body);
    tDecode += Number(process.hrtime.bigint() - t);
    t = process.hrtime.bigint();
    const out = [];
    for (const rl of req.resources) {
      const p = table.get(rl.resource).pipeline;
      for (const r of rl.records) {
        out.push(r);
        p.process(r, sink);
      }
    }
    tPipe += Number(process.hrtime.bigint() - t);
    t = process.hrtime.bigint();
    ProtobufLogsSerializer.serializeRequest(out);
    tEncode += Number(process.hrtime.bigint() - t);
  }
  const rate = (ns) => (N / ns) * 1e9;
  console.log(`1. cost split over ${fmt(N)} records, ${SERVICES} services, ${BATCH} records/request (${signals} signals)`);
  console.log(`   decode   ${(tDecode / N).toFixed(0).padStart(6)} ns/record  ${fmt(rate(tDecode)).padStart(12)} records/s`);
  console.log(`   pipeline ${(tPipe / N).toFixed(0).padStart(6)} ns/record  ${fmt(rate(tPipe)).padStart(12)} records/s`);
  console.log(`   encode   ${(tEncode / N).toFixed(0).padStart(6)} ns/record  ${fmt(rate(tEncode)).padStart(12)} records/s`);
  console.log(`   gateway cost beyond the pipeline (decode + encode) / pipeline = ${((tDecode + tEncode) / tPipe).toFixed(2)}`);
}

async function e2e() {
  const bodies = requestBodies(N, SERVICES, BATCH, 11);
  // downstream: takes every export, answers 200 (an empty ExportLogsServiceResponse)
  let downBytes = 0;
  const down = createServer((req, res) => {
    req.on('data', (c) => (downBytes += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise((r) => down.listen(0, '127.0.0.1', r));
  const downUrl = `http://127.0.0.1:${down.address().port}/v1/logs`;
  const gw = spawn(process.execPath, [...(process.env.GW_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GW_PROF}`] : []), cli, 'serve', '--listen', '127.0.0.1:0', '--export', downUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve) => {
    let out = '';
    gw.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: INFLIGHT });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const t = process.hrtime.bigint();
      const req = request({ host: hostname, port, path: '/v1/logs', method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'], ms: Number(process.hrtime.bigint() - t) / 1e6 }));
      });
      req.on('error', reject);
      req.end(body);
    });
  const metric = async (name) => {
    const text = await new Promise((resolve) =>
      request({ host: hostname, port, path: '/metrics', agent }, (res) => {
        let s = '';
        res.on('data', (d) => (s += d));
        res.on('end', () => resolve(s));
      }).end(),
    );
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  };
  // warm-up: a tenth of the requests, not measured
  for (const b of bodies.slice(0, Math.max(1, bodies.length / 10))) await post(b);
  while ((await metric('logsignal_export_queue_records')) > 0) await new Promise((r) => setTimeout(r, 20));
  const exported0 = await metric('logsignal_records_exported_total');
  const latencies = [];
  let refused = 0;
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next < bodies.length) {
      const b = bodies[next++];
      for (;;) {
        const r = await post(b);
        if (r.status === 200) {
          latencies.push(r.ms);
          break;
        }
        refused++;
        await new Promise((res) => setTimeout(res, 10));
      }
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  const accepted = Number(process.hrtime.bigint() - start) / 1e9;
  // the queue counts records in flight too: 0 means every accepted record (and signal record) was exported
  while ((await metric('logsignal_export_queue_records')) > 0) await new Promise((r) => setTimeout(r, 5));
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  const exported = (await metric('logsignal_records_exported_total')) - exported0;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`2. end to end: ${fmt(N)} records in ${bodies.length} protobuf requests of ${BATCH}, ${INFLIGHT} in flight, ${SERVICES} services, default preset`);
  console.log(`   accepted in ${accepted.toFixed(2)} s, all exported (${fmt(exported)} records incl. signal records, ${(downBytes / 1e6).toFixed(0)} MB out) after ${total.toFixed(2)} s`);
  console.log(`   throughput ${fmt(N / total)} records/s in and out; request latency p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms; 503s ${refused}`);
  gw.kill('SIGTERM');
  await new Promise((r) => gw.on('exit', r));
  agent.destroy();
  down.close();
}

async function memory() {
  const gw = await LogSignalGateway.start({ port: 0, maxServices: 10_000, warn: () => {} });
  const body = (from, count) => {
    const resources = Array.from({ length: count }, (_, i) => ({ attributes: { 'service.name': `svc-${from + i}` } }));
    const scope = { name: 'app' };
    const recs = generateRecords(count * 10, from + 1);
    return Buffer.from(
      ProtobufLogsSerializer.serializeRequest(
        recs.map((r, j) => ({
          hrTime: [Math.floor(r.time / 1000), 0],
          hrTimeObserved: [0, 0],
          severityNumber: r.severityNumber,
          severityText: r.severityText,
          body: r.body,
          attributes: r.attributes,
          resource: resources[j % count],
          instrumentationScope: scope,
          droppedAttributesCount: 0,
        })),
      ),
    );
  };
  const heap = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed / 1e6;
  };
  const base = heap();
  const send = async (from, to) => {
    for (let s = from; s < to; s += 200) {
      const r = await fetch(`${gw.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body(s, 200) });
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    }
  };
  console.log(`3. memory, 10 records per service${globalThis.gc ? '' : ' (run with --expose-gc for exact figures)'}`);
  for (const [from, to] of [
    [0, 2_000],
    [2_000, 5_000],
    [5_000, 10_000],
    [10_000, 20_000],
  ]) {
    await send(from, to);
    const h = heap();
    console.log(
      `   after ${fmt(to)} services: ${gw.services.size} live, ${gw.services.evicted} evicted, heap ${h.toFixed(0)} MB (+${(h - base).toFixed(0)} MB, ${(((h - base) * 1e6) / gw.services.size / 1024).toFixed(1)} KiB per live service)`,
    );
  }
  await gw.stop(1000);
}

if (!args.only || args.only === 'split') split();
if (!args.only || args.only === 'e2e') await e2e();
if (!args.only || args.only === 'memory') await memory();
