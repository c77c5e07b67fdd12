import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';

/** One input of a scan: a path (or `-`), the stream it belongs to, or why it cannot be read. */
export interface NamedInput {
  path: string;
  /** Inputs with the same stream are one log (its rotations) and share detector state. */
  stream: string;
  problem?: string;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Log file names a directory argument scans: a log extension (`.log`, `.jsonl`, `.ndjson`, `.json`,
 * `.txt`, `.out`) or a classic syslog name (`syslog`, `messages`, `secure`, `auth`, `kern`, `daemon`,
 * `maillog`, `cron`), each with an optional rotation suffix (`.1`, `-20261124`) and `.gz`.
 */
const LOG_NAME = /^(?:[^.].*\.(?:log|jsonl|ndjson|json|txt|out)|syslog|messages|secure|auth|kern|daemon|maillog|cron)(?:[.-]\d+)?(?:\.gz)?$/i;

/** `app.log.2.gz` → base `app.log`, rotation 2; `app.log-20261124` → base `app.log`, rotation by date. */
function rotation(name: string): { base: string; order: number } {
  let s = name.replace(/\.gz$/i, '');
  const m = /^(.*?)(?:\.(\d{1,4})|-(\d{8,10}))$/.exec(s);
  if (m === null) return { base: s, order: Number.POSITIVE_INFINITY };
  s = m[1];
  // numbered rotations: higher is older; dated ones: earlier is older (and older than numbered ones)
  return { base: s, order: m[2] !== undefined ? -Number(m[2]) : Number(m[3]) - 1e11 };
}

/**
 * Paths, globs and directories to inputs; `-` (or nothing, with piped input) is stdin.
 * - A directory scans its log files (not its subdirectories; see {@link LOG_NAME}).
 * - A glob matches files (an absolute glob is matched from its fixed leading directories, so it
 *   works wherever the scan runs); one that matches nothing is an input problem.
 * - Rotations of one log (`app.log.2.gz`, `app.log.1`, `app.log`) are one stream, read oldest first;
 *   other inputs are streams of their own, in argument order; with `merge`, everything is one stream.
 */
export async function expandInputs(args: readonly string[], merge: boolean): Promise<NamedInput[]> {
  const found: Array<{ path: string; problem?: string }> = [];
  for (const a of args) {
    if (a === '-') {
      found.push({ path: a });
    } else if (GLOB_CHARS.test(a)) {
      const matches = await globFiles(a);
      if (matches.length === 0) found.push({ path: a, problem: 'no file matches this pattern' });
      else found.push(...matches.map((path) => ({ path })));
    } else if (isDirectory(a)) {
      const files = logFilesIn(a);
      if (files.length === 0) found.push({ path: a, problem: 'a directory without log files (*.log, *.jsonl, syslog, ... and their rotations)' });
      else found.push(...files.map((path) => ({ path })));
    } else {
      found.push({ path: a });
    }
  }
  // group rotations into streams, streams in order of first appearance, each oldest first
  const streams = new Map<string, Array<{ path: string; problem?: string; order: number; at: number }>>();
  found.forEach((f, at) => {
    const r = f.path === '-' || f.problem !== undefined ? { base: `${f.path}\u0000${at}`, order: 0 } : rotation(basename(f.path));
    const key = f.path === '-' || f.problem !== undefined ? r.base : join(resolve(dirname(f.path)), r.base);
    let list = streams.get(key);
    if (list === undefined) streams.set(key, (list = []));
    if (!list.some((x) => resolve(x.path) === resolve(f.path))) list.push({ ...f, order: r.order, at });
  });
  const out: NamedInput[] = [];
  for (const [key, list] of streams) {
    list.sort((x, y) => x.order - y.order || x.at - y.at);
    for (const x of list) out.push({ path: x.path, stream: merge ? 'all' : key, ...(x.problem === undefined ? {} : { problem: x.problem }) });
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function logFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!LOG_NAME.test(d.name)) continue;
    const path = join(dir, d.name);
    if (d.isFile() || (d.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())) out.push(path);
  }
  return out.sort();
}

/**
 * Files matching a glob. tinyglobby resolves an absolute pattern (or one starting with `../`)
 * against the working directory and can miss it; here the fixed leading directories become the
 * `cwd` and the matches are joined back onto them, so the names come out as the user wrote them.
 */
async function globFiles(pattern: string): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const parts = pattern.split(/[\\/]/);
  let fixed = 0;
  while (fixed < parts.length - 1 && !GLOB_CHARS.test(parts[fixed])) fixed++;
  if (fixed === 0 || !(isAbsolute(pattern) || parts[0] === '..')) {
    return (await glob(pattern, { onlyFiles: true, expandDirectories: false })).sort();
  }
  const base = parts.slice(0, fixed).join(sep) || sep;
  const rest = parts.slice(fixed).join('/');
  if (!isDirectory(base)) return [];
  const matches = await glob(rest, { cwd: base, onlyFiles: true, expandDirectories: false });
  return matches.map((m) => join(base, m)).sort();
}
