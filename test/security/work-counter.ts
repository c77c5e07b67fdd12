/**
 * Counts the string work done by code under test, without instrumenting it: while `count` runs, the
 * String methods the analysers use (charCodeAt, indexOf, startsWith, slice, toLowerCase, ...),
 * RegExp `exec` (which `test` and `match` go through once patched) and Array `join`/`slice` are
 * wrapped to add the number of characters (or items) each call can touch. A super-linear loop
 * (rescanning the rest of a run for every separator) shows up as a count that grows faster than the
 * input; no wall clock is involved, so the figure is deterministic.
 */
type Method = (this: unknown, ...args: unknown[]) => unknown;

let ops = 0;

function scanCost(s: string, from: unknown, found: number): number {
  const start = typeof from === 'number' && from > 0 ? from : 0;
  return (found >= 0 ? found - start : s.length - start) + 1;
}

const STRING_COSTS: Record<string, (s: string, args: unknown[], result: unknown) => number> = {
  charCodeAt: () => 1,
  codePointAt: () => 1,
  charAt: () => 1,
  at: () => 1,
  indexOf: (s, a, r) => scanCost(s, a[1], r as number) + String(a[0]).length,
  lastIndexOf: (s) => s.length,
  includes: (s, a) => s.length - (typeof a[1] === 'number' ? a[1] : 0) + 1,
  startsWith: (_s, a) => String(a[0]).length,
  endsWith: (_s, a) => String(a[0]).length,
  slice: (_s, _a, r) => (r as string).length + 1,
  substring: (_s, _a, r) => (r as string).length + 1,
  substr: (_s, _a, r) => (r as string).length + 1,
  toLowerCase: (s) => s.length,
  toUpperCase: (s) => s.length,
  trim: (s) => s.length,
  split: (s) => s.length,
  replace: (s) => s.length,
  replaceAll: (s) => s.length,
  normalize: (s) => s.length,
  concat: (_s, _a, r) => (r as string).length,
  padStart: (_s, _a, r) => (r as string).length,
  repeat: (_s, _a, r) => (r as string).length,
};

/** Run `fn` and return the characters of string work it did (see the file comment). */
export function countWork(fn: () => void): number {
  const saved: [object, string, Method][] = [];
  const wrap = (proto: object, name: string, cost: (self: unknown, args: unknown[], result: unknown) => number): void => {
    const orig = (proto as Record<string, Method>)[name];
    saved.push([proto, name, orig]);
    (proto as Record<string, Method>)[name] = function (this: unknown, ...args: unknown[]): unknown {
      const r = orig.apply(this, args);
      ops += cost(this, args, r);
      return r;
    };
  };
  for (const [name, cost] of Object.entries(STRING_COSTS)) wrap(String.prototype, name, (s, a, r) => cost(String(s), a, r));
  wrap(RegExp.prototype, 'exec', (re, a) => String(a[0]).length - (re as RegExp).lastIndex + 1);
  wrap(Array.prototype, 'join', (arr) => (arr as unknown[]).length + 1);
  wrap(Array.prototype, 'slice', (_arr, _a, r) => (r as unknown[]).length + 1);
  wrap(Array.prototype, 'indexOf', (arr) => (arr as unknown[]).length + 1);
  wrap(Array.prototype, 'includes', (arr) => (arr as unknown[]).length + 1);
  ops = 0;
  try {
    fn();
  } finally {
    for (let i = saved.length - 1; i >= 0; i--) {
      const [proto, name, orig] = saved[i];
      (proto as Record<string, Method>)[name] = orig;
    }
  }
  return ops;
}
