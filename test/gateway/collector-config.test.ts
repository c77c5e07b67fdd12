import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Collector binary can be installed here: the configurations of docs/gateway.md are checked as far
// as that allows: they parse, every component a pipeline names is defined, the load balancer routes by
// service to the gateways' gRPC port, and the ports agree with the `logsignal serve` command shown.
const doc = readFileSync(fileURLToPath(new URL('../../docs/gateway.md', import.meta.url)), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]);

interface Collector {
  receivers: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters: Record<string, Record<string, unknown>>;
  extensions?: Record<string, unknown>;
  service: { extensions?: string[]; pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
}

function checkComponents(c: Collector): void {
  for (const [name, p] of Object.entries(c.service.pipelines)) {
    expect(name).toMatch(/^logs(\/|$)/);
    for (const r of p.receivers) expect(c.receivers, r).toHaveProperty([r]);
    for (const x of p.processors ?? []) expect(c.processors ?? {}, x).toHaveProperty([x]);
    for (const e of p.exporters) expect(c.exporters, e).toHaveProperty([e]);
  }
  for (const x of c.service.extensions ?? []) expect(c.extensions ?? {}, x).toHaveProperty([x]);
}

describe('the Collector configurations of docs/gateway.md', () => {
  const yamls = blocks('yaml');
  const serveCommand = blocks('sh').find((b) => b.includes('--grpc-listen') && b.includes('--config')) ?? '';
  const grpcPort = /--grpc-listen \S+:(\d+)/.exec(serveCommand)?.[1];
  const exportUrl = /--export (\S+)/.exec(serveCommand)?.[1] ?? '';

  it('the load balancer: otlp receiver -> loadbalancing exporter, routing_key service, to the gateways over gRPC', () => {
    const lb = parse(yamls[0]) as Collector;
    checkComponents(lb);
    const exporter = lb.exporters.loadbalancing as { routing_key: string; protocol: { otlp: Record<string, unknown> }; resolver: Record<string, { hostnames?: string[] }> };
    expect(exporter.routing_key).toBe('service');
    expect(exporter.protocol.otlp).toMatchObject({ tls: { insecure: true }, retry_on_failure: { enabled: true } });
    expect(grpcPort).toBe('4317');
    for (const h of exporter.resolver.static.hostnames ?? []) expect(h.endsWith(`:${grpcPort}`), h).toBe(true);
    expect(lb.service.pipelines.logs.exporters).toEqual(['loadbalancing']);
  });

  it('the commented resolver alternatives (DNS, k8s) parse once uncommented, with the gateways gRPC port', () => {
    const lines = yamls[0].split('\n');
    const at = lines.findIndex((l) => l.trim() === 'resolver:');
    const indent = lines[at].indexOf('resolver:');
    const block = [];
    for (const l of lines.slice(at + 1)) {
      if (l.trim() !== '' && l.search(/\S/) <= indent) break;
      block.push(l);
    }
    // the commented settings: `# dns:`, `#   hostname: ...` (prose comments are `# 1. ...`, `#    ...`)
    const commented = block
      .map((l) => l.trim())
      .filter((l) => l.startsWith('# '))
      .map((l) => l.slice(2))
      .filter((l) => /^(dns|k8s):$|^ {2}[a-z_]+:/.test(l));
    const alternatives = parse(commented.join('\n')) as { dns: { hostname: string; port: number }; k8s: { service: string; ports: number[] } };
    expect(alternatives.dns).toMatchObject({ port: Number(grpcPort) });
    expect(alternatives.dns.hostname).toMatch(/\.svc\.cluster\.local$/);
    expect(alternatives.k8s).toEqual({ service: 'logsignal.observability', ports: [Number(grpcPort)] });
  });

  it('onwards: the collector behind the gateways takes their --export and sends on with otlphttp', () => {
    const back = parse(yamls[1]) as Collector & { receivers: { otlp: { protocols: { http: { endpoint: string } } } } };
    checkComponents(back);
    expect(new URL(exportUrl).port).toBe(back.receivers.otlp.protocols.http.endpoint.split(':')[1]);
    expect(new URL(exportUrl).pathname).toBe('/v1/logs');
    expect(back.exporters.otlphttp.endpoint).toMatch(/^https:\/\//);
  });
});
