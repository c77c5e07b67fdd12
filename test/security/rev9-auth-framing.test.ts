import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

/**
 * Lines that make the client reading of branch auth9 (at 5a301df) key a failure to an address the
 * attacker chose (a victim, 198.51.100.7 below) through a name the client typed, count a normal line
 * as a failure, or drop the attacker's own failures. The attacker is 203.0.113.9 / 203.0.113.5.
 * Reviewer rev9.
 */
const d = new BruteForceDetector();
const key = (line: string) => d.failureKey(ev({}, line));
const VICTIM = '198.51.100.7';

describe("framing a victim: the client's own name holds the victim's address (auth9 5a301df)", () => {
  it.each([
    // an MQTT client id is chosen by the client: `Client <id> [addr:port] disconnected, not authorised.` with id `a [victim:1] b`
    ['Client a [198.51.100.7:1] b [203.0.113.5:5123] disconnected, not authorised.', '203.0.113.5'],
    ['Client <x> [198.51.100.7:1] <unknown> [203.0.113.5:5123] disconnected, not authorised.', '203.0.113.5'],
    // `Cannot login <user>@<client>` with the user `a@198.51.100.7 x` / `198.51.100.7 `
    ['Cannot login a@198.51.100.7 x@203.0.113.9', '203.0.113.9'],
    ['Cannot login 198.51.100.7 @203.0.113.9', '203.0.113.9'],
    // a `remote-addr=` inside the user's value (main reads client=)
    ['login failed: user=remote-addr=198.51.100.7 client=203.0.113.9', '203.0.113.9'],
    // a request header the client sent (`Remote-Addr:`), logged in JSON beside the real remote_addr: hyphenated names are HTTP header spellings
    ['{"msg":"login failed","user":"bob","headers":{"remote-addr":"198.51.100.7"},"remote_addr":"203.0.113.9"}', '203.0.113.9'],
    // SQL Server: the user name is the client's; its `[addr:port]` / `[[v6]:port]` forms are not the [CLIENT: ] field
    ["Login failed for user 'x [[2001:db8::7]:1]'. Reason: Password did not match. [CLIENT: 203.0.113.9]", '203.0.113.9'],
    ["Login failed for user 'x <y> [198.51.100.7:1]'. Reason: Password did not match. [CLIENT: 203.0.113.9]", '203.0.113.9'],
  ])('%s', (line, attacker) => {
    const k = key(line);
    expect(k === undefined || k === attacker, `keyed ${k}`).toBe(true);
    expect(k).not.toBe(VICTIM);
  });
});

/** A length-prefixed audit field, as a database's syslog audit trail writes it. */
const field = (name: string, v: string) => `${name}:[${v.length}] "${v}"`;
const REAL = 'Authenticated by: DATABASE; Client address: (ADDRESS=(PROTOCOL=tcp)(HOST=203.0.113.9)(PORT=5123))';
const FORGED = '(ADDRESS=(PROTOCOL=tcp)(HOST=198.51.100.7))';

describe('framing a victim: a client-declared audit field holds a TNS address (auth9 2899024)', () => {
  // the client sets its program name and client identifier; only USER/HOST/TERMINAL names are skipped
  it.each(['CLIENT_ID', 'CLIENT_PROGRAM_NAME'])('%s before COMMENT$TEXT', (name) => {
    const line = ['LENGTH: "300"', field('SESSIONID', '123456'), field(name, FORGED), field('ACTION', '100'), field('RETURNCODE', '1017'), field('COMMENT$TEXT', REAL)].join(' ');
    const k = key(line);
    expect(k === undefined || k === '203.0.113.9', `keyed ${k}`).toBe(true);
  });
});

describe("framing a victim: the refused certificate's subject (chosen by the client) holds the address (auth9 2899024)", () => {
  it.each(['client certificate verification failed for "CN=198.51.100.7" (peer 203.0.113.9)', 'untrusted client certificate "/CN=198.51.100.7" presented by 203.0.113.9'])('%s', (line) => {
    const k = key(line);
    expect(k === undefined || k === '203.0.113.9', `keyed ${k}`).toBe(true);
  });
});

