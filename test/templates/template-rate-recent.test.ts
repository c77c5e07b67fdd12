import { describe, expect, it } from 'vitest';
import type { EventTemplate, LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { StatRule } from '../../src/index.js';
import { mulberry32 } from '../helpers/prng.js';

const T0 = Date.UTC(2026, 0, 1);

function ev(template: EventTemplate, time: number): LogEvent {
  return { time, severityNumber: 9, severityText: '', message: template.template, attributes: {}, eventName: '', template };
}

/**
 * templateRate skips the look-up for a record of the template of the record before (the most recently
 * seen one). Driven with templates given on the events (as the pipeline gives them), runs of one
 * template, a small cap and template text changing inside a run must leave the same state as a plain
 * Map LRU model: the order of templates, least recently seen first, and each one's current text.
 */
describe('templateRate: a record of the same template as the record before', () => {
  it.each([4, 16])('keeps the exact LRU order and the template text (runs, generalisation inside a run; cap %i: with and without evictions)', (cap) => {
    const rnd = mulberry32(7);
    const d = StatRule.templateRate({ maxTemplates: cap, minCount: 5 });
    const model = new Map<string, string>();
    const texts = new Map<string, number>();
    const out: Signal[] = [];
    let t = T0;
    for (let i = 0; i < 20_000; i++) {
      // runs: most records repeat the template of the record before, others pick one of 9
      const id = i > 0 && rnd() < 0.6 ? [...model.keys()].at(-1)! : `T${1 + Math.floor(rnd() * 9)}`;
      const version = texts.get(id) ?? 0;
      const changed = rnd() < 0.05; // the message generalised the template: new text
      const v = changed ? version + 1 : version;
      texts.set(id, v);
      const template = `${id} text v${v} <*>`;
      t += Math.floor(rnd() * 300);
      d.observe(ev({ id, template, isNew: !model.has(id) && version === 0, changed, count: 1 }, t), out);
      // the model: a Map in LRU order (delete + set moves to the end), capped
      if (model.has(id)) model.delete(id);
      else if (model.size >= cap) model.delete(model.keys().next().value!);
      model.set(id, template);
    }
    const state = d.toJSON();
    expect(state.templates.map(([id]) => id)).toEqual([...model.keys()]);
    expect(state.templates.map(([, s]) => s.template)).toEqual([...model.values()]);
  });

  it('a run of one template after a restore is counted into the restored state', () => {
    const tpl = (id: string): EventTemplate => ({ id, template: `${id} done`, isNew: false, changed: false, count: 1 });
    const a = StatRule.templateRate();
    const out: Signal[] = [];
    for (let i = 0; i < 10; i++) a.observe(ev(tpl(i % 2 ? 'T1' : 'T2'), T0 + i), out);
    const b = StatRule.templateRate();
    b.restore(a.toJSON());
    for (const d of [a, b]) for (let i = 0; i < 5; i++) d.observe(ev(tpl('T1'), T0 + 20 + i), out);
    expect(b.toJSON()).toEqual(a.toJSON());
    const t1 = a.toJSON().templates.find(([id]) => id === 'T1')![1];
    expect(t1.count).toBe(10);
  });
});
