// The loghub 2k samples (../shared/datasets/loghub), read one way for every bench and for the test
// helper (test/helpers/loghub.ts): where the data is, the structured CSVs (RFC 4180), the raw logs,
// and grouping accuracy (Zhu et al., ICSE-SEIP 2019). The data is never copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The eight loghub 2k samples. */
export const LOGHUB_SYSTEMS = Object.freeze(['BGL', 'HDFS', 'Thunderbird', 'Apache', 'OpenSSH', 'Linux', 'Proxifier', 'Spark']);

/** The labelled sets: their alert lines start with a category, normal lines with `- `. */
export const LOGHUB_LABELLED = Object.freeze(['BGL', 'Thunderbird']);

/** Where the samples are: `dir` if given, else env `LOGHUB_DIR`, else `../shared/datasets/loghub` beside the project. */
export function loghubDir(dir) {
  return resolve(dir ?? process.env.LOGHUB_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'datasets', 'loghub'));
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks (LF or CRLF). Returns rows of fields. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Column `name` of a CSV with a header row (rows of one field, blank lines, dropped); throws naming `file` when absent. */
export function column(rows, name, file) {
  const idx = rows[0].indexOf(name);
  if (idx < 0) throw new Error(`${file}: no column ${name}`);
  return rows
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r) => r[idx]);
}

/**
 * One system's structured CSV (`<name>_2k.log_structured.csv`) in `dir` (default {@link loghubDir}):
 * its `Content`, `EventId` and `EventTemplate` columns and the `EventTemplate` of the corrected CSV of
 * loghub-2.0 when there is one (else null); null when the CSV is absent.
 */
export function loghubStructured(name, dir = loghubDir()) {
  const file = join(dir, name, `${name}_2k.log_structured.csv`);
  if (!existsSync(file)) return null;
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const content = column(rows, 'Content', file);
  const fixed = join(dir, name, `${name}_2k.log_structured_corrected.csv`);
  let corrected = null;
  if (existsSync(fixed)) {
    corrected = column(parseCsv(readFileSync(fixed, 'utf8')), 'EventTemplate', fixed);
    if (corrected.length !== content.length) throw new Error(`${name}: corrected CSV has ${corrected.length} rows, expected ${content.length}`);
  }
  return { file, content, eventIds: column(rows, 'EventId', file), templates: column(rows, 'EventTemplate', file), corrected };
}

/** The raw lines of one system's `<name>_2k.log` (empty lines dropped); null when absent. */
export function loghubLines(name, dir = loghubDir()) {
  const file = join(dir, name, `${name}_2k.log`);
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

/** Grouping accuracy: the share of items whose predicted group is exactly their true group (as a set of items). */
export function groupingAccuracy(predicted, truth) {
  const truthSize = new Map();
  for (const t of truth) truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
  const groups = new Map();
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
