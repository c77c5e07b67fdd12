// Scores of the held-out set 2 (test/fixtures/security/heldout2, written without reading src/security/):
// authentication failures of 16 daemons keyed by the right client, normal lines counted, false brute-force
// signals, and injection false positives on benign form values, with every flagged or missed line listed.
// Scored the same way as the form-values and auth-formats sections of bench/security.js. Never tune on it.
// The held-out set 3 (test/fixtures/security/heldout3, same formats, by another author who read neither the
// analysers nor the earlier sets) is scored by the same code: heldout3Section().
//
//   node bench/security.js --heldout2      (this section alone; needs `npm run build`, no data folder)
//   node bench/security.js --heldout3      (the held-out set 3 section alone)
//   node bench/security.js --heldout4      (the held-out set 4 section alone: the same measures, plus attack recall by class)
//   node bench/security.js --heldout5      (the held-out set 5 section alone: the measures of set 4 on test/fixtures/security/heldout5)
//   node bench/security.js --heldout6      (the held-out set 6 section alone: the measures of set 5 on test/fixtures/security/heldout6; SEEN since forms6)
//   node bench/security.js --heldout7      (the held-out set 7 section alone: the measures of set 6 on test/fixtures/security/heldout7)
//   node bench/security.js --heldout8      (the held-out set 8 section alone: the measures of set 7 on test/fixtures/security/heldout8)
//   node bench/security.js --heldout9      (the held-out set 9 section alone: the measures of set 8 on test/fixtures/security/heldout9; its auth part PART SEEN since auth10)
//   node bench/security.js --sessions      (the session-style daemons of test/fixtures/security/auth-sessions, in order through the session join)
import { BruteForceDetector, InjectionDetector } from '../dist/security/index.js';
import { eventFromObject } from '../dist/input/event-from-input.js';
import { otelAttributes, request as wafRequest } from '../test/fixtures/security/waf/requests.mjs';
import { heldout2AuthLines, heldout2FormValues, sameClient } from '../test/fixtures/security/heldout2/sets.mjs';
import { heldout3AuthLines, heldout3FormValues } from '../test/fixtures/security/heldout3/sets.mjs';
import { heldout4Attacks, heldout4AuthLines, heldout4FormValues } from '../test/fixtures/security/heldout4/sets.mjs';
import { heldout5Attacks, heldout5AuthLines, heldout5FormValues } from '../test/fixtures/security/heldout5/sets.mjs';
import { heldout6Attacks, heldout6AuthLines, heldout6FormValues } from '../test/fixtures/security/heldout6/sets.mjs';
import { heldout7Attacks, heldout7AuthLines, heldout7FormValues } from '../test/fixtures/security/heldout7/sets.mjs';
import { heldout8Attacks, heldout8AuthLines, heldout8FormValues } from '../test/fixtures/security/heldout8/sets.mjs';
import { heldout9Attacks, heldout9AuthLines, heldout9FormValues } from '../test/fixtures/security/heldout9/sets.mjs';
import { newDaemon2AuthLines, newDaemonAuthLines } from '../test/fixtures/security/auth-new/sets.mjs';
import { new3AuthLines, new3HeldoutAuthLines } from '../test/fixtures/security/auth-new3/sets.mjs';
import { sessionAuthRows } from '../test/fixtures/security/auth-sessions/sets.mjs';
import { readAuthRows } from '../test/fixtures/security/heldout-reader.mjs';
import { LAYOUTS, render } from '../test/fixtures/security/auth-formats/lines.mjs';

const TARGET_RECALL = 0.9;
const TARGET_FORM_FP = 0.002;
const pct = (x) => `${(100 * x).toFixed(2)}%`;
const event = (attributes, message = '', time = 0) => ({ time, severityNumber: 0, severityText: '', message, attributes, eventName: '' });
/** A rendered line as a record: the message, or for journald JSON the object read as `logsignal scan` reads it. */
function authEvent(l, time = 0) {
  if (l.layout !== 'journal-json') return event({}, l.line, time);
  const e = eventFromObject(JSON.parse(l.line), time, 65_536);
  e.time = time;
  return e;
}
const short = (s, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s).replace(/\n/g, '\\n');

