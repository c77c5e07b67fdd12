// logsignal demo: `npm start`.
//
// A small "checkout" service logs through the OpenTelemetry SDK. logsignal's processor sits in the
// pipeline in front of the real OTLP/HTTP exporter, which ships everything to an OTLP receiver
// started on 127.0.0.1 inside this script. At the end we print what the receiver got: the records
// logsignal tagged, and the signal events it emitted.
//
// Time is simulated (each record carries its own timestamp), so the demo runs in a second and gives
// the same result every time.
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { LogSignalProcessor, Rule, Security, StatRule, TemplateMiner } from 'logsignal';
import { startOtlpReceiver } from 'logsignal/testing';

const receiver = await startOtlpReceiver();

const miner = new TemplateMiner(); // one miner for the template detectors and the template attributes
const logsignal = new LogSignalProcessor({
  rules: [
    Rule.contains(['CRITICAL', 'OutOfMemory', 'deadlock'], { wholeWord: true }),
    Rule.level('ERROR'),
    Rule.spike({ threshold: 20, window: '10s', groupBy: 'client.address', match: { field: 'http.response.status_code', equals: 401 } }),
  ],
  detectors: [
    StatRule.errorRateZScore({ bucket: '10s' }), // learns the normal error share, fires on a burst
    StatRule.newTemplate({ miner, warmupRecords: 300 }), // a kind of message never seen before
    Security.injection(), // attack payloads in url.path / url.query / user agent, after decoding
    Security.scanner(), // one client probing many paths that do not exist
  ],
  templates: miner, // logsignal.template.id / logsignal.template on every record
  mode: 'both',
  next: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: receiver.url }) })],
});
const provider = new LoggerProvider({
  resource: resourceFromAttributes({ 'service.name': 'checkout' }),
  processors: [logsignal],
});
const logger = provider.getLogger('checkout', '1.0.0');

// --- the simulated service -------------------------------------------------------------------
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const start = Date.UTC(2026, 10, 24, 9, 0, 0);
let now = start;
const clients = ['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14'];
const info = (body, attributes) => logger.emit({ timestamp: now, severityNumber: 9, severityText: 'INFO', body, attributes });
const error = (body, attributes) => logger.emit({ timestamp: now, severityNumber: 17, severityText: 'ERROR', body, attributes });

// 1. Ten minutes of normal traffic: requests, a few slow ones.
for (let i = 0; i < 600; i++) {
  now += 1000;
  const client = clients[i % clients.length];
  info(`GET /api/cart/${1000 + i} 200 in ${20 + Math.floor(rand() * 40)} ms`, { 'client.address': client, 'http.response.status_code': 200, 'url.path': `/api/cart/${1000 + i}` });
}
// 2. A keyword hit.
now += 1000;
info('CRITICAL: payment provider certificate expires in 2 days', { 'client.address': 'internal' });
// 3. An error burst: the database goes away for 5 seconds.
for (let i = 0; i < 5; i++) {
  now += 1000;
  error('db: connection refused (ECONNREFUSED 10.0.5.2:5432)', { 'db.system': 'postgresql' });
}
// 4. One client hammers the login endpoint: 40 failed logins in 8 seconds.
for (let i = 0; i < 40; i++) {
  now += 200;
  info('POST /api/login 401 invalid credentials', { 'client.address': '203.0.113.66', 'http.response.status_code': 401, 'url.path': '/api/login' });
}
// 5. Someone tries a SQL injection in a search query (URL-encoded, as it appears in access logs).
now += 1000;
info('GET /api/search 200 in 12 ms', {
  'client.address': '198.51.100.23',
  'http.response.status_code': 200,
  'url.path': '/api/search',
  'url.query': 'q=shoes%27%20UNION%20SELECT%20username,password%20FROM%20users--',
});
// 6. A scanner walks through paths that do not exist.
for (const path of ['/.env', '/wp-login.php', '/admin/config.php', '/.git/config', '/phpmyadmin/', '/backup.sql', '/server-status', '/actuator/env', '/config.json', '/.aws/credentials']) {
  now += 300;
  info(`GET ${path} 404`, { 'client.address': '192.0.2.77', 'http.response.status_code': 404, 'url.path': path });
}
// 7. Back to normal.
for (let i = 0; i < 30; i++) {
  now += 1000;
  info(`GET /api/cart/${2000 + i} 200 in 31 ms`, { 'client.address': clients[i % 4], 'http.response.status_code': 200 });
}

await provider.forceFlush();
await provider.shutdown();
await receiver.close();

// --- what the collector received -----------------------------------------------------------------
const iso = (nanos) => new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString().slice(11, 19);
const signals = receiver.records.filter((r) => r.eventName === 'logsignal.signal');
const tagged = receiver.records.filter((r) => r.eventName !== 'logsignal.signal' && r.attributes['logsignal.anomaly']);
const total = receiver.records.length - signals.length;

console.log(`\nThe OTLP receiver on ${receiver.url} got ${receiver.records.length} records in ${receiver.requests} export requests:`);
console.log(`  ${total} application records, ${tagged.length} of them tagged by logsignal, and ${signals.length} signal events.\n`);

console.log('Signal events (eventName = logsignal.signal):');
for (const s of signals) {
  const ev = Object.entries(s.attributes)
    .filter(([k]) => k.startsWith('logsignal.evidence.'))
    .map(([k, v]) => `${k.slice('logsignal.evidence.'.length)}=${Array.isArray(v) ? v.join(',') : v}`)
    .join(' ');
  const extra = s.attributes['logsignal.suppressed'] ? ` (+${s.attributes['logsignal.suppressed']} repeats suppressed)` : '';
  console.log(`  ${iso(s.timeUnixNano)}  ${String(s.severityText).padEnd(5)} ${String(s.attributes['logsignal.detector']).padEnd(14)} ${s.body}${extra}`);
  console.log(`  ${' '.repeat(8)}  evidence: ${ev}${s.attributes['logsignal.key'] ? `  key: ${s.attributes['logsignal.key']}` : ''}`);
}

console.log('\nTagged records (first 5):');
for (const r of tagged.slice(0, 5)) {
  console.log(`  ${iso(r.timeUnixNano)}  ${String(r.severityText).padEnd(5)} ${r.body}`);
  console.log(`  ${' '.repeat(8)}  logsignal.detectors=${r.attributes['logsignal.detectors']} logsignal.severity=${r.attributes['logsignal.severity']}`);
}
if (tagged.length > 5) console.log(`  ... and ${tagged.length - 5} more`);
console.log(`\nTemplate attributes on every record, e.g.: ${JSON.stringify(Object.fromEntries(Object.entries(receiver.records[0].attributes).filter(([k]) => k.startsWith('logsignal.template'))))}`);
console.log(`\nA record without signals: ${JSON.stringify(receiver.records.find((r) => !r.attributes['logsignal.anomaly'] && !r.eventName)?.attributes)}`);
