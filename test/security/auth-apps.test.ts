import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { APP_CHECKED_PHRASES, APP_FAILURE_PHRASES, appFailureClient } from '../../src/security/app-auth-failure.js';
import { BruteForceDetector, DEFAULT_FAILURE_PHRASES } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

const key = (message: string, attributes: Record<string, unknown> = {}) => new BruteForceDetector().failureKey(ev(attributes, message));

describe('application failure phrases and client shapes (app-auth-failure.ts)', () => {
  it('keeps every phrase at 12 characters or more and in the default set', () => {
    for (const p of [...APP_FAILURE_PHRASES, ...APP_CHECKED_PHRASES]) expect(p.length, p).toBeGreaterThanOrEqual(12);
    for (const p of APP_FAILURE_PHRASES) expect(DEFAULT_FAILURE_PHRASES).toContain(p);
  });

  it('reads Samba remote host, not its local host, and drops the port of an IPv6 address', () => {
    expect(key('Auth: [SMB2,(null)] user [W]\\[a] with [NTLMv2] status [NT_STATUS_WRONG_PASSWORD] remote host [ipv6:2001:db8::9:49812] mapped to [W]\\[a]. local host [ipv6:2001:db8::5:445]')).toBe(
      '2001:db8::9',
    );
    expect(key('{"status": "NT_STATUS_NO_SUCH_USER", "localAddress": "ipv4:10.0.0.5:445", "remoteAddress": "ipv4:192.0.2.9:40000"}')).toBe('192.0.2.9');
    expect(key('  check_ntlm_password:  Authentication for user [Admin] -> [admin] FAILED with error NT_STATUS_WRONG_PASSWORD')).toBe('user:admin');
  });

  it('counts OpenVPN certificate refusals and auth-pam plugin refusals, not their successes', () => {
    expect(key('203.0.113.40:51820 VERIFY ERROR: depth=0, error=certificate revoked: CN=tablet-7, serial=42')).toBe('203.0.113.40');
    expect(key('ops/198.51.100.9:40312 PLUGIN_CALL: POST /usr/lib/openvpn/plugins/openvpn-plugin-auth-pam.so/PLUGIN_AUTH_USER_PASS_VERIFY status=1')).toBe('198.51.100.9');
    expect(key('203.0.113.40:51820 VERIFY OK: depth=0, CN=tablet-7')).toBeUndefined();
    expect(key('ops/198.51.100.9:40312 PLUGIN_CALL: POST /usr/lib/openvpn/plugins/openvpn-plugin-auth-pam.so/PLUGIN_AUTH_USER_PASS_VERIFY status=0')).toBeUndefined();
  });

  it("counts a Samba logon the account's state refused (disabled, expired, outside its hours)", () => {
    for (const status of ['ACCOUNT_DISABLED', 'ACCOUNT_EXPIRED', 'PASSWORD_EXPIRED', 'ACCOUNT_RESTRICTION', 'INVALID_LOGON_HOURS', 'INVALID_WORKSTATION']) {
      expect(
        key(
          `Auth: [SMB2,(null)] user [CORP]\\[kim] with [NTLMv2] status [NT_STATUS_${status}] workstation [PC9] remote host [ipv4:192.0.2.77:50123] mapped to [CORP]\\[kim]. local host [ipv4:10.1.1.2:445]`,
        ),
        status,
      ).toBe('192.0.2.77');
    }
    expect(key('Auth: [SMB2,(null)] user [CORP]\\[kim] with [NTLMv2] status [NT_STATUS_OK] workstation [PC9] remote host [ipv4:192.0.2.77:50123]')).toBeUndefined();
  });

  it('keys Cisco ASA refusals by the user IP, not the AAA server, and leaves its successes alone', () => {
    expect(key('AAA user authentication Rejected : reason = AAA failure : server = 10.9.9.9 : user = ***** : user IP = 198.51.100.44')).toBe('198.51.100.44');
    expect(key('Login denied from 203.0.113.61/40001 to outside:198.51.100.1/ssh for user "ops"')).toBe('203.0.113.61');
    expect(key('Group <Staff> User <kim> IP <192.0.2.140> Authentication: rejected, Session Type: WebVPN.')).toBe('192.0.2.140');
    expect(key('AAA user authentication Successful : server = 10.9.9.9 : user = kim')).toBeUndefined();
    expect(key('Login permitted from 203.0.113.61/40001 to inside:10.0.0.1/ssh for user "ops"')).toBeUndefined();
  });

  it('keys a Windows 4625 logon failure by its source network address, whatever the failure reason', () => {
    const line = (reason: string, source: string) =>
      `4625: An account failed to log on. Logon Type: 3 Account For Which Logon Failed: Account Name: kim Failure Information: Failure Reason: ${reason} Network Information: Workstation Name: PC-1 Source Network Address: ${source} Source Port: 51000`;
    expect(key(line('Account currently disabled.', '203.0.113.90'))).toBe('203.0.113.90');
    expect(key(line('The user has not been granted the requested logon type at this machine.', '2001:db8:5::7'))).toBe('2001:db8:5::7');
  });

  it('does not count a failure counter reset, a replica refused by its source, nor a packet HMAC failure', () => {
    expect(key('pam_faillock(sshd:auth): Consecutive login failures for user kim reset by root')).toBeUndefined();
    expect(
      key("[ERROR] [MY-010584] [Repl] Replica I/O for channel '': Error connecting to source 'repl@10.1.1.8:3306'. Message: Access denied for user 'repl'@'10.1.1.7' (using password: YES)"),
    ).toBeUndefined();
    expect(key('192.0.2.66:1194 Authenticate/Decrypt packet error: packet HMAC authentication failed')).toBeUndefined();
    // still failures: a dropped connection after the failure, and an ordinary access-denied login
    expect(key('Failed password for kim from 192.0.2.67 port 2222 ssh2: Connection reset by peer')).toBe('192.0.2.67');
    expect(key("Access denied for user 'kim'@'192.0.2.68' (using password: YES)")).toBe('192.0.2.68');
  });

  it('keys a RabbitMQ refusal by the connection address, or by its user when the line names none', () => {
    expect(key("[error] <0.1.0> Error on AMQP connection <0.1.0> (192.0.2.150:5123 -> 10.0.0.5:5672, state: starting): PLAIN login refused: user 'guest' - invalid credentials")).toBe('192.0.2.150');
    expect(key("[error] <0.2.0> PLAIN login refused: user 'Guest' - invalid credentials")).toBe('user:guest');
    expect(key("[warning] <0.3.0> HTTP access denied: user 'app' - Not management user")).toBeUndefined();
  });

  it('keys Asterisk by the source address, not the SIP URI before it', () => {
    expect(key(`Registration from '"100" <sip:100@198.51.100.5>' failed for '192.0.2.70:5060' - Wrong password`)).toBe('192.0.2.70');
    expect(key('SecurityEvent="InvalidPassword",LocalAddress="IPV4/UDP/10.0.0.5/5060",RemoteAddress="IPV6/UDP/2001:db8::7/5060"')).toBe('2001:db8::7');
  });

  it("counts Asterisk's `' failed for '` only after a `from '`", () => {
    expect(key(`Request 'OPTIONS' from '<sip:1@198.51.100.5>' failed for '192.0.2.71:5060' (callid: x) - No matching endpoint found`)).toBe('192.0.2.71');
    expect(key(`backup job 'nightly' failed for '192.0.2.72', retrying`)).toBeUndefined();
  });

  it('reads xrdp-sesman ip= with an IPv4-mapped address and a port', () => {
    expect(key('[INFO ] AUTHFAIL: user=bob ip=::ffff:192.0.2.30:51234 time=1')).toBe('192.0.2.30');
    expect(appFailureClient('AUTHFAIL: user=bob ip=192.0.2.31 time=1')).toBe('192.0.2.31');
  });

  it('counts a Grafana 401 as refusedLogin does: not a GET naming no user', () => {
    const line = (m: string, uname: string) =>
      `logger=context userId=0 orgId=0 uname=${uname} t=2026-12-01T10:00:00Z level=info msg="Request Completed" method=${m} path=/api/search status=401 remote_addr=192.0.2.40 time_ms=1`;
    expect(key(line('POST', ''))).toBe('192.0.2.40');
    expect(key(line('GET', 'admin'))).toBe('192.0.2.40');
    expect(key(line('GET', ''))).toBeUndefined();
    expect(key(line('OPTIONS', ''))).toBeUndefined();
  });

  it('counts MongoDB before 4.4 only with its `from client`, not any `failed to authenticate`', () => {
    expect(key('I ACCESS  [conn1] Failed to authenticate a@admin from client 192.0.2.86:51239 with mechanism SCRAM-SHA-1: AuthenticationFailed')).toBe('192.0.2.86');
    expect(key('{"c":"ACCESS","msg":"Failed to authenticate","attr":{"client":"192.0.2.88:51236","user":"a"}}')).toBe('192.0.2.88');
    expect(key('worker: failed to authenticate to the broker at 192.0.2.87:5672, retrying')).toBeUndefined();
    expect(key('{"note":"failed to authenticate","peer":"192.0.2.87"}')).toBeUndefined();
  });

  it('reads Keycloak ipAddress= plain, quoted and JSON-escaped', () => {
    expect(key('type=LOGIN_ERROR, realmId=master, clientId=x, userId=null, ipAddress=192.0.2.90, error=user_not_found, username=admin')).toBe('192.0.2.90');
    expect(key('type="LOGIN_ERROR", realmId="m", ipAddress="2001:DB8::90", error="invalid_user_credentials"')).toBe('2001:db8::90');
    expect(key('{"message":"type=\\"LOGIN_ERROR\\", realmId=\\"m\\", ipAddress=\\"192.0.2.96\\", error=\\"user_not_found\\""}')).toBe('192.0.2.96');
  });

  it('reads a bounded part of a long text that repeats the checked phrases', () => {
    const t = `${"failed to authenticate ' failed for ' us=401 remote_addr= ".repeat(300)}${'x'.repeat(200_000)} from client 192.0.2.1:1`;
    expect(key(t)).toBeUndefined();
    expect(appFailureClient(`${'a'.repeat(5000)} remote_addr=192.0.2.1`)).toBeUndefined();
  });

  it('lets a client attribute win over the message', () => {
    expect(key('type=LOGIN_ERROR, ipAddress=192.0.2.90, error=user_not_found', { 'client.address': '198.51.100.1' })).toBe('198.51.100.1');
  });

  it('leaves a custom match alone: only its own phrases count', () => {
    const d = new BruteForceDetector({ match: ['failed password'] });
    expect(d.failureKey(ev({}, 'type=LOGIN_ERROR, ipAddress=192.0.2.90, error=user_not_found'))).toBeUndefined();
  });

  it('raises one signal for five failures of one client', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 6; i++) d.observe(ev({}, `192.0.2.10:5123${i} TLS Auth Error: Auth Username/Password verification failed for peer`, i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.10']);
  });
});
