import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The gateway's own dependencies: only `logsignal serve` (or a gateway that starts) may load them. */
const GATEWAY_ONLY = ['protobufjs', 'prom-client', '@grpc/grpc-js', '@opentelemetry/exporter-logs-otlp-proto', '@opentelemetry/exporter-logs-otlp-http'];

/** A module resolve hook that posts every URL it resolves to the port it was given (ES modules, either line). */
const HOOK = `let port; export function initialize(d) { port = d.port; } export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }`;

/**
 * Runs `script` (an ES module body) in a fresh Node process in the package root, where `import('logsignal')`
 * resolves to the built package (dist/index.js, by its `exports`), with `await loaded()` listing which of
 * {@link GATEWAY_ONLY} were loaded: seen by a resolve hook (ES module builds, as the 3.x line's
 * exporters are) or in the CommonJS module cache (CommonJS packages, inner files included).
 */
function run(script: string): string[][] {
  const prelude = `import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const cache = createRequire(import.meta.url).cache;
const urls = new Set();
let marker;
const { port1, port2 } = new MessageChannel();
port1.on('message', (u) => {
  urls.add(u);
  if (marker !== undefined && u === marker.url) marker.seen();
});
port1.unref();
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: { port: port2 }, transferList: [port2] });
const names = ${JSON.stringify(GATEWAY_ONLY)};
let markers = 0;
const loaded = async () => {
  // the hook's messages arrive asynchronously, in order: once a marker module resolved now is seen,
  // so is every URL resolved before it (a condition, not a sleep that a loaded machine can outlast)
  const url = 'data:text/javascript,' + ++markers;
  const seen = new Promise((r) => (marker = { url, seen: r }));
  port1.ref(); // the process waits for the message
  await import(url);
  await seen;
  port1.unref();
  const files = [...Object.keys(cache), ...[...urls].map((u) => decodeURIComponent(u))];
  return names.filter((n) => files.some((k) => k.includes('/node_modules/' + n + '/')));
};
const out = [];
`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `${prelude}${script}\nconsole.log(JSON.stringify(out));`], { cwd: root, encoding: 'utf8', timeout: 20_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null');
}

describe("importing 'logsignal' loads OpenTelemetry and little else", () => {
  it('protobufjs, prom-client, grpc-js and the OTLP exporters are not loaded by the import, only by a gateway that starts', () => {
    const [afterImport, afterStart, afterGrpc] = run(`
const { LogSignalGateway, LogSignalProcessor } = await import('logsignal');
new LogSignalProcessor({ rules: ['ERROR'] });
out.push(await loaded());
const gw = await LogSignalGateway.start({ port: 0, setRepeat: () => () => {} });
out.push(await loaded());
await gw.stop(100);
const grpc = await LogSignalGateway.start({ port: 0, grpcPort: 0, setRepeat: () => () => {} });
await grpc.stop(100);
out.push(await loaded());
`);
    expect(afterImport).toEqual([]);
    // the probe sees them once they are loaded: the gateway's codec and metrics, then gRPC
    expect(afterStart).toEqual(['protobufjs', 'prom-client']);
    expect(afterGrpc).toEqual(['protobufjs', 'prom-client', '@grpc/grpc-js']);
  });

  it('the probe sees an OTLP exporter package when one is imported', () => {
    expect(run(`await import('@opentelemetry/exporter-logs-otlp-proto'); out.push(await loaded());`)[0]).toContain('@opentelemetry/exporter-logs-otlp-proto');
  });
});
