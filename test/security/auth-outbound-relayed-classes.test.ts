import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// Lines that read like a failed login but are our own side's (auth10): a pooler, proxy or application
// logging its outbound login to a backend refused, the backend's error relayed, the address being the
// backend's or our own as the backend saw it; and a mail server logging a message it received whose
// header values (Subject, From, To) hold failure words. The server-side failures of the same products
// still count, and a client cannot hide its own failure by typing these words. Lines written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('our own login to a backend refused, its error relayed, is no client failure', () => {
  it.each([
    // a pooler's server connection: `server login failed:` then the backend's words
    'pgbouncer[1]: 2026-12-01 10:00:00.000 UTC [51] LOG S-0x55d0c1a2b3c4: shop/app@10.0.3.18:5432 closing because: server login failed: FATAL password authentication failed for user "app" (age=0s)',
    'pooler[1]: S-0x1: crm/report@10.0.3.24:5432 closing because: backend authentication failed: wrong password for user "report"',
    // a proxy's backend answered our authentication with an error
    "proxy[1]: warning: (12) [MariaDBProtocol] (Write-Service); Invalid authentication message from backend 'db2'. Error code: 1045, Msg : #28000Access denied for user 'proxy'@'10.0.0.21' (using password: YES)",
    'proxy[1]: error: Invalid authentication message from the backend: Access denied for user "proxy"@"10.0.0.22"',
    // an application's own SQL / database connection failed with the database's error
    "chat[1]: 2026-12-01T10:00:00.000000+00:00 [error] <0.123.0>@chat_sql:connecting/2:353 SQL connection failed: Access denied for user 'chat'@'10.0.1.12' (using password: YES)",
    "app[1]: database connection error: Access denied for user 'app'@'10.0.1.13' (using password: YES)",
    "worker[1]: db connection failed: #28000 Access denied for user 'jobs'@'10.0.1.14'",
    // libpq's own error: our connection to the server failed, the server's FATAL relayed
    'report[1]: psql: error: connection to server at "db.example.org" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "report"',
    // the backend's error relayed in quotes (a monitoring daemon's database writer)
    `monitor[1]: [2026-12-01 10:00:00 +0000] critical/DbConnection: Connection to database 'mon' with user 'mon' on '10.0.0.10:3306' failed: "Access denied for user 'mon'@'10.0.0.56' (using password: YES)"`,
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe("the database server's own refusals and the proxies' client refusals still count", () => {
  it.each([
    // MySQL / MariaDB server writing the client's refusal
    ["mysqld[1]: 2026-12-01T10:00:00.000000Z 12 [Note] [MY-010926] [Server] Access denied for user 'root'@'203.0.113.9' (using password: YES)", '203.0.113.9'],
    ["mysqld[1]: [Warning] Access denied for user 'backend'@'203.0.113.10' (using password: YES)", '203.0.113.10'],
    // PostgreSQL server's own FATAL, the client in its prefix
    ['postgres[1]: 2026-12-01 10:00:00 UTC [123] app@shop 203.0.113.11(51000) FATAL:  password authentication failed for user "app"', '203.0.113.11'],
    // a pooler's client connection refused
    ['pgbouncer[1]: C-0x1: appdb/bob@203.0.113.12:40001 closing because: password authentication failed (age=0s)', '203.0.113.12'],
    ['pgbouncer[1]: C-0x2: appdb/bob@203.0.113.13:40002 pooler error: SASL authentication failed', '203.0.113.13'],
    // a proxy refusing its client, the backend's words quoted after
    [
      "proxy[1]: warning: (7) [MariaDBProtocol] (RW-Service); Authentication failed for user 'eve'@[203.0.113.14] to service 'RW-Service'. Originating listener: 'RW-Listener'. MariaDB error: 'Access denied for user 'eve'@'203.0.113.14' (using password: YES)'.",
      '203.0.113.14',
    ],
    // a host named backend is the client
    ['app[1]: Login failed for bob from backend (203.0.113.15)', '203.0.113.15'],
    ['app[1]: Login failed for bob from backend-7 203.0.113.16', '203.0.113.16'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('a client cannot hide its failure by typing the markers', () => {
  it.each([
    // in the user name before the phrase (a pooler writes db/user@client)
    ['pgbouncer[1]: C-0x3: appdb/server login failed@203.0.113.20:40003 closing because: password authentication failed (age=0s)', '203.0.113.20'],
    ['pgbouncer[1]: C-0x4: appdb/SQL connection failed: X@203.0.113.21:40004 closing because: password authentication failed (age=0s)', '203.0.113.21'],
    ["proxy[1]: warning: (8) [MariaDBProtocol] (RW); Authentication failed for user 'from backend'@[203.0.113.22] to service 'RW'. MariaDB error: 'Access denied'.", '203.0.113.22'],
    ["proxy[1]: warning: (9) [MariaDBProtocol] (RW); Authentication failed for user 'backend'@[203.0.113.23] to service 'RW'. MariaDB error: 'Access denied'.", '203.0.113.23'],
    // in the user name after the phrase
    ["mysqld[1]: Access denied for user 'sql connection failed: x'@'203.0.113.24' (using password: YES)", '203.0.113.24'],
    ['sshd[1]: Failed password for invalid user server login failed from 203.0.113.25 port 22 ssh2', '203.0.113.25'],
    ['sshd[1]: Failed password for invalid user from backend: from 203.0.113.26 port 22 ssh2', '203.0.113.26'],
    ['sshd[1]: Failed password for invalid user Subject: x from 203.0.113.27 port 22 ssh2', '203.0.113.27'],
    // a user name that is a header's name, before the phrase
    ['httpd[1]: [client 203.0.113.28:1] AH01617: user subject: authentication failure for "/": Password Mismatch', '203.0.113.28'],
    ['httpd[1]: [client 203.0.113.29:1] AH01617: user Subject: Re: failed login alerts: authentication failure for "/": Password Mismatch', '203.0.113.29'],
    // prose `from:` is no header
    ['app[1]: Connection from: 203.0.113.30 login failed for bob', '203.0.113.30'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("a received message's header values are the message's text, not the daemon's words", () => {
  it.each([
    '[01/Dec/2026 10:00:00] Recv: Queue-ID: 1a2b3c4d-5e6f7a8b, Service: SMTP, From: <ops@example.org>, To: <admin@example.com>, Size: 5402, Sender-Host: 203.0.113.40, SSL: yes, Subject: Re: failed login alerts',
    'mail[1]: msg accepted: from=<a@example.org> to=<b@example.org> client=203.0.113.41 subject="Weekly report: 12 failed logins blocked"',
    '{"event":"received","subject":"Re: invalid user reports","client_ip":"203.0.113.42"}',
    'postfix/cleanup[1]: 4F2A: warning: header Subject: failed login from mail.example.org[203.0.113.43]; from=<a@example.org> to=<b@example.org> proto=ESMTP helo=<mx>',
    'mail[1]: Recv: From: "Login failed notifier" <noreply@example.org>, To: <b@example.org>, Sender-Host: 203.0.113.44',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    // a From / To value ends at `,` / `;` / `>`: the daemon's failure after it counts
    ['mail[1]: From: <a@example.org>, SMTP login failed from 203.0.113.45', '203.0.113.45'],
    // a quoted Subject closed before the phrase
    ['mail[1]: subject="hello", authentication failed for user bob from 203.0.113.46', '203.0.113.46'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});
