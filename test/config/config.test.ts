import { describe, expect, it } from 'vitest';
import {
  ConfigFileError,
  LogSignalProcessor,
  LogWatcher,
  NewTemplateDetector,
  PRESET_NAMES,
  TemplateRateDetector,
  buildDetectors,
  loadConfig,
  parseConfig,
  processorOptionsFromConfig,
  type Signal,
} from '../../src/index.js';
import { detectorEntriesFromFlags } from '../../src/config/flag-detectors.js';

const fixture = (name: string) => new URL(`../fixtures/config/${name}`, import.meta.url).pathname;
const T0 = Date.UTC(2026, 10, 24, 10, 0, 0);

function stream(): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 1500; i++) out.push({ time: T0 + i * 100, level: 'info', msg: `GET /api/items/${i} 200 in ${i % 50} ms`, 'client.address': `10.0.0.${i % 9}` });
  for (let i = 0; i < 30; i++) out.push({ time: T0 + 150_000 + i * 100, level: 'error', msg: `database deadlock detected on table orders (attempt ${i})`, 'client.address': '10.0.0.1' });
  return out;
}

describe('config files', () => {
  it('YAML and JSON give the same config; every preset builds and runs', () => {
    const yaml = loadConfig(fixture('web.yaml'));
    expect(loadConfig(fixture('web.json'))).toEqual(yaml);
    expect(yaml.preset).toBe('web');
    for (const preset of PRESET_NAMES) {
      const signals: Signal[] = [];
      const watcher = new LogWatcher({ detectors: buildDetectors(parseConfig({ preset })), onSignal: (s) => signals.push(s) });
      for (const r of stream()) watcher.process(r);
      expect(watcher.errors).toBe(0);
      if (preset === 'default' || preset === 'ci') expect(signals.some((s) => s.name === 'level_match')).toBe(true);
      if (preset === 'none') expect(signals).toEqual([]);
    }
  });

  it('the example config in examples/ is valid, and its JSON twin is the same', () => {
    const config = loadConfig(new URL('../../examples/logsignal.config.yaml', import.meta.url).pathname);
    expect(loadConfig(new URL('../../examples/logsignal.config.json', import.meta.url).pathname)).toEqual(config);
    expect(config.preset).toBe('web');
    expect(buildDetectors(config).filter((d) => d.id === 'error_rate_anomaly')).toHaveLength(2);
  });

  it('the template detectors of a preset share one miner', () => {
    const detectors = buildDetectors(parseConfig({ preset: 'default' }));
    const nt = detectors.find((d) => d instanceof NewTemplateDetector) as NewTemplateDetector;
    const tr = detectors.find((d) => d instanceof TemplateRateDetector) as TemplateRateDetector;
    expect(nt.miner).toBe(tr.miner);
    // a fresh set each call
    expect(buildDetectors(parseConfig({})).find((d) => d instanceof NewTemplateDetector)).not.toBe(nt);
  });

  it('errors name the file, the path and what was expected', () => {
    expect(() => loadConfig(fixture('bad-window.yaml'))).toThrow(ConfigFileError);
    expect(() => loadConfig(fixture('bad-window.yaml'))).toThrow(/bad-window\.yaml: detectors\[1\]\.spike\.window: expected a duration .*got "ten seconds"/);
    expect(() => loadConfig(fixture('bad-syntax.yaml'))).toThrow(/bad-syntax\.yaml: line 4, column \d+: invalid YAML/);
    expect(() => loadConfig(fixture('missing.yaml'))).toThrow(/missing\.yaml: no such file/);
    expect(() => parseConfig({ presets: 'web' }, 'x.yaml')).toThrow(/x\.yaml: presets: expected one of the settings preset, detectors/);
    expect(() => parseConfig({ preset: 'webb' })).toThrow(/config: preset: expected one of 'default', 'web'/);
    expect(() => parseConfig({ detectors: [{ spikes: {} }] })).toThrow(/detectors\[0\]\.spikes: expected a detector type: one of contains, level, spike/);
    expect(() => parseConfig({ detectors: [{ level: 'ERROR', spike: {} }] })).toThrow(/detectors\[0\]: expected exactly one detector type key/);
    expect(() => parseConfig({ detectors: [{ errorRateZScore: { z: -1 } }] })).toThrow(/detectors\[0\]\.errorRateZScore\.z: expected/);
    expect(() => parseConfig({ detectors: [{ contains: { ignoreCase: true } }] })).toThrow(/detectors\[0\]\.contains\.keywords: expected the keywords/);
    expect(() => parseConfig({ detectors: [{ match: { field: 'a', equals: 1, when: () => true } }] })).toThrow(/detectors\[0\]\.match\.when: expected data \(a function cannot appear/);
    expect(() => parseConfig({ templates: { miner: { similarity: 2 } } })).toThrow(/templates\.miner\.similarity: expected a number between 0 and 1/);
    expect(() => parseConfig({ cooldown: 'soon' })).toThrow(/cooldown: expected a duration/);
    expect(() => parseConfig([1, 2])).toThrow(/\(top level\): expected a mapping/);
    expect(() => parseConfig({ detectors: [{ newTemplate: { miner: 3 } }] })).toThrow(/detectors\[0\]\.newTemplate\.miner: expected nothing here: .* set its options under templates\.miner/);
    expect(() => parseConfig({ detectors: [{ templateRate: { minerOptions: {} } }] })).toThrow(/detectors\[0\]\.templateRate\.minerOptions: expected nothing here/);
    expect(() => parseConfig({ cooldown: () => 5 })).toThrow(/config: cooldown: expected data \(a function/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => parseConfig({ detectors: [{ volume: cyclic }] })).toThrow(/detectors\[0\]\.volume(\.self)+: expected plain data nested at most 32 deep/);
  });

  it('a YAML file with a self-referencing anchor is refused with a message, not a stack overflow', () => {
    expect(() => loadConfig(fixture('cyclic.yaml'))).toThrow(/cyclic\.yaml: detectors.*: expected plain data nested at most 32 deep/);
  });

  it('parseConfig returns a plain copy: changing the input later does not change it', () => {
    const input = { preset: 'ci' as const, detectors: [{ level: 'ERROR' }] };
    const config = parseConfig(input);
    expect(config).toEqual(input);
    input.detectors.push({ level: 'loud' });
    expect(config.detectors).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it('CLI flags map to the same entries, and their errors name the flag', () => {
    expect(detectorEntriesFromFlags({ keyword: ['ERROR', 'panic'], level: 'warn', spike: ['50/10s', '3/5'] })).toEqual([
      { contains: ['ERROR', 'panic'] },
      { level: 'warn' },
      { spike: { threshold: 50, window: '10s' } },
      { spike: { threshold: 3, window: 5 } },
    ]);
    expect(() => detectorEntriesFromFlags({ spike: ['fifty/10s'] })).toThrow(/--spike: expected THRESHOLD\/WINDOW such as 50\/10s, got "fifty\/10s"/);
    expect(() => detectorEntriesFromFlags({ spike: ['5/10 parsecs'] })).toThrow(/--spike/);
    expect(() => detectorEntriesFromFlags({ level: 'loud' })).toThrow(/--level/);
  });

  it('processorOptionsFromConfig: detectors sharing one miner, the processor settings, the miner as templates', () => {
    const o = processorOptionsFromConfig(loadConfig(fixture('web.yaml')));
    expect(o).toMatchObject({ mode: 'both', cooldown: '30s', maxSignalsPerMinute: 30 });
    const nt = o.detectors.find((d) => d instanceof NewTemplateDetector) as NewTemplateDetector;
    expect(o.templates).toBe(nt.miner);
    expect(o.templates?.similarity).toBe(0.5);
    const bare = processorOptionsFromConfig(parseConfig({ preset: 'security' }));
    expect(Object.keys(bare)).toEqual(['detectors']);
    expect(new LogSignalProcessor({ ...processorOptionsFromConfig(parseConfig({})), tickInterval: 0 }).pipeline.list().length).toBe(5);
  });

  it('LogSignalProcessor.fromConfig reads the file: detectors, mode, template attributes', () => {
    const p = LogSignalProcessor.fromConfig(fixture('web.yaml'), { tickInterval: 0 });
    const ids = p.pipeline.list().map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['level_match', 'error_rate_anomaly', 'new_template', 'injection_attempt', 'brute_force', 'scanner', 'keyword_match', 'log_spike']));
    expect(p.mode).toBe('both');
    expect(p.miner).toBeDefined();
    expect((p.pipeline.list().find((d) => d instanceof NewTemplateDetector) as NewTemplateDetector).miner).toBe(p.miner);
    expect(p.miner?.similarity).toBe(0.5);
    expect(() => LogSignalProcessor.fromConfig(fixture('bad-window.yaml'))).toThrow(/bad-window\.yaml: detectors\[1\]\.spike\.window/);
  });
});
