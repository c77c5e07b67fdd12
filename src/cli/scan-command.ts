import { accessSync, constants, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type cliProgress from 'cli-progress';
import { type Signal, SIGNAL_SEVERITIES, severityRank } from '../core/signal.js';
import { ConfigError } from '../core/config-error.js';
import { parseDuration } from '../core/duration.js';
import { buildDetectors, type LogSignalConfig, parseConfig, templateMiner } from '../config/log-signal-config.js';
import { loadConfig } from '../config/load-config.js';
import { detectorEntriesFromFlags } from '../config/flag-detectors.js';
import { PRESET_NAMES } from '../config/presets.js';
import { useColour } from './colour.js';
import { newRecordUid } from '../otel/record-uid.js';
import { EXIT } from './exit-codes.js';
import { FAIL_ON_LEVEL_WORDS, failOnSeverity } from './fail-on.js';
import { type InputResult, READ_DEFAULTS, scanInput } from './input-scanner.js';
import { yearlessFlags } from './date-flags.js';
import { type NamedInput, expandInputs } from './input-files.js';
import { OtlpEndpointError, resolveOtlpEndpoint } from './otlp-endpoint.js';
import type { OtlpSender } from './otlp-sender.js';
import { loadOtlpSender } from './load-otlp-sender.js';
import { ScanCollector } from './scan-collector.js';
import { iso, terminalSummary } from './terminal-summary.js';

/** `logsignal scan --help`. */
export const SCAN_HELP = `Usage: logsignal scan [options] <file|dir|glob|->...

Scans log files (plain text, JSON lines, OTLP JSON; gzip or not), directories (their log files)
or standard input ('-', or nothing when input is piped) with logsignal's detectors, and prints
what it found. Each log is a stream with detector state of its own; rotations of one log
(app.log.2.gz, app.log.1, app.log) are one stream, read oldest first.

Detectors:
  --config <file>        config file (.yaml, .yml or .json): preset, detectors, options
  --preset <name>        ${PRESET_NAMES.join(' | ')} (default: the config's, else default)
  --keyword <word>       add a keyword rule (repeatable)
  --level <level>        add a rule for records at this level or above (e.g. ERROR)
  --spike <N/window>     add a spike rule: at least N records in a sliding window, e.g. 50/10s (repeatable)

Input:
  --input-format <f>     auto | text | jsonl | otlp (default auto: detected per input)
  --year <yyyy>          year of the first date written without one (syslog Dec 10 06:55:46, logcat,
                         klog); later dates roll over at New Year. Default: each date takes the latest
                         year that puts it at most 1 day after --now
  --now <time>           the clock year-less dates are placed against (2026-12-01, 2026-12-01T08:00:00Z;
                         UTC unless a zone is given); default: the current time
  --merge                one stream over all inputs (one detector state), in the order given
  --fifo-timeout <d>     how long to wait for a FIFO's writer before skipping it (default 10s)

Output:
  --format <f>           text (a summary, default) | jsonl (one signal per line, as found)
  --report <file.html>   write a self-contained HTML report
  --json-report <file>   write the full report as JSON
  --otlp <url|env>       send signal records to an OTLP/HTTP logs endpoint: a base URL gets /v1/logs
                         (http://127.0.0.1:4318); 'env' reads OTEL_EXPORTER_OTLP_(LOGS_)ENDPOINT
  --otlp-records         with --otlp, send every record too (original body, log.file.*, logsignal's attributes)
  --otlp-timeout <d>     time one export may take, retries included (default 10s); the first failed
                         export stops sending (exit 4)
  --otlp-deadline <d>    total time the run may wait on the endpoint (default 60s), then sending stops
  --fail-on <severity>   exit 1 when a signal at or above low | medium | high | critical was found;
                         level words work too: info = low, warn = medium, error = high, fatal = critical
  --no-progress          no progress bar (shown on a terminal for inputs over 32 MB)
  -q, --quiet            no summary (signals still go to --format jsonl, reports and --otlp)
  -h, --help             this help

Exit codes: 0 ok; 1 a signal at or above --fail-on; 2 bad usage or config; 3 an input could not be
read (the others were scanned); 4 --otlp could not deliver everything; 5 the output (stdout,
--report, --json-report) could not be written.
`;

const OPTIONS = {
  config: { type: 'string' },
  preset: { type: 'string' },
  keyword: { type: 'string', multiple: true },
  level: { type: 'string' },
  spike: { type: 'string', multiple: true },
  'input-format': { type: 'string' },
  year: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
  report: { type: 'string' },
  'json-report': { type: 'string' },
  merge: { type: 'boolean' },
  'fifo-timeout': { type: 'string' },
  otlp: { type: 'string' },
  'otlp-records': { type: 'boolean' },
  'otlp-timeout': { type: 'string' },
  'otlp-deadline': { type: 'string' },
  'fail-on': { type: 'string' },
  'no-progress': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const INPUT_FORMATS = ['auto', 'text', 'jsonl', 'otlp'] as const;
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

/** What the process needs to know of a running scan: `sending` while `--otlp` has records to deliver. */
export const scanState = { sending: false };

/** A usage problem: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** Run `logsignal scan` with these arguments; resolves to the exit code. */
export async function scanCommand(argv: string[], now: Date = new Date()): Promise<number> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (o.help) {
    process.stdout.write(SCAN_HELP);
    return EXIT.ok;
  }
  const inputFormat = choice(o['input-format'] ?? 'auto', '--input-format', INPUT_FORMATS);
  const outFormat = choice(o.format ?? 'text', '--format', ['text', 'jsonl'] as const);
  const failOn = o['fail-on'] === undefined ? undefined : failOnSeverity(o['fail-on']);
  if (o['fail-on'] !== undefined && failOn === undefined)
    throw new UsageError(`--fail-on: expected one of ${[...SIGNAL_SEVERITIES, ...Object.keys(FAIL_ON_LEVEL_WORDS)].join(', ')}, got ${JSON.stringify(o['fail-on'])}`);
  const dates = yearlessFlags(o.year, o.now, now);
  if (typeof dates === 'string') throw new UsageError(dates);
  if (o['otlp-records'] && !o.otlp) throw new UsageError('--otlp-records needs --otlp <url>');
  for (const flag of ['otlp-timeout', 'otlp-deadline'] as const) if (o[flag] !== undefined && !o.otlp) throw new UsageError(`--${flag} needs --otlp <url>`);
  let otlpUrl: string | undefined;
  try {
    otlpUrl = o.otlp === undefined ? undefined : resolveOtlpEndpoint(o.otlp);
  } catch (err) {
    if (err instanceof OtlpEndpointError) throw new UsageError(err.message);
    throw err;
  }
  const otlpTimeout = durationFlag(o['otlp-timeout'], '--otlp-timeout', 10_000);
  const otlpDeadline = durationFlag(o['otlp-deadline'], '--otlp-deadline', 60_000);
  const fifoWaitMs = durationFlag(o['fifo-timeout'], '--fifo-timeout', READ_DEFAULTS.fifoWaitMs);

  for (const flag of ['report', 'json-report'] as const) {
    const out = o[flag];
    if (out !== undefined) checkWritable(out, `--${flag}`);
  }

  const fileConfig: LogSignalConfig = o.config === undefined ? {} : loadConfig(o.config);
  const preset = o.preset === undefined ? fileConfig.preset : choice(o.preset, '--preset', PRESET_NAMES);
  const flagEntries = detectorEntriesFromFlags({ keyword: o.keyword, level: o.level, spike: o.spike });
  const config = parseConfig({ ...fileConfig, preset, detectors: [...(fileConfig.detectors ?? []), ...flagEntries] }, o.config ?? 'command line');
  // each stream (one log and its rotations) gets detectors and a template miner of its own
  const freshDetectors = () => buildDetectors(config, { miner: templateMiner(config) });
  const detectors = freshDetectors();

  if (positionals.length === 0 && process.stdin.isTTY) throw new UsageError('no input: give files, directories, globs, or - for standard input');
  const names = await expandInputs(positionals.length === 0 ? ['-'] : positionals, o.merge === true);
  // loaded only when used: the OTel SDK and exporter take a while to import
  const otlp: OtlpSender | undefined = otlpUrl === undefined ? undefined : new (await loadOtlpSender()).OtlpSender(otlpUrl, { timeoutMs: otlpTimeout, deadlineMs: otlpDeadline });
  scanState.sending = otlp !== undefined;
  const jsonl = outFormat === 'jsonl';
  const linkRecords = o['otlp-records'] === true && otlp !== undefined;
  const onSignal = (s: Signal) => {
    if (jsonl) process.stdout.write(`${signalJson(s)}\n`);
    // records sent too: the signal record links to its record by log.record.uid (one record, one uid)
    if (linkRecords && s.record !== undefined) s.record.uid ??= newRecordUid(s.time);
    otlp?.signal(s);
  };
  const collector = new ScanCollector(detectors, onSignal, config.cooldown);
  const observe =
    linkRecords && otlp !== undefined
      ? (e: Parameters<ScanCollector['observe']>[0], body: unknown) => otlp.record(e, body, collector.observe(e).raised)
      : (e: Parameters<ScanCollector['observe']>[0]) => {
          collector.observe(e);
        };

  const readOptions = { ...READ_DEFAULTS, format: inputFormat, ...dates, fifoWaitMs };
  const bar = await progressBar(names, o['no-progress'] === true || o.quiet === true);
  const inputs: InputResult[] = [];
  let done = 0;
  let stream = names[0]?.stream;
  for (const name of names) {
    if (name.stream !== stream) {
      collector.startStream(freshDetectors());
      stream = name.stream;
    }
    const r =
      name.problem !== undefined
        ? { name: name.path, format: 'text' as const, gzip: false, bytes: 0, lines: 0, records: 0, badLines: 0, untimed: 0, badLineNumbers: [], longLines: 0, problem: name.problem }
        : await scanInput(name.path, readOptions, observe, Number.isNaN(collector.lastTime) ? 0 : collector.lastTime + 1, {
            onBytes: bar ? (b) => bar.update(done + b) : undefined,
            pace: otlp === undefined ? undefined : () => otlp.pace(),
          });
    done += r.bytes;
    inputs.push(r);
  }
  bar?.stop();
  collector.finish();
  const report = collector.report(
    inputs.map(({ name, format, gzip, bytes, lines, records, badLines, untimed, warning, layout, outsideLayout, continuationLines }) => ({
      name,
      format,
      gzip,
      bytes,
      lines,
      records,
      badLines,
      untimed,
      ...(warning === undefined ? {} : { warning }),
      layout,
      outsideLayout,
      continuationLines,
    })),
    preset ?? 'default',
    now,
  );

  // a report that cannot be written is reported after the rest is done (--otlp still delivers)
  const unwritten: string[] = [];
  if (o.report !== undefined) writeOutput(o.report, '--report', (await import('./report/html-report.js')).renderHtmlReport(report), unwritten);
  if (o['json-report'] !== undefined) writeOutput(o['json-report'], '--json-report', `${JSON.stringify(report, null, 2)}\n`, unwritten);
  if (!o.quiet && !jsonl) {
    process.stdout.write(terminalSummary(report, inputs, useColour(process.stdout)));
    if (o.report !== undefined && unwritten.length === 0) process.stdout.write(`\nReport written to ${o.report}\n`);
  }
  for (const i of inputs) {
    const label = i.name === '-' ? '(stdin)' : i.name;
    if (i.problem !== undefined) process.stderr.write(`logsignal: ${label}: ${i.problem}\n`);
    if (i.warning !== undefined) process.stderr.write(`logsignal: warning: ${label}: ${i.warning}\n`);
  }

  let code: number = EXIT.ok;
  if (otlp !== undefined) {
    await otlp.close();
    if (otlp.failed > 0) {
      process.stderr.write(`logsignal: --otlp ${otlpUrl}: ${otlp.failed} records not delivered, ${otlp.sent} delivered (${otlp.firstError})\n`);
      code = EXIT.otlp;
    } else if (!o.quiet && !jsonl) {
      process.stdout.write(`Sent ${otlp.sent} records to ${otlpUrl}\n`);
    }
  }
  if (inputs.some((i) => i.problem !== undefined)) code = Math.max(code, EXIT.input);
  for (const u of unwritten) process.stderr.write(`logsignal: ${u}\n`);
  if (unwritten.length > 0) code = EXIT.output;
  if (code === EXIT.ok && failOn !== undefined && collector.worstRank >= severityRank(failOn)) code = EXIT.signals;
  return code;
}

/**
 * A signal as one JSON line: `time` in ISO 8601, then detector, name, kind, severity, message, key,
 * evidence, suppressed, and the record behind it: `file` (the input's name), `line` (1-based) and
 * `record` (the line's text, cut to 500 characters).
 */
export function signalJson(s: Signal): string {
  const r = s.record;
  return JSON.stringify({
    time: iso(s.time),
    detector: s.detector,
    name: s.name,
    kind: s.kind,
    severity: s.severity,
    message: s.message,
    key: s.key,
    evidence: s.evidence,
    suppressed: s.suppressed,
    file: r?.file,
    line: r?.line,
    record: r?.text,
  });
}

/**
 * Fail before scanning when an output file cannot be written: a missing folder, no permission, a
 * directory, or a path in `/proc` or `/sys`. Character devices (`/dev/stdout`, `/dev/null`) are allowed.
 */
function checkWritable(path: string, flag: string): void {
  const fail = (why: string): never => {
    throw new UsageError(`${flag}: cannot write ${path} (${why})`);
  };
  const full = resolve(path);
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(full, { throwIfNoEntry: false });
  } catch (err) {
    fail((err as NodeJS.ErrnoException).code ?? String(err));
  }
  let real = full;
  try {
    real = realpathSync(st === undefined ? dirname(full) : full);
  } catch {
    // the folder is missing: reported below
  }
  if (/^\/(proc|sys)(\/|$)/.test(real)) fail('a path in /proc or /sys');
  if (st?.isDirectory()) fail('a directory');
  if (st !== undefined && !st.isFile() && !st.isCharacterDevice()) fail('not a regular file');
  if (st === undefined) {
    // a new file: its folder must be one (Node 22's stat reports ENOTDIR as "no entry", Node 20's throws)
    let parent: ReturnType<typeof statSync> | undefined;
    try {
      parent = statSync(dirname(full), { throwIfNoEntry: false });
    } catch (err) {
      fail((err as NodeJS.ErrnoException).code ?? String(err));
    }
    if (parent === undefined) fail('ENOENT');
    else if (!parent.isDirectory()) fail('ENOTDIR');
  }
  try {
    accessSync(st === undefined ? dirname(full) : full, constants.W_OK);
  } catch (err) {
    fail((err as NodeJS.ErrnoException).code ?? String(err));
  }
}

/** Write an output file; a failure (ENOSPC, EIO, ...) is added to `failures` (exit code 5). */
function writeOutput(path: string, flag: string, text: string, failures: string[]): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    failures.push(`${flag}: could not write ${path} (${(err as Error).message})`);
  }
}

function durationFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  try {
    return parseDuration(value, flag);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${flag}: expected a duration such as 2s or 500ms, got ${JSON.stringify(value)}`);
    throw err;
  }
}

function choice<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

async function progressBar(inputs: readonly NamedInput[], off: boolean): Promise<cliProgress.SingleBar | undefined> {
  if (off || !process.stderr.isTTY) return undefined;
  let total = 0;
  for (const i of inputs) {
    if (i.path === '-' || i.problem !== undefined) continue;
    try {
      total += statSync(i.path).size;
    } catch {
      // reported when read
    }
  }
  if (total < PROGRESS_MIN_BYTES) return undefined;
  const { default: progress } = await import('cli-progress');
  const bar = new progress.SingleBar(
    {
      stream: process.stderr,
      format: 'scanning {bar} {percentage}% | {value}/{total} MB | eta {eta}s',
      formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? (v / 1048576).toFixed(0) : String(v)),
      hideCursor: true,
      clearOnComplete: true,
    },
    progress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}
