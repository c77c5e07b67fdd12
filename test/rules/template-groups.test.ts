import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { Rule } from '../../src/rules/rule.js';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const miner = () => new TemplateMiner();
/** An event with its template mined (as the pipeline's enrichment stage does). */
function mined(m: TemplateMiner, time: number, message: string, severityNumber = 17): LogEvent {
  const t = m.add(message);
  return { time, severityNumber, severityText: '', message, attributes: {}, eventName: '', template: { id: t.id, template: t.template, isNew: t.isNew, changed: t.changed, count: t.count } };
}
function feed(d: { observe(e: LogEvent, out: Signal[]): void }, evs: LogEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of evs) d.observe(e, out);
  return out.filter((s) => !s.repeat);
}
function raw(d: { observe(e: LogEvent, out: Signal[]): void }, evs: LogEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of evs) d.observe(e, out);
  return out;
}

describe('errors grouped by template (level and keyword rules)', () => {
  it('the first record of an error template fires; repeats are counted, not signalled', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    for (let i = 0; i < 50; i++) evs.push(mined(m, T0 + i * 20_000, `ERROR db timeout after ${100 + i} ms on shard ${i % 7}`));
    evs.push(mined(m, T0 + 1_000_001, 'ERROR disk /dev/sda1 full'));
    const out = feed(Rule.level('ERROR'), evs);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ name: 'level_match', key: out[0].evidence.templateId, evidence: { group: 'first', repeats: 0, occurrences: 1 } });
    expect(out[0].message).toMatch(/first of template T\d+/);
    expect(out[1].evidence.template).toBe('ERROR disk <*> full');
    // every repeat still tags its record (a repeat signal), but the watcher never delivers those
    const all = raw(Rule.level('ERROR'), evs);
    expect(all).toHaveLength(51);
    expect(all.filter((s) => s.repeat).every((s) => s.key === out[0].key && s.evidence.group === 'repeat')).toBe(true);
    const p = new Pipeline({ rules: [Rule.level('ERROR')], cooldown: 0 });
    let delivered = 0;
    let raised = 0;
    for (const e of evs) {
      const r = p.process(e);
      delivered += r.signals.length;
      raised += r.raised.length;
    }
    expect(delivered).toBe(2);
    expect(raised).toBe(51);
  });
  it('fires again on a regression: the template rate well above its own baseline', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    // 30 minutes at 2 a minute (baseline), then one minute with 40
    for (let i = 0; i < 60; i++) evs.push(mined(m, T0 + i * 30_000, `ERROR retrying upstream call id=${i}`));
    for (let i = 0; i < 40; i++) evs.push(mined(m, T0 + 30 * MIN + i * 1_000, `ERROR retrying upstream call id=${1000 + i}`));
    const out = feed(Rule.level('ERROR'), evs);
    expect(out.map((s) => s.evidence.group)).toEqual(['first', 'regression']);
    expect(out[1].evidence.repeats).toBeGreaterThan(59);
    expect(out[1].evidence.bucketCount).toBeGreaterThanOrEqual(10);
    expect(out[1].message).toMatch(/regressed: \d+ in 1m vs baseline 2\.\d/);
  });
  it('a steady rate never regresses, and small counts never do (minimum count)', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    for (let i = 0; i < 600; i++) evs.push(mined(m, T0 + i * 6_000, `ERROR cache miss for key k${i}`)); // 10 a minute for an hour
    const sparse: LogEvent[] = [];
    for (let i = 0; i < 30; i++) sparse.push(mined(m, T0 + i * 10 * MIN, `WARN slow request ${i}`, 17)); // 1 per 10 min, then a burst of 5
    for (let i = 0; i < 5; i++) sparse.push(mined(m, T0 + 300 * MIN + i, `WARN slow request ${i}`, 17));
    expect(feed(Rule.level('ERROR'), evs)).toHaveLength(1);
    expect(feed(Rule.level('ERROR'), sparse)).toHaveLength(1);
  });
  it('fires again when a template returns after a long quiet', () => {
    const m = miner();
    const evs = [0, 1, 2, 3].map((i) => mined(m, T0 + i * MIN, `ERROR job ${i} failed`));
    evs.push(mined(m, T0 + 3 * 3_600_000, 'ERROR job 9 failed'));
    const out = feed(Rule.level('ERROR'), evs);
    expect(out.map((s) => [s.evidence.group, s.evidence.repeats])).toEqual([
      ['first', 0],
      ['returned', 3],
    ]);
  });
  it('a return needs three occurrences before: lines less than a bucket apart are one occurrence', () => {
    const m = miner();
    // one crash writing three lines within seconds, then the same error a day later: no history to return from
    const burst = [0, 1, 2].map((i) => mined(m, T0 + i * 1_000, `FATAL job ${i} failed`));
    burst.push(mined(m, T0 + 86_400_000, 'FATAL job 9 failed'));
    expect(feed(Rule.level('ERROR'), burst).map((s) => s.evidence.group)).toEqual(['first']);
    // three occurrences a minute or more apart, then a day of quiet: a return
    const spread = [0, 1, 2].map((i) => mined(m, T0 + i * MIN, `FATAL job ${i} failed`));
    spread.push(mined(m, T0 + 86_400_000, 'FATAL job 9 failed'));
    expect(feed(Rule.level('ERROR'), spread).map((s) => s.evidence.group)).toEqual(['first', 'returned']);
  });
  it('a template that recurs every few hours is not "returned" each time (twice its longest quiet)', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    for (let i = 0; i < 4; i++) evs.push(mined(m, T0 + i * MIN, `ERROR nightly export ${i} failed`));
    for (let i = 1; i < 20; i++) evs.push(mined(m, T0 + i * 3 * 3_600_000, `ERROR nightly export ${i} failed`));
    const out = feed(Rule.level('ERROR'), evs);
    expect(out.map((s) => s.evidence.group)).toEqual(['first', 'returned']); // the first 3 h gap; later gaps are no longer than it
  });
  it('a flood of new error templates is folded: at most 3 first signals per hour, the count on the next', () => {
    const m = miner();
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const evs = words.map((w, i) =>
      mined(
        m,
        T0 + i * 1_000,
        `FATAL register ${w} dump`
          .split(' ')
          .concat(w === 'alpha' ? [] : Array(i).fill(w))
          .join(' '),
      ),
    );
    evs.push(mined(m, T0 + 3_700_000, 'FATAL machine check in unit 7'));
    const out = feed(Rule.level('ERROR'), evs);
    expect(out).toHaveLength(4);
    expect(out[3].evidence.foldedGroups).toBe(5);
    expect(out[3].message).toMatch(/5 more new templates/);
    // with no later signal, the watcher's tick reports the folded ones once the flood is over
    const r = Rule.level('ERROR');
    const flood = feed(r, evs.slice(0, 8));
    expect(flood).toHaveLength(3);
    const late: Signal[] = [];
    r.tick(T0 + 10 * MIN, late);
    expect(late).toEqual([]); // flood window not over
    r.tick(T0 + 2 * 3_600_000, late);
    expect(late.map((s) => [s.evidence.group, s.evidence.foldedGroups])).toEqual([['folded', 5]]);
    r.tick(T0 + 3 * 3_600_000, late);
    expect(late).toHaveLength(1);
  });
  it('keyword rules group by template too; field rules and events without a template keep firing per match', () => {
    const m = miner();
    const evs = [0, 1, 2].map((i) => mined(m, T0 + i, `request failed: code ${i}`, 9));
    expect(feed(Rule.contains('failed'), evs)).toHaveLength(1);
    const plain = evs.map(({ template: _t, ...e }) => e as LogEvent);
    expect(feed(Rule.contains('failed'), plain)).toHaveLength(3);
    expect(feed(Rule.level('INFO'), plain)).toHaveLength(3);
    expect(feed(Rule.contains('failed', { group: false }), evs)).toHaveLength(3);
    expect(feed(Rule.level('INFO', { group: false }), evs)).toHaveLength(3);
  });
  it('group state survives a restart through the watcher (no second "first")', () => {
    const m = miner();
    const a = new LogWatcher({ rules: [Rule.level('ERROR')], cooldown: 0, onSignal: () => {} });
    expect(a.processEvent(mined(m, T0, 'ERROR x 1'))).toHaveLength(1);
    const b = new LogWatcher({ rules: [Rule.level('ERROR')], cooldown: 0, onSignal: () => {} });
    b.restore(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.processEvent(mined(m, T0 + 5, 'ERROR x 2'))).toHaveLength(0);
    expect(() => b.restore({ version: 1, detectors: { level_match: { detector: 'level_match', groups: [['T1', -1, 0, 0, 0, 0, 0, 0, false, 0]] } } })).toThrow(/level_match.restore.groups\[0\]\[1\]/);
    // a state saved before occurrences were counted (10 entries) restores, each match one occurrence
    const c = new LogWatcher({ rules: [Rule.level('ERROR')], cooldown: 0, onSignal: () => {} });
    c.restore({ version: 1, detectors: { level_match: { detector: 'level_match', groups: [['T1', 4, 3, T0 + 3 * MIN, T0 + 3 * MIN, 1, 3, 1, false, MIN]] } } });
    expect(c.processEvent(mined(m, T0 + 5 * 3_600_000, 'ERROR x 3')).map((s) => s.evidence.group)).toEqual(['returned']);
  });
  it('one record dated in 2100 does not freeze a group (no false regression, returns still seen)', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    for (let i = 0; i < 4; i++) evs.push(mined(m, T0 + i * MIN, `ERROR upstream ${i} failed`));
    evs.push(mined(m, Date.UTC(2100, 0, 1), 'ERROR upstream 99 failed'));
    for (let i = 0; i < 40; i++) evs.push(mined(m, T0 + 10 * MIN + i * 60_000, `ERROR upstream ${i} failed`)); // 1 a minute: steady
    evs.push(mined(m, T0 + 5 * 3_600_000, 'ERROR upstream 7 failed'));
    const out = feed(Rule.level('ERROR'), evs);
    expect(out.map((s) => s.evidence.group)).toEqual(['first', 'returned']);
  });
  it('an ongoing template: repeats of its first spell tag their records, repeats of later spells are counted but tag none', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    // first spell: 5 lines 20 min apart (tagged); a second spell 70 min later: no return (less than
    // four times the longest quiet before), so the template is ongoing: counted, not tagged
    for (let i = 0; i < 5; i++) evs.push(mined(m, T0 + i * 20 * MIN, `ERROR upload ${i} to bucket failed`));
    for (let i = 0; i < 3; i++) evs.push(mined(m, T0 + 150 * MIN + i * MIN, `ERROR upload ${10 + i} to bucket failed`));
    const r = Rule.level('ERROR');
    expect(raw(r, evs).map((s) => s.evidence.group)).toEqual(['first', 'repeat', 'repeat', 'repeat', 'repeat']);
    // the ongoing repeats are still counted into the group: the next signal (a return, a day later) says 7
    const ret = raw(r, [mined(m, T0 + 86_400_000, 'ERROR upload 99 to bucket failed'), mined(m, T0 + 86_400_000 + MIN, 'ERROR upload 98 to bucket failed')]);
    expect(ret.map((s) => [s.evidence.group, s.evidence.repeats])).toEqual([
      ['returned', 7],
      ['repeat', undefined],
    ]); // a return tags the rest of its spell
    // a regression inside an ongoing spell tags the rest of that spell
    const reg: LogEvent[] = [];
    for (let i = 0; i < 3; i++) reg.push(mined(m, T0 + i * 20 * MIN, `ERROR cache node ${i} unreachable`));
    for (let i = 0; i < 40; i++) reg.push(mined(m, T0 + 110 * MIN + i * 30_000, `ERROR cache node ${i} unreachable`)); // 2 a minute
    const burst: LogEvent[] = [];
    for (let i = 0; i < 40; i++) burst.push(mined(m, T0 + 131 * MIN + i * 1_000, `ERROR cache node ${i} unreachable`));
    const g = Rule.level('ERROR');
    expect(raw(g, reg).map((s) => s.evidence.group)).toEqual(['first', 'repeat', 'repeat']);
    const after = raw(g, burst);
    expect(after.filter((s) => !s.repeat).map((s) => s.evidence.group)).toEqual(['regression']);
    expect(after.length).toBeGreaterThan(20);
    expect(after.at(-1)?.repeat).toBe(true);
  });
  it('ongoingAfter: 0 tags no repeat, a large value tags every repeat; the state keeps spells', () => {
    const m = miner();
    const evs: LogEvent[] = [];
    // three spells an hour apart, three lines 20 min apart in each (no return: gaps within four times the longest before)
    for (let s = 0; s < 3; s++) for (let i = 0; i < 3; i++) evs.push(mined(m, T0 + s * 100 * MIN + i * 20 * MIN, `ERROR batch ${i} rejected`));
    expect(raw(Rule.level('ERROR', { group: { ongoingAfter: 0 } }), evs)).toHaveLength(1);
    expect(raw(Rule.level('ERROR', { group: { ongoingAfter: 1_000_000 } }), evs)).toHaveLength(9);
    expect(raw(Rule.level('ERROR', { group: { ongoingAfter: 2 } }), evs)).toHaveLength(6);
    expect(raw(Rule.level('ERROR'), evs)).toHaveLength(3);
    expect(raw(Rule.contains('rejected'), evs)).toHaveLength(3);
    // restart in an ongoing spell: its repeats still tag nothing
    const a = new Pipeline({ rules: [Rule.level('ERROR')], cooldown: 0 });
    for (const e of evs.slice(0, 4)) a.process(e);
    const b = new Pipeline({ rules: [Rule.level('ERROR')], cooldown: 0 });
    b.restore(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.process(evs[4]).raised).toHaveLength(0);
    const c = new Pipeline({ rules: [Rule.level('ERROR')], cooldown: 0 });
    expect(c.process(evs[4]).raised).toHaveLength(1);
    expect(() => b.restore({ version: 1, detectors: { level_match: { detector: 'level_match', groups: [['T1', 4, 3, T0, T0, 1, 3, 1, false, MIN, 2, 1, 'yes']] } } })).toThrow(
      /level_match.restore.groups\[0\]\[12\]/,
    );
    expect(() => Rule.level('ERROR', { group: { ongoingAfter: -1 } })).toThrow(/level\.group\.ongoingAfter/);
  });
  it('a state saved before spells were kept restores under the rule of ongoingAfter (0: its repeats tag nothing)', () => {
    const m = miner();
    const first = mined(m, T0, 'ERROR batch 1 rejected');
    const again = mined(m, T0 + MIN, 'ERROR batch 2 rejected');
    const id = first.template!.id;
    // 11 entries: [id, total, repeats, lastSeen, bucketStart, bucketCount, buckets, mean, latched, longestGap, episodes]
    const old = { detector: 'level_match', groups: [[id, 1, 0, T0, T0, 1, 0, 0, false, 0, 1]] };
    const none = Rule.level('ERROR', { group: { ongoingAfter: 0 } });
    none.restore(old);
    expect(raw(none, [again])).toEqual([]);
    const tags = Rule.level('ERROR');
    tags.restore(old);
    expect(raw(tags, [again]).map((s) => s.repeat)).toEqual([true]);
  });
  it('invalid group options name the option', () => {
    expect(() => Rule.level('ERROR', { group: { quiet: 'soon' } })).toThrow(/level\.group\.quiet/);
    expect(() => Rule.contains('x', { group: { minCount: 0 } })).toThrow(/contains\.group\.minCount/);
    expect(() => Rule.level('ERROR', { group: { nope: 1 } as never })).toThrow(/level\.group\.nope/);
  });
});

describe('messages the miner did not admit (at its cap)', () => {
  it('each error answered as the unadmitted template signals on its own: T0 groups nothing', () => {
    const m = new TemplateMiner({ maxClusters: 2 });
    const evs: LogEvent[] = [mined(m, T0, 'INFO service started on port 8080', 9), mined(m, T0 + 1, 'INFO cache warmed in 12 ms', 9)];
    const kinds = ['disk quota exceeded on volume', 'certificate expired for host', 'replica lag above limit for shard', 'queue consumer crashed with code'];
    kinds.forEach((k, i) => evs.push(mined(m, T0 + MIN * (i + 1), `ERROR ${k} ${i}`)));
    expect(evs.slice(2).map((e) => e.template?.id)).toEqual(['T0', 'T0', 'T0', 'T0']);
    for (const rule of [Rule.level('ERROR'), Rule.contains('ERROR')]) {
      const out = raw(rule, evs);
      expect(out.filter((s) => !s.repeat)).toHaveLength(4);
      expect(out.every((s) => s.evidence.group === undefined)).toBe(true);
    }
  });
});
