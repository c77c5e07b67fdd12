import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { describe, expect, it } from 'vitest';
import { eventFromObject } from '../../src/input/event-from-input.js';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { ScannerDetector } from '../../src/security/scanner.js';

/** A stream that keeps the JSON lines a logger writes. */
function capture(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.length > 0) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { stream, lines };
}

/** A raw GET (or `method`) on 127.0.0.1 (no URL normalisation by a client library), resolved when answered. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers, agent: false, method }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

function run(lines: Record<string, unknown>[], detectors: { observe(e: ReturnType<typeof eventFromObject>, out: Signal[]): void }[]): Signal[] {
  const out: Signal[] = [];
  for (const l of lines) {
    const e = eventFromObject(l, 0, 65_536);
    for (const d of detectors) d.observe(e, out);
  }
  return out;
}

describe('pino-http output (real logger, real HTTP on 127.0.0.1)', () => {
  it('is read by the injection, brute-force and scanner detectors through req / res', async () => {
    const { stream, lines } = capture();
    const log = pinoHttp({ logger: pino(stream) });
    const server = http.createServer((req, res) => {
      log(req, res);
      const url = req.url ?? '/';
      res.statusCode = url.startsWith('/login') ? 401 : url.startsWith('/probe') ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      await get(port, "/search?q=1'%20union%20select%20password%20from%20users--");
      await get(port, '/', { 'user-agent': "() { :; }; /bin/bash -c 'id'" });
      await get(port, '/static/..%2f..%2f..%2fetc/passwd');
      // credentials are posted; a GET answered 401 sent none (see refusedLogin)
      for (let i = 0; i < 5; i++) await get(port, '/login', {}, 'POST');
      for (let i = 0; i < 8; i++) await get(port, `/probe/admin${i}.php`);
      await get(port, '/orders?id=42&sort=desc');
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(lines.length).toBe(17);
    const sample = lines[0] as { req: Record<string, unknown>; res: Record<string, unknown> };
    expect(sample.req).toMatchObject({ method: 'GET', remoteAddress: '127.0.0.1' });
    expect(typeof sample.req.remotePort).toBe('number');
    expect(sample.res).toMatchObject({ statusCode: 200 });

    const injections = run(lines, [new InjectionDetector()]);
    expect(injections.map((s) => s.evidence.field)).toEqual(['req.url', 'req.headers.user-agent', 'req.url']);
    expect(injections.map((s) => (s.evidence.categories as string[])[0])).toEqual(['sqli', 'cmdi', 'traversal']);
    expect(injections.every((s) => s.key === '127.0.0.1')).toBe(true);

    const bursts = run(
      lines.map((l, i) => ({ ...l, time: 1_800_000_000_000 + i * 1000 })),
      [new BruteForceDetector(), new ScannerDetector()],
    );
    expect(bursts.map((s) => `${s.name} ${s.key}`)).toEqual(['brute_force 127.0.0.1', 'scanner 127.0.0.1']);
  });
});

describe('Fastify logger output (real server on 127.0.0.1)', () => {
  it('is read by the injection detector through req.url and req.remoteAddress', async () => {
    const { stream, lines } = capture();
    const app = Fastify({ logger: { stream } });
    app.get('/*', async (_req, reply) => reply.code(404).send('no'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    try {
      await get(port, '/item?x=%3Cscript%3Ealert(document.cookie)%3C/script%3E');
      await get(port, '/download?file=..%2f..%2f..%2fetc%2fpasswd');
      await get(port, '/products/shoes?color=blue');
    } finally {
      await app.close();
    }
    const incoming = lines.filter((l) => l.msg === 'incoming request');
    expect(incoming).toHaveLength(3);
    expect(incoming[0].req).toMatchObject({ method: 'GET', remoteAddress: '127.0.0.1' });
    expect(lines.some((l) => (l.res as { statusCode?: number } | undefined)?.statusCode === 404)).toBe(true);
    const out = run(lines, [new InjectionDetector()]);
    expect(out.map((s) => `${s.evidence.field} ${(s.evidence.categories as string[])[0]} ${s.key}`)).toEqual(['req.url xss 127.0.0.1', 'req.url traversal 127.0.0.1']);
  });
});

describe('express-winston and bunyan record shapes (as their documentation gives them)', () => {
  it('reads express-winston `meta.req` / `meta.res` (default metaField) for injection and scans', () => {
    const line = (url: string, status: number, i: number) => ({
      meta: {
        req: { url, headers: { host: 'example.com', 'user-agent': 'curl/8.5.0' }, method: 'GET', httpVersion: '1.1', originalUrl: url, query: {} },
        res: { statusCode: status },
        responseTime: 3,
      },
      level: 'info',
      message: `HTTP GET ${url}`,
      timestamp: new Date(1_800_000_000_000 + i * 1000).toISOString(),
      'client.address': '192.0.2.7',
    });
    const lines = [line("/search?q=1' union select password from users--", 200, 0), ...Array.from({ length: 8 }, (_, i) => line(`/admin${i}.php`, 404, i + 1))];
    const out = run(lines, [new InjectionDetector(), new ScannerDetector()]);
    expect(out.map((s) => `${s.name} ${s.name === 'injection_attempt' ? s.evidence.field : s.key}`)).toEqual(['injection_attempt meta.req.url', 'scanner 192.0.2.7']);
  });

  it('reads bunyan `req` (remoteAddress) and `res` (statusCode) for brute force', () => {
    const lines = Array.from({ length: 5 }, (_, i) => ({
      name: 'api',
      hostname: 'h',
      pid: 1,
      level: 30,
      msg: 'handled',
      time: new Date(1_800_000_000_000 + i * 1000).toISOString(),
      v: 0,
      req: { method: 'POST', url: '/login', headers: {}, remoteAddress: '::ffff:198.51.100.9', remotePort: 5000 + i },
      res: { statusCode: 401, header: 'HTTP/1.1 401 Unauthorized' },
    }));
    const out = run(lines, [new BruteForceDetector()]);
    expect(out.map((s) => s.key)).toEqual(['198.51.100.9']); // the IPv4-mapped form is one client with its IPv4 form
  });
});