/** The report lines of the heldout2 section (markdown). */
/** What the tuners have read of a set: held-out set 2's misses were read and fixed by class (security3). */
const HELDOUT2_SEEN = {
  auth: 'SEEN since security3: its misses were read and their generic classes fixed, so this is no longer a held-out figure. The unseen figure (main before that work): 97.51% keyed right (login 84.62%, su 83.33%, apache 91.67%), normal lines counted: sudo 12, exim 6; false signals: sudo 2, exim 1.',
  forms: 'SEEN since security3 (its flagged values were read and their classes fixed); the unseen figure (main before that work): 7 of 2,856 values = 0.25%.',
};
/** What the tuners have read of held-out set 3: declared seen for security4, who read its flagged values and fixed their classes. */
const HELDOUT3_SEEN = {
  auth: 'SEEN since security4 (declared seen; its one missed line is read). The unseen figure (main before that work): 99.48% keyed right (login 92.86%), 1 false brute-force signal (a Postfix bounce; its class fixed by the lead), 0 since.',
  forms: 'SEEN since security4 (its flagged values were read and their classes fixed: code and paths quoted in prose); the unseen figure (main before that work): 30 of 2,080 values = 1.44%.',
};

export function heldout2Section() {
  return heldoutSection({ title: 'Held-out set 2', dir: 'heldout2', seen: HELDOUT2_SEEN, daemons: 16, authLines: heldout2AuthLines(), values: heldout2FormValues() });
}

/** The report lines of the heldout3 section (markdown): the same measures on test/fixtures/security/heldout3. */
export function heldout3Section() {
  return heldoutSection({ title: 'Held-out set 3', dir: 'heldout3', seen: HELDOUT3_SEEN, daemons: 16, authLines: heldout3AuthLines(), values: heldout3FormValues() });
}

/** Held-out set 4 (test/fixtures/security/heldout4): same formats, plus attacks.jsonl, by an author who read neither the analysers nor the earlier sets' data. */
/** Its form values and attacks were declared seen for forms4 (who read them and fixed their classes); its auth lines partly seen since forms5. */
const UNSEEN4 = {
  auth: 'PARTLY SEEN since forms5: two of its missed lines (MySQL `user@localhost`, PostgreSQL `client=host`) were read in this output while fixing the same classes of set 5. The figure before: 97.92% keyed right (dovecot, mysql, postgres 91.67%), 0 normal lines counted, 0 false signals.',
  forms:
    'SEEN since forms4 (its flagged values were read and their classes fixed: code inside posts, quoted keywords, database error messages); the unseen figure (main after security4, before that work): 224 of 2,560 values = 8.75% (dev-code 28.81%, typed-code 57.69%).',
};
const SEEN4_ATTACKS =
  'SEEN since forms4 (its misses were read and their classes fixed: PowerShell, cmd.exe, LDAP, Razor and Handlebars); the unseen figure (main after security4, before that work): 93.92% (powershell 65%, ldap 85%, cmd-windows 85%, ssti 89.33%).';

/** The report lines of the heldout4 section (markdown): the measures of heldout3 on test/fixtures/security/heldout4, and the recall of its attack payloads by class. */
export function heldout4Section() {
  return [
    ...heldoutSection({ title: 'Held-out set 4', dir: 'heldout4', seen: UNSEEN4, daemons: 24, authLines: heldout4AuthLines(), values: heldout4FormValues() }),
    '',
    ...attackSection({ title: 'Held-out set 4', dir: 'heldout4', seen: SEEN4_ATTACKS, attacks: heldout4Attacks() }),
  ];
}

/** Held-out set 5 (test/fixtures/security/heldout5): the formats of set 4, by another author who read neither the analysers nor the earlier sets' data. Declared seen for forms5. */
const SEEN5 = {
  auth: 'SEEN since forms5 (its misses were read and their classes fixed: database clients by host name, Exim outbound delivery errors, Dovecot LDAP); the unseen figure (main after forms4, before that work): 98.14% keyed right (mysql 76.92%, postgres 76.92%, dovecot 92.31%), exim 6 normal lines counted, 1 false brute-force signal.',
  forms:
    'SEEN since forms5 (its flagged values were read and their classes fixed: bare tags in code spans, a command word before a second sentence, function-word sentence lines); the unseen figure (main after forms4, before that work): 20 of 2,400 values = 0.83% (bio 5.00%, devq 7.27%).',
};
const SEEN5_ATTACKS =
  'SEEN since forms5 (its misses were read and their classes fixed: shell spellings, schtasks and WMI, negated and parenthesised SQL conditions, GTID functions, $where JavaScript, template polyglot); the unseen figure (main after forms4, before that work): 95.59% (shell-obfuscated 75.00%, nosql 84.38%, sqli-boolean 90.63%).';

