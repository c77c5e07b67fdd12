import { describe, expect, it } from 'vitest';
import { eventFromString } from '../../src/input/event-from-input.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { TemplateMiner } from '../../src/templates/template-miner.js';

const T0 = Date.UTC(2026, 0, 1);
const lines = (n: number) => Array.from({ length: n }, (_, i) => [`user ${i} logged in`, `job ${i} done in ${i} ms`, `cache miss for key k${i}`][i % 3]);

describe('Pipeline state: the shared miner is saved once, by whoever no detector leaves it to', () => {
  it("fromConfig: the config's template detectors share its miner, and the pipeline saves it", () => {
    const p = Pipeline.fromConfig({ preset: 'default' });
    for (const [i, m] of lines(30).entries()) p.process(eventFromString(m, T0 + i * 1000, 8192));
    const state = JSON.parse(JSON.stringify(p.toJSON()));
    expect(state.miner).toBeDefined();
    const q = Pipeline.fromConfig({ preset: 'default' });
    q.restore(state);
    expect(q.miner!.templates()).toEqual(p.miner!.templates());
    // a restored pipeline knows the templates: the same message gets the same template id
    const id = p.process(eventFromString('user 99 logged in', T0 + 60_000, 8192)).template!.id;
    expect(q.process(eventFromString('user 99 logged in', T0 + 60_000, 8192)).template!.id).toBe(id);
  });

  it('a miner given as `templates` is saved by the pipeline (its sharers were given it)', () => {
    const p = new Pipeline({ templates: new TemplateMiner() });
    for (const m of lines(9)) p.process(eventFromString(m, T0, 8192));
    const q = new Pipeline({ templates: new TemplateMiner() });
    q.restore(JSON.parse(JSON.stringify(p.toJSON())));
    expect(q.miner!.templates()).toEqual(p.miner!.templates());
  });
});
