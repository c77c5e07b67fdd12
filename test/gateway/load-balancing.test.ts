import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeverityNumber } from '../helpers/otel-logs.js';
import { OTLPLogExporter as GrpcExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from '../../src/testing/index.js';
import { exportWith, sdkRecords, T0 } from './helpers.js';

// The built CLI, as a user runs it (`npm test` builds first).
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'main.js');
const fixtures = join(root, 'test', 'fixtures', 'config');

interface Serve {
  child: ChildProcessWithoutNullStreams;
  url: string;
  grpc: string | undefined;
  stdout: () => string;
  stderr: () => string;
  /** The exit code, once the process exited and its stdout and stderr were read to the end. */
  exit: Promise<number | null>;
}

/** Start `logsignal serve` and resolve once it printed `listening on URL`. */
function serve(args: string[]): Promise<Serve> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--listen', '127.0.0.1:0', ...args]);
    let out = '';
    let err = '';
    // 'close', not 'exit': 'exit' may come before the last output (the stop message) is read from the pipes
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      const g = /^listening for OTLP\/gRPC on (127\.0\.0\.1:\d+)$/m.exec(out);
      if (m && (g || !args.includes('--grpc-listen'))) resolve({ child, url: m[1], grpc: g?.[1], stdout: () => out, stderr: () => err, exit });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

/**
 * What the Collector's loadbalancing exporter does with `routing_key: service`: a consistent hash
 * ring of the backends (many points each), the service name hashed onto it, the next point clockwise.
 */
class HashRing {
  private readonly points: Array<[number, string]> = [];
  constructor(backends: readonly string[], pointsPerBackend = 100) {
    for (const b of backends) for (let i = 0; i < pointsPerBackend; i++) this.points.push([hash32(`${b}#${i}`), b]);
    this.points.sort((x, y) => x[0] - y[0]);
  }
  route(key: string): string {
    const h = hash32(key);
    return (this.points.find((p) => p[0] >= h) ?? this.points[0])[1];
  }
}
const hash32 = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0);