/** The report lines of the heldout5 section (markdown): the measures of heldout4 (auth, form values, attack recall by class) on test/fixtures/security/heldout5. */
export function heldout5Section() {
  return [
    ...heldoutSection({ title: 'Held-out set 5', dir: 'heldout5', seen: SEEN5, daemons: 19, authLines: heldout5AuthLines(), values: heldout5FormValues() }),
    '',
    ...attackSection({ title: 'Held-out set 5', dir: 'heldout5', seen: SEEN5_ATTACKS, attacks: heldout5Attacks() }),
  ];
}

/** Held-out set 6 (test/fixtures/security/heldout6): the formats of set 5, by another author who read neither the analysers nor the earlier sets' data. */
const SEEN6 = {
  auth: "SEEN since the lead's merge of the previous session (its misses were read and their classes fixed: Cisco ASA, Windows event 4625, a faillock counter reset, a MySQL replica refused by its source, an OpenVPN packet HMAC error); the unseen figure (main before that work): 94.07% keyed right (asa 23%, windows 69%), 15 normal lines counted, 3 false brute-force signals.",
  forms:
    "SEEN since forms6 (its flagged values were read and their classes fixed: statements and command lines quoted in plain quotes, code spans at a sentence's edges, prose after ORDER BY n); the unseen figure (main after the review, before that work): 55 of 2,887 values = 1.91% (1.84% before the review closed the $( and deep-traversal exemptions).",
};
const SEEN6_ATTACKS =
  'SEEN since forms6 (its misses were read and their classes fixed: empty substitutions and here-strings in shell, $where field tests after ||, UNION SELECT with + kept for spaces); the unseen figure (main after the review, before that work): 98.20% (nosql 86.11%, shell-obfuscated 88.89%, sqli-tamper 94.44%).';

/** The report lines of the heldout6 section (markdown): the measures of heldout5 (auth, form values, attack recall by class) on test/fixtures/security/heldout6. */
export function heldout6Section() {
  return [
    ...heldoutSection({ title: 'Held-out set 6', dir: 'heldout6', seen: SEEN6, daemons: 21, authLines: heldout6AuthLines(), values: heldout6FormValues() }),
    '',
    ...attackSection({ title: 'Held-out set 6', dir: 'heldout6', seen: SEEN6_ATTACKS, attacks: heldout6Attacks() }),
  ];
}

/** Held-out set 7 (test/fixtures/security/heldout7): the formats of set 6, by another author who read neither the analysers nor the earlier sets' data. */
const UNSEEN7 = {
  auth: 'Unseen: nobody who changes the analysers has read this set or its misses.',
  forms: 'Unseen: nobody who changes the analysers has read this set or its flagged values.',
};

/** The report lines of the heldout7 section (markdown): the measures of heldout6 (auth, form values, attack recall by class) on test/fixtures/security/heldout7. */
export function heldout7Section() {
  return [
    ...heldoutSection({ title: 'Held-out set 7', dir: 'heldout7', seen: UNSEEN7, daemons: 22, authLines: heldout7AuthLines(), values: heldout7FormValues() }),
    '',
    ...attackSection({ title: 'Held-out set 7', dir: 'heldout7', seen: 'Unseen: nobody who changes the analysers has read these payloads or their misses.', attacks: heldout7Attacks() }),
  ];
}

/** Held-out set 8 (test/fixtures/security/heldout8): the formats of set 7, by another author who read neither the analysers nor the earlier sets' data. */
const UNSEEN8 = {
  auth: 'PART SEEN since auth9, who tuned on it by class: its rows and misses of authelia, clickhouse, esxi, freeradius, krb5kdc, mosquitto, nextcloud, oracle, redis were read (atlassian, netscaler, opnsense, rabbitmq, roundcube and slapd were not: regressions only); etcd, freeswitch, minio, opensmtpd, traefik, argocd and cpanel were held out (their rows and misses not read), scored before and after only. The unseen figure (main at 5636b47): 51.96% keyed right, 15 false brute-force signals.',
  forms:
    'PART SEEN since forms9, who tuned on it by class: the flagged values of sql-paste, ticket-subject, shell-question, latex and sql-question were read; chem-conditions, config-paste, markdown, regex, sheet-formula and hexdump were held out (30 flagged before and after). The unseen figure (main at 5636b47): 156 flagged (6.19%).',
};

