import { parseArgs } from 'node:util';
import type { LogEvent } from '../core/log-event.js';
import { TemplateMiner } from '../templates/template-miner.js';
import { EXIT } from './exit-codes.js';
import { expandInputs } from './input-files.js';
import { READ_DEFAULTS, scanInput } from './input-scanner.js';
import { yearlessFlags } from './date-flags.js';
import { UsageError } from './scan-command.js';

/** `logsignal templates --help`. */
export const TEMPLATES_HELP = `Usage: logsignal templates [options] <file|glob|->...

Lists the log templates (kinds of lines) of log files or standard input, as the scan's miner sees
them: each text line's message, after its header (time, level, host, pid, thread, logger).

Options:
  --format <f>           text (a table: count, id, template, first line; default) |
                         jsonl (one object per record: {"file","line","templateId","template"},
                         the template as known when the record was read)
  --input-format <f>     auto | text | jsonl | otlp (default auto: detected per input)
  --year <yyyy>          year of the first date written without one (syslog Dec 10 06:55:46, logcat,
                         klog); later dates roll over at New Year. Default: each date takes the latest
                         year that puts it at most 1 day after --now
  --now <time>           the clock year-less dates are placed against (2026-12-01, 2026-12-01T08:00:00Z;
                         UTC unless a zone is given); default: the current time
  --top <n>              text: rows shown (default 50; 0 for all)
  -h, --help             this help
`;

const OPTIONS = {
  format: { type: 'string' },
  'input-format': { type: 'string' },
  year: { type: 'string' },
  now: { type: 'string' },
  top: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FLUSH_CHARS = 1 << 16;
const FIRST_LINE_CHARS = 200;

interface FirstSeen {
  file: string;
  line: number;
  text: string;
}

/** Run `logsignal templates` with these arguments; resolves to the exit code. */
export async function templatesCommand(argv: string[], now: Date = new Date()): Promise<number> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (o.help) {
    process.stdout.write(TEMPLATES_HELP);
    return EXIT.ok;
  }
  const format = o.format ?? 'text';
  if (format !== 'text' && format !== 'jsonl') throw new UsageError(`--format: expected one of text, jsonl, got ${JSON.stringify(format)}`);
  const inputFormat = o['input-format'] ?? 'auto';
  if (inputFormat !== 'auto' && inputFormat !== 'text' && inputFormat !== 'jsonl' && inputFormat !== 'otlp')
    throw new UsageError(`--input-format: expected one of auto, text, jsonl, otlp, got ${JSON.stringify(inputFormat)}`);
  const dates = yearlessFlags(o.year, o.now, now);
  if (typeof dates === 'string') throw new UsageError(dates);
  const top = o.top === undefined ? 50 : Number(o.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top: expected a whole number, got ${JSON.stringify(o.top)}`);

  const miner = new TemplateMiner();
  const first = new Map<string, FirstSeen>();
  let out = '';
  let problems = 0;
  for (const input of await expandInputs(positionals.length === 0 ? ['-'] : positionals, false)) {
    if (input.problem !== undefined) {
      process.stderr.write(`logsignal: ${input.path}: ${input.problem}\n`);
      problems++;
      continue;
    }
    let record = 0;
    const observe = (e: LogEvent): void => {
      record++;
      const m = miner.add(e.message);
      const file = e.source?.file ?? input.path;
      const line = e.source?.line ?? record;
      if (format === 'jsonl') {
        out += `${JSON.stringify({ file, line, templateId: m.id, template: m.template })}\n`;
        if (out.length >= FLUSH_CHARS) {
          process.stdout.write(out);
          out = '';
        }
      } else if (m.isNew) {
        const text = e.raw ?? e.message;
        first.set(m.id, { file, line, text: text.length > FIRST_LINE_CHARS ? text.slice(0, FIRST_LINE_CHARS) : text });
        if (first.size > 4 * miner.maxClusters) forgetEvicted(first, miner);
      }
    };
    const r = await scanInput(input.path, { ...READ_DEFAULTS, format: inputFormat, ...dates }, observe);
    if (r.problem !== undefined) {
      process.stderr.write(`logsignal: ${input.path === '-' ? '(stdin)' : input.path}: ${r.problem}\n`);
      problems++;
    }
  }
  if (format === 'text') out = templatesTable(miner, first, top);
  process.stdout.write(out);
  return problems > 0 ? EXIT.input : EXIT.ok;
}

/** Drops the first lines of templates the miner has evicted (amortised O(1) per new template). */
function forgetEvicted(first: Map<string, FirstSeen>, miner: TemplateMiner): void {
  const live = new Set(miner.templates().map((t) => t.id));
  for (const id of first.keys()) if (!live.has(id)) first.delete(id);
}

/** The text table: count, id, template and the first line of each template, most frequent first. */
function templatesTable(miner: TemplateMiner, first: ReadonlyMap<string, FirstSeen>, top: number): string {
  const all = miner.templates().sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  const shown = top === 0 ? all : all.slice(0, top);
  const n = (x: number) => x.toLocaleString('en-US');
  const total = all.reduce((s, t) => s + t.count, 0);
  const lines = [`${n(all.length)} templates in ${n(total)} records`];
  const w = Math.max(5, ...shown.map((t) => n(t.count).length));
  lines.push(`${'COUNT'.padStart(w)}  ${'ID'.padEnd(6)} TEMPLATE`);
  for (const t of shown) {
    lines.push(`${n(t.count).padStart(w)}  ${t.id.padEnd(6)} ${oneLine(t.template)}`);
    const f = first.get(t.id);
    if (f !== undefined) lines.push(`${''.padStart(w)}  ${''.padEnd(6)} first: ${f.file === '-' ? '(stdin)' : f.file}:${f.line}: ${oneLine(f.text)}`);
  }
  if (shown.length < all.length) lines.push(`... and ${n(all.length - shown.length)} more (--top 0 for all)`);
  return `${lines.join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, ' ');
}