describe('two gateway processes behind a consistent hash of service.name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logsignal-lb-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("each service's signals come from exactly one instance", async () => {
    // the loadbalancing exporter's backends are OTLP/gRPC endpoints
    const gateways = await Promise.all([serve(['--grpc-listen', '127.0.0.1:0']), serve(['--grpc-listen', '127.0.0.1:0'])]);
    try {
      const ring = new HashRing(gateways.map((g) => g.grpc as string));
      // the ports are random, so the ring is too: take the first four names each instance owns
      const names = ['cart', 'checkout', 'search', 'auth', 'email', 'ads', 'billing', 'catalog', 'stock', 'payments', 'users', 'orders', 'reviews', 'shipping', 'pricing', 'media'];
      const owned = (g: Serve) => names.filter((s) => ring.route(s) === g.grpc).slice(0, 4);
      const services = [...owned(gateways[0] as Serve), ...owned(gateways[1] as Serve)];
      expect(services.length).toBeGreaterThan(4); // with 16 names, each instance owns some
      // one batch per backend, several services in each (the Collector batches them so)
      const perBackend = new Map<string, ReturnType<typeof sdkRecords>>();
      for (const s of services) {
        const lines = Array.from({ length: 6 }, (_, i) => ({
          body: i === 5 ? `${s} failed to reach its database` : `${s} handled request ${i}`,
          time: T0 + i * 1000,
          severity: i === 5 ? SeverityNumber.ERROR : SeverityNumber.INFO,
        }));
        const target = ring.route(s);
        perBackend.set(target, [...(perBackend.get(target) ?? []), ...sdkRecords(s, lines)]);
      }
      expect(perBackend.size).toBe(2); // both instances own some services
      for (const [address, records] of perBackend) {
        const exporter = new GrpcExporter({ url: `http://${address}` });
        expect(await exportWith(exporter, records)).toEqual({ code: 0, error: undefined });
        await exporter.shutdown();
      }
      for (const g of gateways) g.child.kill('SIGTERM');
      expect(await Promise.all(gateways.map((g) => g.exit))).toEqual([0, 0]);
      const bySource = gateways.map((g) =>
        g
          .stdout()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { service: string; name: string }),
      );
      for (const s of services) {
        const owners = bySource.map((signals, i) => (signals.some((x) => x.service === s && x.name === 'level_match') ? gateways[i].grpc : undefined)).filter(Boolean);
        expect(owners, s).toEqual([ring.route(s)]);
      }
    } finally {
      for (const g of gateways) g.child.kill('SIGKILL');
    }
  }, 30_000);

  it('SIGTERM: stops accepting, exports what is queued, saves the state, exits 0', async () => {
    const receiver = await startOtlpReceiver();
    const state = join(dir, 'gw.state.json');
    const g = await serve(['--export', receiver.url, '--export-protocol', 'http/json', '--state', state]);
    try {
      const records = [
        ...sdkRecords('orders', [
          { body: 'order 1 placed', time: T0 },
          { body: 'order 2 failed', time: T0 + 1, severity: SeverityNumber.ERROR },
        ]),
        ...sdkRecords('stock', [{ body: 'stock updated', time: T0 }]),
      ];
      expect(await exportWith(new ProtoExporter({ url: `${g.url}/v1/logs` }), records)).toEqual({ code: 0, error: undefined });
      g.child.kill('SIGTERM');
      expect(await g.exit).toBe(0);
      expect(g.stderr()).toMatch(/stopped on SIGTERM; state saved to/);
      expect(receiver.records.filter((r) => r.eventName !== 'logsignal.signal').map((r) => r.body)).toEqual(['order 1 placed', 'order 2 failed', 'stock updated']);
      expect(receiver.records.some((r) => r.eventName === 'logsignal.signal' && r.resource['service.name'] === 'orders')).toBe(true);
      expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')).services).sort()).toEqual(['orders', 'stock']);
      // a restart reads it back without complaint
      const again = await serve(['--state', state]);
      again.child.kill('SIGTERM');
      expect(await again.exit).toBe(0);
      expect(again.stderr()).not.toMatch(/cannot be used|starting without it/);
    } finally {
      g.child.kill('SIGKILL');
      await receiver.close();
    }
  }, 30_000);

  it('takes the config file of scan and fromConfig', async () => {
    const receiver = await startOtlpReceiver();
    const g = await serve(['--config', join(fixtures, 'web.yaml'), '--export', receiver.url, '--export-protocol', 'http/json']);
    try {
      const records = sdkRecords('web', [{ body: 'worker crashed: OutOfMemory in handler', time: T0 }]);
      expect(await exportWith(new ProtoExporter({ url: `${g.url}/v1/logs` }), records)).toEqual({ code: 0, error: undefined });
      g.child.kill('SIGTERM');
      expect(await g.exit).toBe(0);
      const record = receiver.records.find((r) => r.eventName !== 'logsignal.signal');
      // the config's own keyword rule fired, and templates.attributes put the template on the record
      expect(record?.attributes).toMatchObject({ 'logsignal.anomaly': true, 'logsignal.template.id': 'T1' });
      expect(receiver.records.some((r) => r.attributes['logsignal.name'] === 'keyword_match')).toBe(true);
    } finally {
      g.child.kill('SIGKILL');
      await receiver.close();
    }
  }, 30_000);

  it.each([
    [['--listen', 'nowhere'], /--listen: expected HOST:PORT/],
    [['--config', join(fixtures, 'bad-window.yaml')], /bad-window\.yaml: detectors\[1\]\.spike\.window: expected a duration/],
    [['--export-protocol', 'grpc', '--export', 'http://127.0.0.1:1'], /--export-protocol: expected one of http\/protobuf, http\/json/],
    [['--max-request-size', 'lots'], /--max-request-size: expected a size/],
  ])('bad usage %j is refused with exit code 2', async (args, message) => {
    const r = spawn(process.execPath, [cli, 'serve', ...args]);
    let err = '';
    r.stderr.on('data', (d) => (err += d));
    expect(await new Promise((res) => r.on('close', res))).toBe(2); // 'close': stderr is read to the end
    expect(err).toMatch(message);
  });
});