/** The report lines of the heldout8 section (markdown): the measures of heldout7 (auth, form values, attack recall by class) on test/fixtures/security/heldout8. */
export function heldout8Section() {
  const sessionDaemons = new Set(['slapd', 'clickhouse']);
  return [
    ...heldoutSection({ title: 'Held-out set 8', dir: 'heldout8', seen: UNSEEN8, daemons: 22, authLines: heldout8AuthLines(), values: heldout8FormValues() }),
    '',
    ...sessionSection({
      title: 'Held-out set 8, slapd and ClickHouse in order',
      dir: 'heldout8',
      seen: 'SEEN by session9, who tuned the session join on these two daemons (their rows only): no held-out figure.',
      rows: streamsInOrder(readAuthRows(new URL('../test/fixtures/security/heldout8', import.meta.url).pathname).filter((r) => sessionDaemons.has(r.daemon))),
      order:
        'The file lists each failure before the line of its session that names the client (not log order): each stream (program with pid) is replayed with its normal rows first, then its failures.',
    }),
    '',
    ...attackSection({
      title: 'Held-out set 8',
      dir: 'heldout8',
      seen: 'PART SEEN since recall9, who tuned on the odd ids of crlf, nosql, ssrf and cmdi-obfuscated (even ids held out: crlf 76.5% -> 94.1%, nosql 70.6% -> 100%, ssrf 0% -> 85.3%). The unseen figure (main at 5636b47): 91.50%.',
      attacks: heldout8Attacks(),
    }),
  ];
}

/** Held-out set 9 (test/fixtures/security/heldout9): the formats of set 8, by another author who read neither the analysers nor the earlier sets' data. */
const UNSEEN9 = {
  auth: "PART SEEN since auth10, who tuned on it by class (its normal lines only: a service's own outbound login to a backend refused, a received message's header values): the rows and misses of pgbouncer, maxscale, ejabberd and kerio were read; the per-daemon table of every daemon but icinga2 was read, and the first missed failure lines of couchdb and shibboleth were seen in the bench's output (not tuned on); icinga2 was held out (its rows and misses not read), scored before and after only. The unseen figure (main at 0b09219): 56.65% keyed right, 174 normal lines counted, 29 false brute-force signals. Then read by auth11: the rows and misses of couchdb, opensearch, kerio, vnc, cas, murmur and rsyncd (shibboleth, minecraft, ocserv, nats, ejabberd and icinga2 held out: 31.25% before and after); its classes were reverted after review (rev11 framed victims through them), so the figures here are without them.",
  forms:
    "PART SEEN since the lead read its flagged values, after the unseen measurement of the day's changes (96 flagged = 4.10% on main at 5636b47; 120 = 5.13% after forms9 and recall9), and changed one class (a UNC share at an RFC 1918 address, not an administrative one: 116).",
};

/** The report lines of the heldout9 section (markdown): the measures of heldout8 (auth, form values, attack recall by class) on test/fixtures/security/heldout9. */
export function heldout9Section() {
  return [
    ...heldoutSection({ title: 'Held-out set 9', dir: 'heldout9', seen: UNSEEN9, daemons: 22, authLines: heldout9AuthLines(), values: heldout9FormValues() }),
    '',
    ...attackSection({
      title: 'Held-out set 9',
      dir: 'heldout9',
      seen: "Unseen but for the recall table and a few ssrf-internal misses the lead read (an experiment, reverted); nobody changed the analysers for them. The unseen figures: 83.19% on main at 5636b47, 94.82% after the day's changes.",
      attacks: heldout9Attacks(),
    }),
  ];
}

/**
 * The report lines of a held-out set's attack payloads: the share of records raising an injection signal, by class,
 * carrier and encoding, default detector. A query value goes the way the bench's held-out injection goes
 * (`url.query = 'q=' + value`, the value as sent on the wire); a form value as the form body of the form-values section.
 */
