import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The eight loghub 2k samples (read from `../shared`, never copied into the repository). */
export const LOGHUB_SYSTEMS = ['BGL', 'HDFS', 'Thunderbird', 'Apache', 'OpenSSH', 'Linux', 'Proxifier', 'Spark'] as const;

/** Where the loghub samples are: `LOGHUB_DIR`, else `../shared/datasets/loghub` beside the project. */
export const LOGHUB_DIR = resolve(process.env.LOGHUB_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'datasets', 'loghub'));

/** Content and EventId columns of one system's structured CSV, or null when the data is absent. */
export function loghubSample(name: string): { content: string[]; eventIds: string[] } | null {
  const file = join(LOGHUB_DIR, name, `${name}_2k.log_structured.csv`);
  if (!existsSync(file)) return null;
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const c = rows[0].indexOf('Content');
  const e = rows[0].indexOf('EventId');
  const body = rows.slice(1).filter((r) => r.length > 1);
  return { content: body.map((r) => r[c]), eventIds: body.map((r) => r[e]) };
}

/** RFC 4180 CSV (quoted fields may hold commas, "" and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Grouping accuracy (Zhu et al. 2019): share of lines whose predicted group is exactly their true group. */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  const truthSize = new Map<string, number>();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  const groups = new Map<string, number[]>();
  predicted.forEach((p, i) => {
    let g = groups.get(p);
    if (g === undefined) groups.set(p, (g = []));
    g.push(i);
  });
  let correct = 0;
  for (const members of groups.values()) {
    const t = truth[members[0]];
    if (members.every((i) => truth[i] === t) && members.length === truthSize.get(t)) correct += members.length;
  }
  return correct / truth.length;
}
