// Layering, read from the import lines of src/: a detector family (rules, stats, templates,
// security) imports only from core/, input/ and itself; input/ only from core/ and itself; core/
// only from itself. Composition (pipeline/, watcher/, otel/, cli/, config/) may import the families.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const FAMILIES = ['rules', 'stats', 'templates', 'security'];
const ALLOWED: Record<string, readonly string[]> = {
  ...Object.fromEntries(FAMILIES.map((f) => [f, ['core', 'input', f]])),
  input: ['core', 'input'],
  core: ['core'],
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports, and dynamic `import()`. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const s = m[1] ?? m[2] ?? m[3];
    if (s.startsWith('.')) out.push(s);
  }
  return out;
}

/** The top folder of src/ a path is in ('' for files directly in src/). */
const area = (path: string) => {
  const r = relative(src, path).split('/');
  return r.length > 1 ? r[0] : '';
};

describe('layering', () => {
  it('finds the import lines (the reader is not blind)', () => {
    expect(specifiers("import { a } from './a.js';\nexport { b } from '../core/b.js';\nimport type {\n  C,\n} from '../input/c.js';\nconst x = await import('../templates/t.js');")).toEqual([
      './a.js',
      '../core/b.js',
      '../input/c.js',
      '../templates/t.js',
    ]);
  });

  it('families import only core/, input/ and themselves; input/ only core/; core/ only itself', () => {
    const violations: string[] = [];
    for (const file of tsFiles(src)) {
      const from = area(file);
      const allowed = ALLOWED[from];
      if (allowed === undefined) continue;
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const to = area(normalize(join(dirname(file), spec)));
        if (!allowed.includes(to)) violations.push(`${relative(src, file)} imports ${spec} (${from} -> ${to || 'src/'})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