describe('a normal line is not a failure (auth9 2899024)', () => {
  it.each([
    // a successful login's summary of earlier attempts
    'user bob logged in from 192.0.2.1; 0 unsuccessful authentication attempts since last login',
    'bob logged in from 192.0.2.1 (last unsuccessful authentication: never)',
    // our own ACME client, no client certificate refused
    'acme: client did not obtain a certificate for example.org; retry from 192.0.2.1 in 5m',
    // a return code that is a value the client typed, or an application's own code
    'search from 192.0.2.5: q="return_code=1045"',
    'search from 203.0.113.9: q="return_code=1017 from 198.51.100.7"',
    'app: request from 192.0.2.5 processed, params {"return_code": 1017}',
    // our own outbound TLS: the server we connected to sent no certificate, or refused ours
    'tls: server 192.0.2.1 did not present a certificate',
    'our client certificate rejected by 192.0.2.1:8443',
    // a mail server refusing a message: the sender's domain is not authorised (SPF), no login was tried
    'Message from 192.0.2.1 rejected: sender domain not authorised (SPF fail)',
    'smtpd: 192.0.2.1: message rejected, not authorized to relay',
  ])('%s', (line) => {
    expect(key(line)).toBeUndefined();
  });
});

describe("the attacker's own failure is dropped by a user name it chose (auth9 4eb05ca)", () => {
  it.each([
    // user name `received from x` (a "remote server's error relayed")
    ['login=received from x authentication failed rhost=203.0.113.9', '203.0.113.9'],
    // user name `to ldap://x` (a "URL we connected to")
    ['login=to ldap://x authentication failed rhost=203.0.113.9', '203.0.113.9'],
    ['account=to http://x.example: authentication failed, client=203.0.113.9', '203.0.113.9'],
    // user name `bind` ("our own directory bind")
    ['client 203.0.113.9 account bind: Invalid credentials', '203.0.113.9'],
    ['login attempt bind from 203.0.113.9: Invalid credentials', '203.0.113.9'],
  ])('%s', (line, attacker) => {
    expect(key(line)).toBe(attacker);
  });
});

describe('variants after the auth9 fixes (auth9 084ce76, 4dd3556 at 063296b)', () => {
  it.each([
    // the id ends in a bracketed address, the real one right after it (no name between)
    ['Client a [198.51.100.7:5123] [203.0.113.5:5123] disconnected, not authorised.', '203.0.113.5'],
    ['Client a[198.51.100.7:1] [203.0.113.5:5123] disconnected, not authorised.', '203.0.113.5'],
    // other parts of the subject the client wrote into its certificate
    ['client certificate verification failed for "O=198.51.100.7" (peer 203.0.113.9)', '203.0.113.9'],
    ['client certificate verification failed for "emailAddress=a@198.51.100.7" (peer 203.0.113.9)', '203.0.113.9'],
    ['untrusted client certificate "/CN=x/OU=198.51.100.7" presented by 203.0.113.9', '203.0.113.9'],
  ])('%s', (line, attacker) => {
    const k = key(line);
    expect(k === undefined || k === attacker, `keyed ${k}`).toBe(true);
  });

  it.each([
    // the exemptions now skip key=value values, not quoted names nor a name before the product's own 'failed'
    ["account 'received from x' authentication failed rhost=203.0.113.9", '203.0.113.9'],
    ['Login for bind failed: Invalid credentials from 203.0.113.9', '203.0.113.9'],
  ])("the attacker's failure still counts: %s", (line, attacker) => {
    expect(key(line)).toBe(attacker);
  });

  it('a success summary with the count after the words is not a failure', () => {
    expect(key('user bob logged in from 192.0.2.1, unsuccessful authentication attempts since last login: 0')).toBeUndefined();
  });
});
