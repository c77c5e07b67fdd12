import { describe, expect, it } from 'vitest';
import { getField } from '../../src/core/field.js';
import { DefaultInjectionFields, FieldSet } from '../../src/security/field-path.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { mulberry32 } from './helpers.js';

/** Random attribute objects: flat OTel keys, nested JSON-logger objects, odd values in between. */
function randomAttributes(rand: () => number): Record<string, unknown> {
  const leaf = (): unknown => [undefined, null, 'x', '/a', 3, ['h1', 'h2'], { k: 'v' }, () => 1][Math.floor(rand() * 8)];
  const node = (depth: number): unknown => (depth > 0 && rand() < 0.5 ? { path: leaf(), query: leaf(), full: leaf(), original: leaf(), request: node(depth - 1), header: node(depth - 1) } : leaf());
  const a: Record<string, unknown> = {};
  for (const k of ['url.path', 'url.query', 'url.full', 'url.original', 'user_agent.original', 'http.request.header', 'client.address']) if (rand() < 0.4) a[k] = leaf();
  for (const k of ['url', 'user_agent', 'http']) if (rand() < 0.5) a[k] = node(2);
  return a;
}

describe('field readers', () => {
  it('read as getField does, generic and default alike', () => {
    const rand = mulberry32(3);
    const generic = new FieldSet(DefaultInjectionFields.NAMES);
    const literal = new DefaultInjectionFields();
    for (let n = 0; n < 5000; n++) {
      const a = randomAttributes(rand);
      generic.bind(a);
      literal.bind(a);
      DefaultInjectionFields.NAMES.forEach((name, i) => {
        expect(generic.get(i), name).toBe(getField(a, name));
        expect(literal.get(i), name).toBe(getField(a, name));
      });
      generic.release();
      literal.release();
    }
  });

  it('the default injection fields are read by the literal reader', () => {
    expect((new InjectionDetector() as unknown as { fields: unknown }).fields).toBeInstanceOf(DefaultInjectionFields);
    expect((new InjectionDetector({ fields: ['form.comment'] }) as unknown as { fields: unknown }).fields).toBeInstanceOf(FieldSet);
  });
});
