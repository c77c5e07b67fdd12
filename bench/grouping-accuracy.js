// Grouping accuracy (Zhu et al., ICSE-SEIP 2019) and the small CSV reader the layout bench needs
// for the loghub structured files.

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Returns rows of fields. */
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

/** Column `name` of a CSV with a header row (rows of one field, blank lines, dropped). */
export function column(rows, name, file) {
  const idx = rows[0].indexOf(name);
  if (idx < 0) throw new Error(`${file}: no column ${name}`);
  return rows
    .slice(1)
    .filter((r) => r.length > 1)
    .map((r) => r[idx]);
}

/** Share of items whose predicted group is exactly their true group (as a set of items). */
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
