import { describe, expect, it } from 'vitest';
import { eventFromString } from '../../src/input/event-from-input.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { LogSignalProcessor } from '../../src/otel/log-signal-processor.js';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { TemplateRule } from '../../src/templates/template-rule.js';

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

  it('LogSignalProcessor.fromConfig without template attributes: its pipeline saves the miner too', () => {
    const p = LogSignalProcessor.fromConfig({ preset: 'default' }).pipeline;
    for (const [i, m] of lines(30).entries()) p.process(eventFromString(m, T0 + i * 1000, 8192));
    const state = JSON.parse(JSON.stringify(p.toJSON()));
    expect(state.miner).toBeDefined();
    const q = LogSignalProcessor.fromConfig({ preset: 'default' }).pipeline;
    q.restore(state);
    expect(q.miner!.templates()).toEqual(p.miner!.templates());
  });

  it('a template detector that made its own miner saves it; the pipeline then does not', () => {
    const p = new Pipeline({ detectors: [TemplateRule.newTemplate()] });
    for (const m of lines(9)) p.process(eventFromString(m, T0, 8192));
    expect(p.toJSON().miner).toBeUndefined();
    const q = new Pipeline({ detectors: [TemplateRule.newTemplate()] });
    q.restore(JSON.parse(JSON.stringify(p.toJSON())));
    expect(q.miner!.templates()).toEqual(p.miner!.templates());
  });
});
