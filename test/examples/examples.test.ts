import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The examples import the built package ('logsignal' resolves to dist/ by self-reference);
// `npm test` builds first.
const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (file: string) => execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });

describe('examples run as a user would run them', () => {
  it('demo (npm start): the receiver gets tagged records and signal events', () => {
    const out = run('examples/demo.js');
    expect(out).toMatch(/got \d+ records/);
    expect(out).toContain('Signal events (eventName = logsignal.signal):');
    expect(out).toContain("Keyword 'CRITICAL' detected");
    expect(out).toMatch(/spiked \(20 in 10s for client\.address=203\.0\.113\.66\)/);
    expect(out).toMatch(/error_rate_anomaly Error rate 19\.2% \(5\/26\)/);
    expect(out).toMatch(/injection_attempt SQL injection in url\.query/);
    expect(out).toMatch(/scanner\s+8 distinct url\.path with client errors from 192\.0\.2\.77/);
    expect(out).toMatch(/New log template T3: db: connection refused/);
    expect(out).toContain('"logsignal.template":"GET <*> in <*> ms"');
  });

  it('Node SDK example: logRecordProcessors with logsignal wrapping the OTLP exporter', () => {
    const out = run('examples/node-sdk.js');
    expect(out).toMatch(/tagged\s+ERROR order 42 failed/);
    expect(out).toMatch(/signal log_spike\s+ERROR WARN logs spiked \(3 in 10s\)/);
  });

  it("metrics example: Prometheus scrapes logsignal's counters and template gauge over HTTP", () => {
    const out = run('examples/metrics.js');
    expect(out).toMatch(/^logsignal_records_total\{[^}]*\} 22$/m);
    expect(out).toMatch(/^logsignal_signals_total\{logsignal_detector="level_match",logsignal_severity="high"[^}]*\} 1$/m);
    expect(out).toMatch(/^logsignal_templates\{[^}]*\} 3$/m);
  });

  it('pino example: pino records reach logsignal through the OTel instrumentation', () => {
    const out = execFileSync(process.execPath, ['examples/pino.js'], { cwd: root, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain("'logsignal.detectors': [ 'keyword_match' ]");
    expect(out).toContain("body: 'payment provider slow: timeout after 3000 ms'");
  });
});