function attackSection({ title, dir, seen, attacks }) {
  const injection = new InjectionDetector();
  const out = [];
  const fires = (attrs) => {
    out.length = 0;
    injection.observe(event(attrs), out);
    return out.length > 0;
  };
  const byClass = new Map(); // cls -> { form: [n, hit], query: [n, hit] }
  const byEncoding = new Map(); // encoding -> [n, hit]
  const missed = new Map(); // cls -> [line]
  let n = 0;
  let hits = 0;
  for (const a of attacks) {
    const hit = fires(a.carrier === 'query' ? { 'url.query': `q=${a.value}` } : otelAttributes(wafRequest('form', a.value)));
    n++;
    if (hit) hits++;
    const c = byClass.get(a.cls) ?? { form: [0, 0], query: [0, 0] };
    c[a.carrier][0]++;
    if (hit) c[a.carrier][1]++;
    byClass.set(a.cls, c);
    const e = byEncoding.get(`${a.carrier} ${a.encoding}`) ?? [0, 0];
    e[0]++;
    if (hit) e[1]++;
    byEncoding.set(`${a.carrier} ${a.encoding}`, e);
    if (!hit) {
      const m = missed.get(a.cls) ?? [];
      m.push(`- ${a.cls} [${a.carrier} ${a.encoding}]: \`${short(JSON.stringify(a.value).slice(1, -1), 200)}\``);
      missed.set(a.cls, m);
    }
  }
  const lines = [
    `## ${title}: injection payloads (\`test/fixtures/security/${dir}/attacks.jsonl\`, written without reading the analysers)`,
    '',
    seen,
    '',
    "Recall: the share of records raising an injection signal (default InjectionDetector). A query value as `url.query = 'q=' + value` (the value as sent, percent-encoded), the path of the bench's held-out injection; a form value as a form body (`request('form', value)`, OTel attributes), the path of the form-values section.",
    '',
    '| class | payloads | form value recall | query value recall | all records |',
    '|---|---|---|---|---|',
  ];
  const total = { form: [0, 0], query: [0, 0] };
  for (const [cls, c] of [...byClass].sort()) {
    for (const k of ['form', 'query']) for (const i of [0, 1]) total[k][i] += c[k][i];
    lines.push(`| ${cls} | ${c.form[0]} | ${pct(c.form[1] / c.form[0])} | ${pct(c.query[1] / c.query[0])} | ${pct((c.form[1] + c.query[1]) / (c.form[0] + c.query[0]))} |`);
  }
  lines.push(`| all | ${total.form[0]} | ${pct(total.form[1] / total.form[0])} | ${pct(total.query[1] / total.query[0])} | ${pct(hits / n)} (${hits} of ${n}) |`);
  lines.push('', '| carrier and encoding | records | recall |', '|---|---|---|');
  for (const [k, [m, h]] of [...byEncoding].sort()) lines.push(`| ${k} | ${m} | ${pct(h / m)} |`);
  const allMissed = [...missed.values()].flat();
  lines.push('', `Missed records (${allMissed.length}; class, carrier and encoding, value as sent):`, ...allMissed);
  return lines;
}

/** The report lines of the new-daemons section (markdown): auth lines of 23 + 12 daemons no other fixture has (test/fixtures/security/auth-new and auth-new2, auth5). */
export function newDaemonsSection() {
  const seen = {
    auth: 'Written by auth5 before changing the analysers and committed first; the figure of main before that work (8167ab9) is the generalisation estimate. The author had read the recogniser, so it is no independent held-out set; tuned on since.',
  };
  const seen2 = {
    auth: "Written by auth5 after the generic code (cfbaf29) and scored once before any further change: a held-out estimate by the code's author, an upper bound on logs nobody tuned for.",
  };
  return [
    ...heldoutSection({ title: 'New daemons (auth5)', dir: 'auth-new', seen, daemons: 23, authLines: newDaemonAuthLines(), origin: 'written by auth5 before the generic code' }),
    '',
    ...heldoutSection({
      title: 'New daemons, second set (auth5)',
      dir: 'auth-new2',
      seen: seen2,
      daemons: 12,
      authLines: newDaemon2AuthLines(),
      origin: 'written by auth5 after the generic code, scored once',
    }),
  ];
}

