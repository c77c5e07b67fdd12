import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The gateway's own dependencies: only `logsignal serve` (or a gateway that starts) may load them. */
const GATEWAY_ONLY = ['protobufjs', 'prom-client', '@grpc/grpc-js', '@opentelemetry/exporter-logs-otlp-proto', '@opentelemetry/exporter-logs-otlp-http'];

/**
 * Runs `script` (an ES module body) in a fresh Node process in the package root, where `import('logsignal')`
 * resolves to the built package (dist/index.js, by its `exports`), with `loaded()` listing which of
 * {@link GATEWAY_ONLY} are in the module cache (they are CommonJS packages: importing one from ESM
 * registers it there, inner files included).
 */
function run(script: string): string[][] {
  const prelude = `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
const names = ${JSON.stringify(GATEWAY_ONLY)};
const loaded = () => names.filter((n) => Object.keys(cache).some((k) => k.includes('/node_modules/' + n + '/')));
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
out.push(loaded());
const gw = await LogSignalGateway.start({ port: 0, setRepeat: () => () => {} });
out.push(loaded());
await gw.stop(100);
const grpc = await LogSignalGateway.start({ port: 0, grpcPort: 0, setRepeat: () => () => {} });
await grpc.stop(100);
out.push(loaded());
`);
    expect(afterImport).toEqual([]);
    // the probe sees them once they are loaded: the gateway's codec and metrics, then gRPC
    expect(afterStart).toEqual(['protobufjs', 'prom-client']);
    expect(afterGrpc).toEqual(['protobufjs', 'prom-client', '@grpc/grpc-js']);
  });

  it('the probe sees an OTLP exporter package when one is imported', () => {
    expect(run(`await import('@opentelemetry/exporter-logs-otlp-proto'); out.push(loaded());`)[0]).toContain('@opentelemetry/exporter-logs-otlp-proto');
  });
});
