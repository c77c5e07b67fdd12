// Checks shared by the held-out sets' count tests (test/heldoutN/fixtures.test.ts): the committed outputs
// are what the set's seeded generators build, the form values and attack payloads have the set's counts.
// No detector is run: a held-out set is scored by bench/security.js, never by a test.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** A held-out set's form value, as its `sets.mjs` reads it. */
interface FormValue {
  kind: string;
  split: string;
  value: string;
}

/** A held-out set's attack record, as its `sets.mjs` reads it. */
interface AttackRecord {
  id: number;
  cls: string;
  carrier: string;
  value: string;
}

/** `forms.jsonl` and `attacks.jsonl` in `dir` are the generators' rows, one JSON object a line. */
export function expectGeneratedFiles(dir: string, forms: unknown[], attacks: unknown[]): void {
  const jsonl = (rows: unknown[]) => `${rows.map((x) => JSON.stringify(x)).join('\n')}\n`;
  expect(fs.readFileSync(path.join(dir, 'forms.jsonl'), 'utf8')).toBe(jsonl(forms));
  expect(fs.readFileSync(path.join(dir, 'attacks.jsonl'), 'utf8')).toBe(jsonl(attacks));
}

/** `values` are distinct, non-empty, of `split`, in `kinds` kinds of `perKind` each. */
export function expectFormValues(values: readonly FormValue[], split: string, kinds: number, perKind: number): void {
  expect(values).toHaveLength(kinds * perKind);
  expect(new Set(values.map((v) => v.value)).size).toBe(values.length);
  const byKind = new Map<string, number>();
  for (const v of values) {
    expect(v.split).toBe(split);
    expect(v.value.length).toBeGreaterThan(0);
    byKind.set(v.kind, (byKind.get(v.kind) ?? 0) + 1);
  }
  expect(byKind.size).toBe(kinds);
  for (const n of byKind.values()) expect(n).toBe(perKind);
}

/** Each payload of `attacks` is one form and one query record (the query one without blanks, `#` or `&`), in `classes` classes of `perClass`. */
export function expectAttackRecords(attacks: readonly AttackRecord[], classes: number, perClass: number): void {
  expect(attacks).toHaveLength(2 * classes * perClass);
  const byId = new Map<number, string[]>();
  const byClass = new Map<string, Set<number>>();
  for (const a of attacks) {
    byId.set(a.id, [...(byId.get(a.id) ?? []), a.carrier]);
    byClass.set(a.cls, (byClass.get(a.cls) ?? new Set()).add(a.id));
    if (a.carrier === 'query') expect(a.value).not.toMatch(/[\s#&]/);
  }
  expect(byId.size).toBe(classes * perClass);
  for (const carriers of byId.values()) expect(carriers.sort()).toEqual(['form', 'query']);
  expect(byClass.size).toBe(classes);
  for (const ids of byClass.values()) expect(ids.size).toBe(perClass);
}