/** The report lines of the auth-new3 section (markdown): auth lines of 25 more products (auth8), the tuned 17 and the held-out 8 apart. */
export function newDaemons3Section() {
  const seen = {
    auth: 'Written by auth8 before changing the analysers and committed first (the figure of main at that commit is the generalisation estimate); tuned on since. The author had read the recogniser, so it is no independent held-out set.',
  };
  const seenHeldout = {
    auth: 'Written by auth8 with the tuned part, before changing the analysers; its misses were not read while tuning: scored at the start and at the end only.',
  };
  return [
    ...heldoutSection({ title: 'New daemons, third set, tuned part (auth8)', dir: 'auth-new3', seen, daemons: 17, authLines: new3AuthLines(), origin: 'written by auth8 before the code changes' }),
    '',
    ...heldoutSection({
      title: 'New daemons, third set, held-out part (auth8)',
      dir: 'auth-new3/heldout',
      seen: seenHeldout,
      daemons: 8,
      authLines: new3HeldoutAuthLines(),
      origin: 'written by auth8 before the code changes, scored only at the start and the end',
    }),
  ];
}

/** Rows regrouped by stream (program with pid, in order of first appearance), each stream's normal rows before its failures. */
function streamsInOrder(rows) {
  const streams = new Map();
  for (const r of rows) {
    const g = streams.get(r.program) ?? [];
    g.push(r);
    streams.set(r.program, g);
  }
  return [...streams.values()].flatMap((g) => [...g.filter((r) => r.kind === 'N'), ...g.filter((r) => r.kind === 'F')]);
}

/** The report lines of the auth-sessions section (markdown): four session-style daemons, rows in log order (session9). */
export function sessionsSection() {
  return sessionSection({
    title: 'Session-style daemons (session9)',
    dir: 'auth-sessions',
    seen: "Written by session9 before the session join was run on them and committed first (8a4179f): a held-out estimate by the code's author. Scored once at 1aab64b: 33.33% in order (389ds 100%, opendj 0%: its `BIND RES conn=N` token is the body's fifth word, the join read four; opensmtpd and mongodb 0%). OpenDJ's misses were read and the token allowed among the first six words since: opendj is SEEN; 389ds, opensmtpd and mongodb are not tuned on.",
    rows: sessionAuthRows(),
    order: 'Rows in log order (the file order).',
  });
}

/**
 * The report lines of a stateful path: each daemon's rows, in the given order, rendered in the six layouts of
 * auth-formats with one host (one server's log), fed through one detector per daemon and layout
 * (`orderedFailureKey`: the session join, 1 s of record time apart); beside it each line alone (`failureKey`).
 */
function sessionSection({ title, dir, seen, rows, order }) {
  const perDaemon = new Map(); // daemon -> { f, alone, joined, n, countedAlone, countedJoined }
  const misses = [];
  const daemons = [...new Set(rows.map((r) => r.daemon))];
  for (const daemon of daemons) {
    const s = { f: 0, alone: 0, joined: 0, n: 0, countedAlone: 0, countedJoined: 0 };
    perDaemon.set(daemon, s);
    const rs = rows.filter((r) => r.daemon === daemon);
    for (const layout of LAYOUTS) {
      const inOrder = new BruteForceDetector();
      const alone = new BruteForceDetector();
      rs.forEach((r, j) => {
        // index 5j: the same host (HOSTS[0]) on every line
        const l = { layout, line: render(layout, r.program, r.message, 5 * j) };
        const joined = inOrder.orderedFailureKey(authEvent(l, j * 1000));
        const own = alone.failureKey(authEvent(l, j * 1000));
        if (r.kind === 'F') {
          s.f++;
          if (sameClient(own, r.client)) s.alone++;
          if (sameClient(joined, r.client)) s.joined++;
          else if (layout === 'raw') misses.push(`- ${daemon} (expected ${r.client}, got ${joined ?? '(none)'}): \`${short(r.message)}\``);
        } else {
          s.n++;
          if (own !== undefined) s.countedAlone++;
          if (joined !== undefined) {
            s.countedJoined++;
            if (layout === 'raw') misses.push(`- ${daemon} normal line counted (${joined}): \`${short(r.message)}\``);
          }
        }
      });
    }
  }
  const lines = [
    `## ${title}: failures keyed by their session (\`test/fixtures/security/${dir}/auth.tsv\`)`,
    '',
    seen,
    '',
    `${order} Each daemon's rows in the six layouts of auth-formats with one host, through one detector per layout: a failure counts when its key is its client. "alone": \`failureKey\` (each line by itself, as the table above); "in order": \`orderedFailureKey\` (the session join).`,
    '',
    '| daemon | failure lines | keyed right alone | keyed right in order | normal lines | counted alone | counted in order |',
    '|---|---|---|---|---|---|---|',
  ];
  const all = { f: 0, alone: 0, joined: 0, n: 0, countedAlone: 0, countedJoined: 0 };
  for (const [daemon, s] of perDaemon) {
    for (const k of Object.keys(all)) all[k] += s[k];
    lines.push(`| ${daemon} | ${s.f} | ${pct(s.alone / s.f)} | ${pct(s.joined / s.f)} | ${s.n} | ${s.countedAlone} | ${s.countedJoined} |`);
  }
  lines.push(`| all | ${all.f} | ${pct(all.alone / all.f)} | ${pct(all.joined / all.f)} | ${all.n} | ${all.countedAlone} | ${all.countedJoined} |`);
  lines.push('', `Missed or counted in order (raw layout; ${misses.length}):`, ...misses);
  return lines;
}

