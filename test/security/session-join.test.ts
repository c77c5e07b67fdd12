import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { LogSignalProcessor } from '../../src/index.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { Security } from '../../src/security/index.js';
import { SessionJoin } from '../../src/security/session-join.js';
import { ev } from './helpers.js';

const T0 = Date.UTC(2026, 11, 1, 10);
const MIN = 60_000;
const ATTACKER = '203.0.113.7';
const VICTIM = '198.51.100.66';

const accept = (conn: number, addr = ATTACKER, tag = 'db1 slapd[812]:') => `Dec  1 10:00:00 ${tag} conn=${conn} fd=12 ACCEPT from IP=${addr}:51234 (IP=0.0.0.0:389)`;
const refused = (conn: number, op = 0, tag = 'db1 slapd[812]:') => `Dec  1 10:00:01 ${tag} conn=${conn} op=${op} RESULT tag=97 err=49 text=`;

/** Feeds `lines` in order, `step` ms apart from `start`, and returns each line's key (`orderedFailureKey`). */
function keys(d: BruteForceDetector, lines: string[], start = T0, step = 1000, attributes: Record<string, unknown> = {}): (string | undefined)[] {
  return lines.map((l, i) => d.orderedFailureKey(ev(attributes, l, start + i * step)));
}

describe('bruteForce session join: a failure that names only its session gets the client of its earlier line', () => {
  it('slapd: ACCEPT then refused binds on the connection are keyed by the ACCEPT address and raise brute_force', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    d.observe(ev({}, accept(1005), T0), out);
    d.observe(ev({}, 'Dec  1 10:00:00 db1 slapd[812]: conn=1005 op=0 BIND dn="uid=admin,ou=people,dc=example,dc=org" method=128', T0 + 1), out);
    for (let op = 0; op < 5; op++) d.observe(ev({}, refused(1005, op), T0 + 1000 * (op + 1)), out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ name: 'brute_force', key: ATTACKER, evidence: { count: 5 } });
    // each line alone (failureKey) stays line-local: the refused bind names no client
    expect(new BruteForceDetector().failureKey(ev({}, refused(1005)))).toBeUndefined();
  });

  it('IPv6 and bracketed addresses, 389-ds `connection from`, OpenDJ `from=`, generic `session=N` and `Connection=N`', () => {
    const d = new BruteForceDetector();
    expect(keys(d, [accept(7, '[2001:db8::7]'), refused(7)])).toEqual([undefined, '2001:db8::7']);
    const ds = [
      '[01/Dec/2026:10:00:01.104 +0000] conn=12 fd=64 slot=64 connection from 192.0.2.44 to 192.0.2.10',
      '[01/Dec/2026:10:00:01.105 +0000] conn=12 op=0 RESULT err=49 tag=97 nentries=0 etime=0.000471',
    ];
    expect(keys(new BruteForceDetector(), ds)).toEqual([undefined, '192.0.2.44']);
    const dj = ['CONNECT conn=31 from=[2001:db8:77::5]:50990 to=[2001:db8::20]:1636 protocol=LDAPS', 'BIND RES conn=31 op=0 msgID=1 result=49 etime=2'];
    expect(keys(new BruteForceDetector(), dj)).toEqual([undefined, '2001:db8:77::5']);
    const generic = ['session=4411 opened from 192.0.2.90 port 5000', 'session=4411: authentication failed for bob'];
    expect(keys(new BruteForceDetector(), generic)).toEqual([undefined, '192.0.2.90']);
    const cid = ['2026-12-01 10:00:00 INFO Connection=77 accepted from 192.0.2.91:6000', '2026-12-01 10:00:01 WARN Connection=77 login failed'];
    expect(keys(new BruteForceDetector(), cid)).toEqual([undefined, '192.0.2.91']);
    // a token that is not the line's first field, or too far into it, is none
    const late = ['fd=12 conn=78 ACCEPT from IP=192.0.2.92:1', 'conn=78 op=0 RESULT tag=97 err=49 text='];
    expect(keys(new BruteForceDetector(), late)).toEqual([undefined, undefined]);
  });

  it('ClickHouse: a login attempt naming user and client, then `<user>: Authentication failed`, keyed once', () => {
    const d = new BruteForceDetector();
    const attempt = (u: string, a: string) => `2026.12.01 10:00:00.100000 [ 2265 ] {} <Debug> TCP-Session-ef53653c-b93d-438a-a9b2-32245049fa38: Authenticating user '${u}' from [::ffff:${a}]:61944`;
    const failed = (u: string) =>
      `2026.12.01 10:00:00.200000 [ 2265 ] {} <Error> TCPHandler: Code: 516. DB::Exception: ${u}: Authentication failed: password is incorrect, or there is no user with such name.. (AUTHENTICATION_FAILED)`;
    const k = keys(d, [attempt('support', ATTACKER), failed('support'), failed('support')]);
    expect(k[1]).toBe(ATTACKER);
    // the attempt is used once
    expect(k[2]).toBeUndefined();
  });

  it('a closed session is forgotten; a new connection with the same id gets its own client', () => {
    const d = new BruteForceDetector();
    const k = keys(d, [accept(5), refused(5), 'Dec  1 10:00:02 db1 slapd[812]: conn=5 fd=12 closed (connection lost)', refused(5, 1), accept(5, '192.0.2.8'), refused(5)]);
    expect(k).toEqual([undefined, ATTACKER, undefined, undefined, undefined, '192.0.2.8']);
    expect(d.trackedSessions).toBe(1);
  });

  it('sessions are evicted by record time: a failure after `window` of silence on its session gets no client', () => {
    const d = new BruteForceDetector({ window: '10m' });
    expect(keys(d, [accept(1), refused(1)], T0, 10 * MIN - 1)).toEqual([undefined, ATTACKER]);
    const e = new BruteForceDetector({ window: '10m' });
    expect(keys(e, [accept(1), refused(1)], T0, 10 * MIN)).toEqual([undefined, undefined]);
    // every line of the session keeps it alive
    const f = new BruteForceDetector({ window: '10m' });
    const lines = [accept(1), 'Dec  1 10:00:00 db1 slapd[812]: conn=1 op=1 SRCH base="dc=example,dc=org" scope=2', refused(1)];
    expect(keys(f, lines, T0, 6 * MIN)).toEqual([undefined, undefined, ATTACKER]);
    // tick() evicts with no record
    f.tick(T0 + 60 * MIN);
    expect(f.trackedSessions).toBe(0);
  });

  it('the table is capped (least recently used session evicted first)', () => {
    const d = new BruteForceDetector({ maxKeys: 3 });
    keys(d, [accept(1, '192.0.2.1'), accept(2, '192.0.2.2'), accept(3, '192.0.2.3'), accept(4, '192.0.2.4')]);
    expect(d.trackedSessions).toBe(3);
    expect(keys(d, [refused(1), refused(4)], T0 + 5000)).toEqual([undefined, '192.0.2.4']);
    const j = new SessionJoin(2, MIN);
    for (let i = 0; i < 100; i++) j.observe(ev({}, `conn=${i} fd=1 ACCEPT from IP=192.0.2.${i}:1`), T0, false, false, -1, -1);
    expect(j.size).toBe(2);
  });

  it('sessions are scoped per stream: two servers, two programs, two services', () => {
    const d = new BruteForceDetector();
    const k = keys(d, [
      accept(5, '192.0.2.1', 'db1 slapd[812]:'),
      accept(5, '192.0.2.2', 'db2 slapd[812]:'),
      refused(5, 0, 'db2 slapd[812]:'),
      refused(5, 0, 'db1 slapd[812]:'),
      refused(5, 0, 'db1 slapd[813]:'),
    ]);
    expect(k.slice(2)).toEqual(['192.0.2.2', '192.0.2.1', undefined]);
    const e = new BruteForceDetector();
    e.orderedFailureKey(ev({ 'service.name': 'ldap-a' }, 'conn=9 fd=1 ACCEPT from IP=192.0.2.11:1', T0));
    e.orderedFailureKey(ev({ 'service.name': 'ldap-b' }, 'conn=9 fd=1 ACCEPT from IP=192.0.2.12:1', T0));
    expect(e.orderedFailureKey(ev({ 'service.name': 'ldap-a' }, 'conn=9 op=0 RESULT tag=97 err=49 text=', T0 + 1))).toBe('192.0.2.11');
    expect(e.orderedFailureKey(ev({ 'host.name': 'ldap-c' }, 'conn=9 op=0 RESULT tag=97 err=49 text=', T0 + 1))).toBeUndefined();
  });

  it('lines that are not a refused bind or a failure on a known session count nothing', () => {
    const d = new BruteForceDetector();
    const k = keys(d, [
      accept(8),
      'Dec  1 10:00:01 db1 slapd[812]: conn=8 op=0 RESULT tag=97 err=0 text=',
      'Dec  1 10:00:01 db1 slapd[812]: conn=8 op=1 RESULT tag=101 err=49 text=',
      'Dec  1 10:00:01 db1 slapd[812]: conn=8 op=2 SEARCH RESULT tag=101 err=32 nentries=0 text=',
      refused(9),
      'Dec  1 10:00:01 db1 slapd[812]: do_syncrep2: rid=005 LDAP_RES_SEARCH_RESULT (49) Invalid credentials',
    ]);
    expect(k).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('bruteForce session join: user-controlled text cannot bind a victim to a session (frame attacks)', () => {
  it('a DN or filter quoted on a session line naming another address does not rebind the session', () => {
    const d = new BruteForceDetector();
    const k = keys(d, [
      accept(21),
      `Dec  1 10:00:01 db1 slapd[812]: conn=21 op=0 BIND dn="uid=x from IP=${VICTIM}:1,dc=example,dc=org" method=128`,
      `Dec  1 10:00:01 db1 slapd[812]: conn=21 op=1 SRCH base="dc=example,dc=org" scope=2 filter="(uid=conn=21 fd=1 ACCEPT from IP=${VICTIM}:1)"`,
      refused(21),
    ]);
    expect(k[3]).toBe(ATTACKER);
    // no ACCEPT: a DN naming an address opens no session
    const e = new BruteForceDetector();
    expect(keys(e, [`Dec  1 10:00:01 db1 slapd[812]: conn=22 op=0 BIND dn="cn=conn=22 from ${VICTIM}" method=128`, refused(22)])).toEqual([undefined, undefined]);
    expect(e.trackedSessions).toBe(0);
  });

  it('a user name or URL written on a line (unquoted, on a failure line, or in a request) opens no session for a victim', () => {
    const d = new BruteForceDetector();
    // the attacker's user name on sshd's failure line: the line's own client counts, no session is bound
    const ssh = `Dec  1 10:00:01 db1 slapd[812]: Invalid user conn=31 from ${VICTIM} from ${ATTACKER} port 22`;
    d.orderedFailureKey(ev({}, ssh, T0));
    expect(d.trackedSessions).toBe(0);
    const access = `${ATTACKER} - - [01/Dec/2026:10:00:01 +0000] "GET /?q=conn=31+fd=1+ACCEPT+from+IP=${VICTIM}:1 HTTP/1.1" 404 12 "-" "curl/8"`;
    d.orderedFailureKey(ev({}, access, T0 + 1));
    expect(d.trackedSessions).toBe(0);
    expect(d.orderedFailureKey(ev({}, 'Dec  1 10:00:02 db1 slapd[812]: conn=31 op=0 RESULT tag=97 err=49 text=', T0 + 2))).toBeUndefined();
  });

  it('ClickHouse: a user name naming another client, or two clients trying one user, binds no victim', () => {
    const attempt = (u: string, a: string) => `2026.12.01 10:00:00.100000 [ 2265 ] {} <Debug> TCP-Session-1: Authenticating user '${u}' from [::ffff:${a}]:61944`;
    const failed = (u: string) =>
      `2026.12.01 10:00:00.200000 [ 2265 ] {} <Error> TCPHandler: Code: 516. DB::Exception: ${u}: Authentication failed: password is incorrect, or there is no user with such name.. (AUTHENTICATION_FAILED)`;
    const framed = `x'from[::ffff:${VICTIM}]:1`;
    // (the failure line itself names the victim in the user name: read line-locally, not by the join; the join's part here)
    const j = new SessionJoin(10, MIN);
    const a1 = attempt(framed, ATTACKER);
    j.observe(ev({}, a1), T0, true, false, -1, a1.indexOf('Authenticating user'));
    const f = failed(framed);
    expect(j.observe(ev({}, f), T0 + 1, true, true, f.indexOf('Authentication failed'), -1)).toBe(ATTACKER);
    // with spaces in the name: the failure's name (its last word) is not the attempt's, so no client at all
    const spaced = `x' from [::ffff:${VICTIM}]:1 y`;
    const a2 = attempt(spaced, ATTACKER);
    j.observe(ev({}, a2), T0 + 2, true, false, -1, a2.indexOf('Authenticating user'));
    const g = failed(spaced);
    expect(j.observe(ev({}, g), T0 + 3, true, true, g.indexOf('Authentication failed'), -1)).toBeUndefined();
    // the victim logs in as `default` while the attacker tries it: the failure is nobody's
    const e = new BruteForceDetector();
    expect(keys(e, [attempt('default', ATTACKER), attempt('default', VICTIM), failed('default')])[2]).toBeUndefined();
  });
});

describe('bruteForce session join: a replay gives the signals of the live processor', () => {
  it('the same slapd records through LogSignalProcessor (OTel SDK) and through the detector give the same signals', async () => {
    const lines: [number, string][] = [];
    for (let c = 0; c < 3; c++) {
      const addr = `192.0.2.${10 + c}`;
      lines.push([T0 + c * 100, accept(100 + c, addr)]);
      for (let op = 0; op < 5 + c; op++) lines.push([T0 + c * 100 + op * 10 + 1, refused(100 + c, op)]);
      lines.push([T0 + c * 100 + 90, `Dec  1 10:00:02 db1 slapd[812]: conn=${100 + c} fd=12 closed`]);
    }
    const live: Signal[] = [];
    const processor = new LogSignalProcessor({ detectors: [Security.bruteForce()], onSignal: (s) => live.push(s) });
    const provider = new LoggerProvider({ processors: [processor] });
    const log = provider.getLogger('slapd');
    for (const [t, body] of lines) log.emit({ timestamp: t, severityNumber: 9, body });
    await provider.forceFlush();
    await provider.shutdown();
    const replayed: Signal[] = [];
    const d = Security.bruteForce();
    for (const [t, body] of lines) d.observe(ev({}, body, t), replayed);
    const view = (s: Signal[]) => s.map((x) => [x.name, x.key, x.time, x.evidence?.count]);
    expect(view(live)).toEqual(view(replayed));
    expect(view(replayed)).toEqual([
      ['brute_force', '192.0.2.10', T0 + 41, 5],
      ['brute_force', '192.0.2.11', T0 + 141, 5],
      ['brute_force', '192.0.2.12', T0 + 241, 5],
    ]);
  });
});
