import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type cliProgress from 'cli-progress';
import { type Signal, SIGNAL_SEVERITIES, severityRank } from '../core/signal.js';
import { buildDetectors, type LogSignalConfig, parseConfig, templateMiner } from '../config/log-signal-config.js';
import { loadConfig } from '../config/load-config.js';
import { detectorEntriesFromFlags } from '../config/flag-detectors.js';
import { PRESET_NAMES } from '../config/presets.js';
import { EXIT } from './exit-codes.js';
import { type InputResult, READ_DEFAULTS, scanInput } from './input-scanner.js';
import type { OtlpSender } from './otlp-sender.js';
import { ScanCollector } from './scan-collector.js';
import { iso, terminalSummary } from './terminal-summary.js';

/** `logsignal scan --help`. */
export const SCAN_HELP = `Usage: logsignal scan [options] <file|glob|->...

Scans log files (plain text, JSON lines, OTLP JSON; gzip or not) or standard input ('-', or
nothing when input is piped) with logsignal's detectors, and prints what it found.

Detectors:
  --config <file>        config file (.yaml, .yml or .json): preset, detectors, options
  --preset <name>        ${PRESET_NAMES.join(' | ')} (default: the config's, else default)
  --keyword <word>       add a keyword rule (repeatable)
  --level <level>        add a rule for records at this level or above (e.g. ERROR)
  --spike <N/window>     add a spike rule: at least N records in a sliding window, e.g. 50/10s (repeatable)

Input:
  --input-format <f>     auto | text | jsonl | otlp (default auto: detected per input)
  --year <yyyy>          year of timestamps that have none (syslog); default: the current year

Output:
  --format <f>           text (a summary, default) | jsonl (one signal per line, as found)
  --report <file.html>   write a self-contained HTML report
  --json-report <file>   write the full report as JSON
  --otlp <url>           send signal records to an OTLP/HTTP logs endpoint (e.g. http://127.0.0.1:4318/v1/logs)
  --otlp-records         with --otlp, send every record too, with logsignal's attributes
  --fail-on <severity>   exit 1 when a signal at or above low | medium | high | critical was found
  --no-progress          no progress bar (shown on a terminal for inputs over 32 MB)
  -q, --quiet            no summary (signals still go to --format jsonl, reports and --otlp)
  -h, --help             this help

Exit codes: 0 ok; 1 a signal at or above --fail-on; 2 bad usage or config; 3 an input could not be
read (the others were scanned); 4 --otlp could not deliver everything.
`;