/** The report lines of one held-out set: its rendered auth lines and its form values (none: auth only), scored with default options. */
function heldoutSection({ title, dir, seen, daemons, authLines, values, origin = 'written without reading the analysers' }) {
  const lines = [];
  // ------------------------------------------------------------ authentication failures
  const keyed = new BruteForceDetector();
  const perDaemon = new Map(); // daemon -> { f, right, n, counted, falseSignals, messagesF, messagesRight }
  const misses = new Map(); // daemon|message -> { daemon, message, client, layouts: [layout=key] }
  const counted = new Map(); // daemon|message -> { daemon, message, layouts: [layout=key] }
  const stat = (d) => {
    let s = perDaemon.get(d);
    if (!s) perDaemon.set(d, (s = { f: 0, right: 0, n: 0, counted: 0, falseSignals: 0 }));
    return s;
  };
  for (const l of authLines) {
    const s = stat(l.daemon);
    const key = keyed.failureKey(authEvent(l));
    const id = `${l.daemon}|${l.message}`;
    if (l.kind === 'F') {
      s.f++;
      if (sameClient(key, l.client)) s.right++;
      else {
        const m = misses.get(id) ?? { daemon: l.daemon, message: l.message, client: l.client, layouts: [] };
        m.layouts.push(`${l.layout}=${key ?? '(none)'}`);
        misses.set(id, m);
      }
    } else {
      s.n++;
      if (key !== undefined) {
        s.counted++;
        const c = counted.get(id) ?? { daemon: l.daemon, message: l.message, layouts: [] };
        c.layouts.push(`${l.layout}=${key}`);
        counted.set(id, c);
      }
    }
  }
  // false brute-force signals: each daemon's normal lines, every one repeated 20 times in 20 s (one detector per daemon, and one for all)
  const falseSignalLines = [];
  const replayNormal = (normal, collect) => {
    const d = new BruteForceDetector();
    const out = [];
    let n = 0;
    for (let r = 0; r < 20; r++)
      for (const l of normal) {
        out.length = 0;
        d.observe(authEvent(l, r * 1000), out);
        n += out.length;
        if (collect) for (const s of out) if (falseSignalLines.length < 40) falseSignalLines.push(`${l.daemon} ${s.key} (repeat ${r + 1}): ${short(l.message, 120)}`);
      }
    return n;
  };
  for (const [daemon, s] of perDaemon)
    s.falseSignals = replayNormal(
      authLines.filter((l) => l.kind === 'N' && l.daemon === daemon),
      true,
    );
  const allFalse = replayNormal(
    authLines.filter((l) => l.kind === 'N'),
    false,
  );

  lines.push(
    `## ${title}: authentication failures of ${daemons} daemons (\`test/fixtures/security/${dir}/auth.tsv\`, ${origin})`,
    '',
    seen.auth,
    '',
    "Each message in the layouts of auth-formats (six; access-log and error-log daemons three). A failure counts when `failureKey` gives its client (case and an IPv4-mapped `::ffff:` prefix ignored); a normal line counts when it gets any key. False brute-force signals: the daemon's normal lines, each repeated 20 times in 20 s, default options.",
    '',
    `| daemon | failure lines | keyed right (target >= ${pct(TARGET_RECALL)}) | result | normal lines | counted as failures | false brute-force signals (target 0) |`,
    '|---|---|---|---|---|---|---|',
  );
  let fAll = 0;
  let rightAll = 0;
  let nAll = 0;
  let countedAll = 0;
  for (const [daemon, s] of [...perDaemon].sort()) {
    fAll += s.f;
    rightAll += s.right;
    nAll += s.n;
    countedAll += s.counted;
    const ok = s.right / s.f >= TARGET_RECALL && s.falseSignals === 0;
    lines.push(`| ${daemon} | ${s.f} | ${pct(s.right / s.f)} | ${ok ? 'pass' : 'FAIL'} | ${s.n} | ${s.counted} | ${s.falseSignals} |`);
  }
  lines.push(`| all | ${fAll} | ${pct(rightAll / fAll)} | | ${nAll} | ${countedAll} | ${allFalse} (all normal lines in one detector) |`);
  lines.push('', `Failure messages missed or keyed wrong in some layout (${misses.size}; layout=key obtained):`);
  for (const m of misses.values()) lines.push(`- ${m.daemon} (expected ${m.client}): \`${short(m.message)}\` — ${m.layouts.join(', ')}`);
  lines.push('', `Normal messages counted as failures (${counted.size}):`);
  for (const c of counted.values()) lines.push(`- ${c.daemon}: \`${short(c.message)}\` — ${c.layouts.join(', ')}`);
  if (falseSignalLines.length > 0) {
    lines.push('', 'False brute-force signals (first ones):');
    for (const s of falseSignalLines.slice(0, 40)) lines.push(`- ${s}`);
  }

  if (values === undefined) return lines;

  // ------------------------------------------------------------ injection false positives on form values
  const injection = new InjectionDetector();
  const out = [];
  const kinds = new Map(); // kind -> [values, flagged]
  const flagged = [];
  let requests = 0;
  let requestHits = 0;
  for (const v of values) {
    const carriers = [];
    let rules;
    for (const carrier of ['query', 'form', 'json']) {
      out.length = 0;
      injection.observe(event(otelAttributes(wafRequest(carrier, v.value))), out);
      requests++;
      if (out.length > 0) {
        requestHits++;
        carriers.push(carrier);
        rules ??= out[0].evidence?.rules?.join(',') ?? out[0].name;
      }
    }
    const k = kinds.get(v.kind) ?? [0, 0];
    k[0]++;
    if (carriers.length > 0) {
      k[1]++;
      flagged.push(`- ${v.kind} (${v.template}) [${carriers.join(' ')}] ${rules}: \`${short(JSON.stringify(v.value).slice(1, -1), 200)}\``);
    }
    kinds.set(v.kind, k);
  }
  const valueRate = flagged.length / values.length;
  lines.push(
    '',
    `## ${title}: benign form values (\`test/fixtures/security/${dir}/forms.jsonl\`, written without reading the analysers)`,
    '',
    seen.forms,
    '',
    'A value is a false positive when it raises a signal as a query argument, a form body or a JSON body (OTel attributes, default detector), as in the form-values section.',
    '',
    '| values | rows | target | false positives | rate | result |',
    '|---|---|---|---|---|---|',
    `| every value (any of the three carriers) | ${values.length} | <= ${pct(TARGET_FORM_FP)} | ${flagged.length} | ${pct(valueRate)} | ${valueRate <= TARGET_FORM_FP ? 'pass' : 'FAIL'} |`,
    `| requests (each value as a query argument, a form body and a JSON body) | ${requests} | (info) | ${requestHits} | ${pct(requestHits / requests)} | |`,
    '',
    '| kind of value | values | flagged | rate |',
    '|---|---|---|---|',
  );
  for (const [kind, [n, hit]] of [...kinds].sort()) lines.push(`| ${kind} | ${n} | ${hit} | ${pct(hit / n)} |`);
  lines.push('', `Flagged values (${flagged.length}; carriers, rules of the first signal):`, ...flagged);
  return lines;
}
