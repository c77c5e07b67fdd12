import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// Failures of products with their own vocabulary, recognised by class (auth9): a client certificate
// refused in a TLS handshake, a KDC's status names, an audit record's credentials-refused return code,
// a connection refused as not authorised, `Cannot login`, an unsuccessful second factor; the client in
// `[[v6]:port]`, `<name> [addr:port]`, `user@client` and hyphenated field names; and look-alike lines of
// the same shapes that are no client failing (progress lines, relayed remote errors, our own binds).
// Lines written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

/** An audit record in the length-prefixed layout, its fields in the order given. */
const audit = (fields: [string, string][]) => fields.map(([k, v]) => `${k}:[${v.length}] "${v}"`).join(' ');
const tns = (host: string) => `Authenticated by: DATABASE; Client address: (ADDRESS=(PROTOCOL=tcp)(HOST=${host})(PORT=51000))`;

describe('a client certificate refused in a TLS handshake (mutual TLS) is a failed login of the client', () => {
  it.each([
    ['cache[1]: 1:M 01 Dec 2026 10:00:00.000 # Error accepting a client connection: error:0A000086:SSL routines::certificate verify failed (addr=192.0.2.14:6000 laddr=10.0.0.1:6379)', '192.0.2.14'],
    ['broker[1]: Client connection from 192.0.2.10 failed: error:0A0000C7:SSL routines::peer did not return a certificate.', '192.0.2.10'],
    [
      'nginx: 2026/12/01 10:00:00 [info] 12#12: *5 client SSL certificate verify error: (2:unable to get issuer certificate) while reading client request headers, client: 192.0.2.11, server: api.example.org',
      '192.0.2.11',
    ],
    ["api[1]: http: TLS handshake error from 192.0.2.12:51000: tls: client didn't provide a certificate", '192.0.2.12'],
    ['api[1]: http: TLS handshake error from [2001:db8::13]:51000: tls: failed to verify client certificate: x509: certificate signed by unknown authority', '2001:db8::13'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    // a protocol mismatch: no credential offered
    'cache[1]: # Error accepting a client connection: error:0A00010B:SSL routines::wrong version number (addr=192.0.2.15:1000 laddr=10.0.0.1:6379)',
    // our own connect verifying a server
    'agent[1]: SSL_connect to 192.0.2.16:443 failed: error:0A000086:SSL routines::certificate verify failed',
    // the client refused our certificate
    'api[1]: http: TLS handshake error from 192.0.2.17:51000: remote error: tls: bad certificate',
    // a peer not named a client: which side's certificate failed is not said (kept as auth-new3 labels it)
    'agentd[1]: failed to accept an incoming connection: from 192.0.2.18: TLS handshake returned error code 1: certificate verify failed',
    'ca[1]: issued a certificate for client 192.0.2.19 (serial 4F2A)',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe("a KDC's status names of a refused request", () => {
  it.each([
    ['kdc[1]: AS_REQ (2 etypes {18 17}) 192.0.2.20: CLIENT_NOT_FOUND: eve@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Client not found in Kerberos database', '192.0.2.20'],
    ['kdc[1]: AS_REQ (1 etypes {18}) 2001:db8::21: LOCKED_OUT: bob@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Clients credentials have been revoked', '2001:db8::21'],
    // a principal the client chose that looks like an address is not the client
    ['kdc[1]: AS_REQ (2 etypes {18 17}) 192.0.2.22: CLIENT_NOT_FOUND: 10.0.0.5@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM', '192.0.2.22'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    'kdc[1]: AS_REQ (2 etypes {18 17}) 192.0.2.23: NEEDED_PREAUTH: bob@EXAMPLE.COM for krbtgt/EXAMPLE.COM@EXAMPLE.COM, Additional pre-authentication required',
    'kdc[1]: TGS_REQ (2 etypes {18 17}) 192.0.2.24: UNKNOWN_SERVER: authtime 0, bob@EXAMPLE.COM for HTTP/old.example.com@EXAMPLE.COM, Server not found in Kerberos database',
    'docs: the status CLIENT_NOT_FOUND is logged for unknown principals, e.g. from 192.0.2.25',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe("an audit record's return code meaning the credentials were refused", () => {
  it('keys a length-prefixed record by the address of its TNS descriptor', () => {
    const m = audit([
      ['SESSIONID', '101'],
      ['USERID', 'SCOTT'],
      ['USERHOST', 'ws-7'],
      ['RETURNCODE', '1017'],
      ['COMMENT$TEXT', tns('192.0.2.30')],
      ['OS$USERID', 'scott'],
    ]);
    expect(key(`db-audit[1]: LENGTH: "300" ${m}`)).toBe('192.0.2.30');
    expect(key(`LENGTH: "300" ${m}`)).toBe('192.0.2.30');
  });
  it('does not frame a victim through a host or user name the client declared', () => {
    const m = audit([
      ['USERID', 'SCOTT'],
      ['USERHOST', tns('10.0.0.5')],
      ['RETURNCODE', '1017'],
      ['COMMENT$TEXT', tns('192.0.2.31')],
      ['OS$USERID', tns('10.0.0.6')],
    ]);
    expect(key(`LENGTH: "300" ${m}`)).toBe('192.0.2.31');
  });
  it('a return code inside a value the client declared is no field', () => {
    const m = audit([
      ['USERHOST', 'x RETURNCODE:[4] "1017"'],
      ['RETURNCODE', '0'],
      ['COMMENT$TEXT', tns('192.0.2.32')],
    ]);
    expect(key(`LENGTH: "300" ${m}`)).toBeUndefined();
  });
  it.each([
    ['audit: user=bob return_code=1045 client_ip=192.0.2.33', '192.0.2.33'],
    ['{"event":"connect","user":"bob","return_code":28000,"remote_ip":"192.0.2.34"}', '192.0.2.34'],
    ['{"event":"connect","return_code": "28P01","client":"192.0.2.35"}', '192.0.2.35'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    `LENGTH: "300" ${audit([
      ['RETURNCODE', '0'],
      ['COMMENT$TEXT', tns('192.0.2.36')],
    ])}`,
    `LENGTH: "300" ${audit([
      ['RETURNCODE', '1031'],
      ['COMMENT$TEXT', tns('192.0.2.37')],
    ])}`,
    'audit: user=bob return_code=0 client_ip=192.0.2.38',
    'audit: user=bob return_code=10170 client_ip=192.0.2.39',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe('a connection refused as not authorised, a login that could not be made, an unsuccessful factor', () => {
  it.each([
    ['mqtt[1]: Client dev-1 [192.0.2.40:1883] disconnected, not authorised.', '192.0.2.40'],
    // a client id that looks like an address is the client's own text
    ['mqtt[1]: Client 10.0.0.5 [192.0.2.41:1883] disconnected, not authorised.', '192.0.2.41'],
    ['mqtt[1]: Client <unknown> [[2001:db8::42]:50067] disconnected, not authorised.', '2001:db8::42'],
    ['broker[1]: Connection from 192.0.2.43 refused: not authorized', '192.0.2.43'],
    ['hv[1]: Event 5 : Cannot login alice@192.0.2.50', '192.0.2.50'],
    ['hv[1]: Event 6 : Cannot login alice@2001:db8::51', '2001:db8::51'],
    // a user name that looks like an address is the user part of user@client
    ['hv[1]: Event 7 : Cannot login 10.0.0.5@192.0.2.52', '192.0.2.52'],
    [`sso[1]: level=error msg="Unsuccessful TOTP authentication attempt by user 'bob'" remote_ip=192.0.2.60`, '192.0.2.60'],
    ['sso[1]: {"level":"error","msg":"Unsuccessful authentication attempt by user bob","remote-addr":"192.0.2.61:5100"}', '192.0.2.61'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    // an authorisation decision, not a refused connection
    '{"level":"info","remote_ip":"192.0.2.44","msg":"Access to https://app.example.org/ is not authorized to user <anonymous>"}',
    // our own login somewhere
    'sync[1]: Cannot login to registry 192.0.2.53: timeout',
    'policy[1]: users cannot login with expired passwords (checked from 192.0.2.54)',
    `sso[1]: level=debug msg="Successful TOTP authentication attempt made by user 'bob'" remote_ip=192.0.2.62`,
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe('a user name holding a marker does not frame a victim', () => {
  it.each([
    `sso[1]: level=error msg="Unsuccessful TOTP authentication attempt by user 'a ip=10.0.0.5'" method=POST remote_ip=192.0.2.100`,
    `sso[1]: level=error msg="Unsuccessful 1FA authentication attempt by user 'remote_ip=10.0.0.5'" error="authentication failed: invalid credentials" remote_ip=192.0.2.100`,
    `sso[1]: level=error msg="Unsuccessful 1FA authentication attempt by user 'a from 10.0.0.5'" error="authentication failed: invalid credentials" remote_ip=192.0.2.100`,
  ])('%s', (m) => {
    expect(key(m)).toBe('192.0.2.100');
  });
});

describe('client fields and brackets by class', () => {
  it.each([
    ['{"msg":"login failed","user":"bob","remote-ip":"2001:db8::70"}', '2001:db8::70'],
    ['app: login failed user=bob client-address=192.0.2.71', '192.0.2.71'],
    // the arrow's right side is our own address
    ["mq[1]: Error on AMQP connection <0.1.0> ([2001:db8::72]:51236 -> [2001:db8::5]:5672): PLAIN login refused: user 'x' - invalid credentials", '2001:db8::72'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('look-alike lines of the same shapes that are no client failing', () => {
  it.each([
    // a progress line: the attempt is under way
    "db[1]: 2026.12.01 10:00:00.000000 [ 1 ] {} <Debug> TCP-Session-1: Authenticating user 'bob' from [::ffff:192.0.2.80]:5123",
    '{"level":"debug","msg":"Authenticating user bob from 192.0.2.81"}',
    // a remote server's error relayed to us: a replica refused our connection
    'db[1]: <Error> Connection (10.0.0.7:9000): Connection failed at try 3, reason: Code: 516. Exception: Received from 10.0.0.7:9000. Exception: default: Authentication failed: password is incorrect',
    // our own bind to a directory
    'radius[1]: rlm_ldap (ldap): Bind with cn=svc,dc=example,dc=org to ldaps://10.0.0.9:636 failed: Invalid credentials',
    '{"remoteAddr":"192.0.2.82","user":"--","app":"user_ldap","message":"Bind failed: 49: Invalid credentials"}',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    // sshd: a user still authenticating when the connection dropped is a failure
    ['sshd[1]: Connection closed by authenticating user root 192.0.2.90 port 22 [preauth]', '192.0.2.90'],
    // a user's own bind refused (a user named), and a user name `bind`, are failures
    ['app[1]: LDAP bind failed for user bob: Invalid credentials from 192.0.2.91', '192.0.2.91'],
    ['app[1]: user bind: invalid credentials, rhost=192.0.2.92', '192.0.2.92'],
    // a URL a client typed before the phrase does not make it our own login
    ['app[1]: user to ldap://x: invalid credentials from 192.0.2.93', '192.0.2.93'],
  ])('still a failure: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('auth9fix: the real forms the framing fixes keep', () => {
  it.each([
    // one client bracket twice is no ambiguity
    ['broker[1]: Client a [192.0.2.121:1] b [192.0.2.121:5123] disconnected, not authorised.', '192.0.2.121'],
    // a hyphenated name nested under headers is a request header: the record's own hyphenated field after it
    ['{"msg":"login failed","headers":{"remote-addr":"198.51.100.7"},"remote-addr":"192.0.2.122"}', '192.0.2.122'],
    // a connection refused as not authorised, a client named
    ['broker[1]: Connection from 192.0.2.123 refused: not authorized', '192.0.2.123'],
    // a user part of user@client with no address: the client after the last `@`
    ['ftpd[1]: Cannot login bob@192.0.2.124', '192.0.2.124'],
    // an audit record's return code in a connect event
    ['db[1]: event=connect user=bob return_code=1045 client_ip=192.0.2.125', '192.0.2.125'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    // our own directory bind, its verb named
    'app[1]: performing bind: Invalid credentials (client 192.0.2.126)',
    'app[1]: LDAP bind error: Invalid credentials, client 192.0.2.127',
    // a summary of earlier attempts on a success
    'sso[1]: bob logged in from 192.0.2.128, no unsuccessful authentication attempts',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});