const OPTIONS = {
  config: { type: 'string' },
  preset: { type: 'string' },
  keyword: { type: 'string', multiple: true },
  level: { type: 'string' },
  spike: { type: 'string', multiple: true },
  'input-format': { type: 'string' },
  year: { type: 'string' },
  format: { type: 'string' },
  report: { type: 'string' },
  'json-report': { type: 'string' },
  otlp: { type: 'string' },
  'otlp-records': { type: 'boolean' },
  'fail-on': { type: 'string' },
  'no-progress': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const INPUT_FORMATS = ['auto', 'text', 'jsonl', 'otlp'] as const;
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;

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
  const failOn = o['fail-on'] === undefined ? undefined : choice(o['fail-on'], '--fail-on', SIGNAL_SEVERITIES);
  const year = o.year === undefined ? now.getUTCFullYear() : Number(o.year);
  if (!Number.isInteger(year) || year < 1971 || year > 2199) throw new UsageError(`--year: expected a year such as 2026, got ${JSON.stringify(o.year)}`);
  if (o['otlp-records'] && !o.otlp) throw new UsageError('--otlp-records needs --otlp <url>');
  if (o.otlp !== undefined && !/^https?:\/\/[^\s]+$/.test(o.otlp)) throw new UsageError(`--otlp: expected an http(s) URL such as http://127.0.0.1:4318/v1/logs, got ${JSON.stringify(o.otlp)}`);

  for (const flag of ['report', 'json-report'] as const) {
    const out = o[flag];
    if (out !== undefined) checkWritable(out, `--${flag}`);
  }

  const fileConfig: LogSignalConfig = o.config === undefined ? {} : loadConfig(o.config);
  const preset = o.preset === undefined ? fileConfig.preset : choice(o.preset, '--preset', PRESET_NAMES);
  const flagEntries = detectorEntriesFromFlags({ keyword: o.keyword, level: o.level, spike: o.spike });
  const config = parseConfig({ ...fileConfig, preset, detectors: [...(fileConfig.detectors ?? []), ...flagEntries] }, o.config ?? 'command line');
  const miner = templateMiner(config);
  const detectors = buildDetectors(config, { miner });

  const names = await expandInputs(positionals);
  // loaded only when used: the OTel SDK and exporter take a while to import
  const otlp: OtlpSender | undefined = o.otlp === undefined ? undefined : new (await import('./otlp-sender.js')).OtlpSender(o.otlp);
  const jsonl = outFormat === 'jsonl';
  const onSignal = (s: Signal) => {
    if (jsonl) process.stdout.write(`${signalJson(s)}\n`);
    otlp?.signal(s);
  };
  const collector = new ScanCollector(detectors, onSignal, config.cooldown);
  const triggered: Signal[] = [];
  const observe = o['otlp-records'] && otlp !== undefined
    ? (e: Parameters<ScanCollector['observe']>[0]) => {
        collector.observe(e, triggered);
        otlp.record(e, triggered);
        triggered.length = 0;
      }
    : (e: Parameters<ScanCollector['observe']>[0]) => collector.observe(e);

  const readOptions = { ...READ_DEFAULTS, format: inputFormat, year };
  const bar = await progressBar(names, o['no-progress'] === true || o.quiet === true);
  const inputs: InputResult[] = [];
  let done = 0;
  for (const name of names) {
    const r = name.problem !== undefined
      ? { name: name.path, format: 'text' as const, gzip: false, bytes: 0, lines: 0, records: 0, badLines: 0, untimed: 0, badLineNumbers: [], longLines: 0, problem: name.problem }
      : await scanInput(name.path, readOptions, observe, Number.isNaN(collector.lastTime) ? 0 : collector.lastTime + 1, bar ? (b) => bar.update(done + b) : undefined);
    done += r.bytes;
    inputs.push(r);
  }
  bar?.stop();
  collector.finish();
  const report = collector.report(inputs.map(({ name, format, gzip, bytes, lines, records, badLines, untimed, layout, outsideLayout, continuationLines }) => ({ name, format, gzip, bytes, lines, records, badLines, untimed, layout, outsideLayout, continuationLines })), preset ?? 'default', now);

  if (o.report !== undefined) writeFileSync(o.report, (await import('./report/html-report.js')).renderHtmlReport(report));
  if (o['json-report'] !== undefined) writeFileSync(o['json-report'], `${JSON.stringify(report, null, 2)}\n`);
  if (!o.quiet && !jsonl) {
    process.stdout.write(terminalSummary(report, inputs, process.stdout.isTTY === true && !process.env.NO_COLOR));
    if (o.report !== undefined) process.stdout.write(`\nReport written to ${o.report}\n`);
  }
  for (const i of inputs) if (i.problem !== undefined) process.stderr.write(`logsignal: ${i.name === '-' ? '(stdin)' : i.name}: ${i.problem}\n`);

  let code: number = EXIT.ok;
  if (otlp !== undefined) {
    await otlp.close();
    if (otlp.failed > 0) {
      process.stderr.write(`logsignal: --otlp ${o.otlp}: ${otlp.failed} records not delivered (${otlp.firstError})\n`);
      code = EXIT.otlp;
    } else if (!o.quiet && !jsonl) {
      process.stdout.write(`Sent ${otlp.sent} records to ${o.otlp}\n`);
    }
  }
  if (inputs.some((i) => i.problem !== undefined)) code = Math.max(code, EXIT.input);
  if (code === EXIT.ok && failOn !== undefined && collector.worstRank >= severityRank(failOn)) code = EXIT.signals;
  return code;
}

/** A signal as one JSON line: `time` in ISO 8601, then detector, name, kind, severity, message, key, evidence. */
export function signalJson(s: Signal): string {
  return JSON.stringify({ time: iso(s.time), detector: s.detector, name: s.name, kind: s.kind, severity: s.severity, message: s.message, key: s.key, evidence: s.evidence, suppressed: s.suppressed });
}

/** Fail before scanning when an output file cannot be written (missing folder, no permission). */
function checkWritable(path: string, flag: string): void {
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
  } catch (err) {
    throw new UsageError(`${flag}: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function choice<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

interface NamedInput {
  path: string;
  problem?: string;
}

/** Paths and globs to inputs; `-` (or nothing, with piped input) is stdin. A glob that matches nothing is an input problem. */
export async function expandInputs(args: readonly string[]): Promise<NamedInput[]> {
  if (args.length === 0) {
    if (process.stdin.isTTY) throw new UsageError('no input: give files, globs, or - for standard input');
    return [{ path: '-' }];
  }
  const out: NamedInput[] = [];
  for (const a of args) {
    if (a === '-' || !/[*?[\]{}]/.test(a)) {
      out.push({ path: a });
      continue;
    }
    const { glob } = await import('tinyglobby');
    const matches = (await glob(a, { onlyFiles: true, expandDirectories: false })).sort();
    if (matches.length === 0) out.push({ path: a, problem: 'no file matches this pattern' });
    else out.push(...matches.map((path) => ({ path })));
  }
  return out;
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
  const bar = new progress.SingleBar({ stream: process.stderr, format: 'scanning {bar} {percentage}% | {value}/{total} MB | eta {eta}s', formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? (v / 1048576).toFixed(0) : String(v)), hideCursor: true, clearOnComplete: true }, progress.Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}
