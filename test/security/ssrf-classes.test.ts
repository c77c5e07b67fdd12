import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { hostFlags, INTERNAL, LOOPBACK_ADDRESS, LOOPBACK_NAME, METADATA, OBFUSCATED, PRIVATE_NETWORK } from '../../src/security/internal-host.js';
import type { Signal } from '../../src/core/signal.js';
import { ev } from './helpers.js';

// Server-side request forgery (category `ssrf`) versus URLs and hosts in ordinary values, headers and return addresses.
// Values written for these tests (not taken from a held-out set).
const d = new InjectionDetector();
const rules = (v: string) => d.score(v).rules.filter((r) => r.startsWith('ssrf'));
const flags = (h: string) => hostFlags(h, 0, h.length);
const fires = (attributes: Record<string, unknown>): Signal[] => {
  const out: Signal[] = [];
  new InjectionDetector().observe(ev(attributes), out);
  return out;
};

describe('internal hosts in any notation', () => {
  it.each([
    ['127.0.0.1', INTERNAL | LOOPBACK_ADDRESS],
    ['10.1.2.3', INTERNAL | PRIVATE_NETWORK],
    ['172.31.0.9', INTERNAL | PRIVATE_NETWORK],
    ['192.168.4.4', INTERNAL | PRIVATE_NETWORK],
    ['169.254.1.1', INTERNAL],
    ['100.64.0.1', INTERNAL],
    ['localhost', INTERNAL | LOOPBACK_NAME],
    ['api.localhost', INTERNAL | LOOPBACK_NAME],
    ['[::1]', INTERNAL | LOOPBACK_ADDRESS],
    ['[::]', INTERNAL | LOOPBACK_ADDRESS],
    ['[fc00::5]', INTERNAL | PRIVATE_NETWORK],
    ['[fe80::1%25en0]', INTERNAL],
    ['169.254.169.254', INTERNAL | METADATA],
    ['[fd00:ec2::254]', INTERNAL | METADATA],
    ['metadata.google.internal', INTERNAL | METADATA],
    ['0', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['127.1', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['2130706433', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['0x7f000001', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['0177.0.0.01', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['0xa9.0xfe.0xa9.0xfe', INTERNAL | METADATA | OBFUSCATED],
    ['[::ffff:127.0.0.1]', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['[0:0:0:0:0:ffff:7f00:1]', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['[0:0:0:0:0:0:0:1]', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['[64:ff9b::a9fe:a9fe]', INTERNAL | METADATA | OBFUSCATED],
    ['localhost.', INTERNAL | LOOPBACK_NAME | OBFUSCATED],
    ['①②⑦.⓪.⓪.①', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['127.0.0.1.nip.io', INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED],
    ['10-0-0-1.sslip.io', INTERNAL | PRIVATE_NETWORK | OBFUSCATED],
  ])('%s', (h, f) => {
    expect(flags(h)).toBe(f);
  });
  it.each([
    '8.8.8.8',
    '203.0.113.9',
    '172.32.0.1',
    '192.169.0.1',
    'example.com',
    'localhost.example.com',
    'metadata.example.com',
    '[2001:db8::1]',
    '[::ffff:8.8.8.8]',
    '1.2.3.4.5',
    '999.1.1.1',
    'shop.example',
  ])('not internal: %s', (h) => {
    expect(flags(h)).toBe(0);
  });
});

describe('SSRF in a value or parameter', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'ssrf-metadata'],
    ['url=http%3A%2F%2Fmetadata.google.internal%2FcomputeMetadata%2Fv1%2F', 'ssrf-metadata'],
    ['169.254.169.254/latest/user-data', 'ssrf-metadata'],
    ['http://127.0.0.1:6379/', 'ssrf-internal-url'],
    ['url=http://localhost:9200/_search', 'ssrf-internal-url'],
    ['a=1&webhook_endpoint=http://localhost:2375/', 'ssrf-internal-url'],
    ['https://[::1]:8443/', 'ssrf-internal-url'],
    ['http://192.168.0.10/admin', 'ssrf-internal-url'],
    ['page=1&feed=http://10.0.0.7/rss', 'ssrf-internal-url'],
    ['http:\\\\127.0.0.1\\x', 'ssrf-internal-url'],
    ['//127.0.0.1/x', 'ssrf-internal-url'],
    ['http://0/', 'ssrf-host-obfuscation'],
    ['http://0x7f000001/admin', 'ssrf-host-obfuscation'],
    ['http://[::ffff:127.0.0.1]/', 'ssrf-host-obfuscation'],
    ['http://good.example#@127.0.0.1/', 'ssrf-host-obfuscation'],
    ['http://good.example\\@127.0.0.1/', 'ssrf-host-obfuscation'],
    ['http://good.example@127.0.0.1/', 'ssrf-internal-url'],
    ['gopher://10.0.0.1:6379/_flushall%0d%0aquit', 'ssrf-scheme'],
    ['dict://cache.example:11211/stats', 'ssrf-scheme'],
    ['jar:https://files.example/a.jar!/x', 'ssrf-scheme'],
    ['netdoc:///etc/passwd', 'ssrf-scheme'],
    ['\\\\198.51.100.3\\share\\a.txt', 'ssrf-unc-path'],
    ['\\\\files.attacker.example\\c$', 'ssrf-unc-path'],
    // a private label under a public domain is the domain owner's name, not a company network's
    ['\\\\x.corp.attacker.com\\share', 'ssrf-unc-path'],
    // a loopback share reads the server's own disk
    ['\\\\127.0.0.1\\c$\\windows\\win.ini', 'ssrf-unc-path'],
    ['\\\\files.internal.evil.example.com\\c$', 'ssrf-unc-path'],
  ])('%s', (v, rule) => {
    expect(rules(v)).toContain(rule);
    expect(d.score(v).score).toBeGreaterThanOrEqual(5);
  });

  it.each([
    // prose around a URL
    'I tried http://localhost:3000/login and it failed',
    'http://localhost:3000/api returns 404 for me',
    'http://169.254.169.254/ is blocked by our proxy, why?',
    'my router is at http://192.168.0.1',
    // bare hosts other than metadata, numbers, hex constants
    'localhost',
    'localhost:5432',
    '127.0.0.1',
    'host=10.0.0.5&port=5432',
    '2130706433',
    '0x7f000001',
    // public or ordinary URLs and schemes
    'https://www.example.com/a?b=c',
    'http://8.8.8.8/',
    'ldap://ldap.example.org:389/dc=example',
    'https://metadata.example.com/v1',
    'mailto:me@example.org',
    'dict: a python type',
    'gopher:// was an early protocol',
    // return addresses: OAuth native apps are sent back to loopback (RFC 8252)
    'client_id=cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2F&response_type=code',
    'returnTo=http://localhost:3000/home',
    'next=http://localhost:8080/dashboard',
    // a Windows share by its short name, or under a private network's name
    '\\\\fileserver\\public',
    '\\\\nas.home.arpa\\photos',
    '\\\\dc1.ad.internal\\sysvol',
    '\\\\fs1.corp.local\\team',
    // a share on a private network's address
    '\\\\10.1.2.133\\Projects\\2026\\drafts',
    '\\\\192.168.1.20\\scans',
  ])('clean: %s', (v) => {
    expect(rules(v)).toEqual([]);
  });

  it.each(['http://localhost:3000/dashboard', 'comment=http://localhost:8080/api/v1/users?id=8&sort=desc', 'http://localhost/'])(
    '`localhost` by name outside a parameter that carries a URL (how people link their own machine) scores below minScore: %s',
    (v) => {
      expect(d.score(v).score).toBe(4);
    },
  );

  it('a return address to a metadata host or in an odd notation still counts', () => {
    expect(rules('redirect_uri=http://169.254.169.254/')).toContain('ssrf-metadata');
    expect(rules('next=http://0x7f000001/')).toContain('ssrf-host-obfuscation');
  });
});

describe('SSRF by field', () => {
  it('a header or the request URL naming loopback plainly is what browsers and local services send', () => {
    expect(fires({ 'http.request.header.referer': ['http://localhost:3000/cart'], 'http.request.header.host': ['127.0.0.1:8080'] })).toEqual([]);
    expect(fires({ 'http.request.header.origin': 'http://127.0.0.1:5173' })).toEqual([]);
    expect(fires({ 'url.full': 'http://127.0.0.1:8080/health' })).toEqual([]);
  });
  it('the same URL in a value, a metadata host in a header, a parameter of the request URL do count', () => {
    expect(fires({ 'url.query': 'u=http://127.0.0.1:3000/' })).toHaveLength(1);
    expect(fires({ 'url.query': 'image_url=http://localhost:3000/cart' })).toHaveLength(1);
    expect(fires({ 'http.request.header.host': ['169.254.169.254'] })).toHaveLength(1);
    expect(fires({ 'url.full': 'http://127.0.0.1:8080/fetch?u=http://127.0.0.1:6379/' })).toHaveLength(1);
    expect(fires({ 'req.url': '/fetch?u=http://10.0.0.3/' })).toHaveLength(1);
  });
  it('a URL left out in a header is not remembered as benign for a value', () => {
    const det = new InjectionDetector();
    const out: Signal[] = [];
    det.observe(ev({ 'http.request.header.referer': ['http://127.0.0.1:6379/'] }), out);
    det.observe(ev({ 'http.request.body': { url: 'http://127.0.0.1:6379/' } }), out);
    expect(out).toHaveLength(1);
    expect(out[0].evidence?.categories).toEqual(['ssrf']);
  });
  it('a URL parameter of a form body is read with its name', () => {
    expect(fires({ 'http.request.body': 'name=bob&webhook=http%3A%2F%2F127.0.0.1%3A2375%2Fcontainers%2Fjson' })).toHaveLength(1);
    expect(fires({ 'http.request.body': 'name=bob&redirect_uri=http%3A%2F%2F127.0.0.1%3A2375%2F' })).toEqual([]);
  });
  it('is excluded as a category', () => {
    const off = new InjectionDetector({ exclude: ['ssrf'] });
    expect(off.score('http://169.254.169.254/').score).toBe(0);
  });
});
