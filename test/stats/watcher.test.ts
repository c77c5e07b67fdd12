import { describe, expect, it } from 'vitest';
import { EntropySpike } from '../../src/stats/index.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';
import { mulberry32, T0 } from './helpers.js';
import { StatRule } from '../../src/stats/stat-rule.js';

describe('stat detectors in a LogWatcher', () => {
  it('the seed README entropy example fires through watcher.process', () => {
    const rand = mulberry32(42);
    const w = new LogWatcher({ clock: () => T0 });
    w.addStat(new EntropySpike({ baselineRecords: 10, z: 2.5 }));
    const normal = ['INFO ok', 'INFO request processed', 'INFO heartbeat', 'INFO user active'];
    for (let i = 0; i < 30; i++) expect(w.process({ message: normal[Math.floor(rand() * 4)] })).toEqual([]);
    const got = [];
    for (let i = 0; i < 5; i++) got.push(...w.process({ message: "GET /login.php?id=1' OR '1'='1' UNION SELECT password FROM users" }));
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got[0].name).toBe('entropy_spike');
  });

  it('watcher.tick notices a silent stream; error-rate fires on record time', () => {
    const w = new LogWatcher({ detectors: [StatRule.volume(), StatRule.errorRateZScore()], clock: () => T0 });
    let signals: string[] = [];
    for (let b = 0; b < 30; b++) {
      for (let j = 0; j < 50; j++) {
        const level = b === 25 && j < 20 ? 'error' : 'info';
        signals.push(...w.process({ time: T0 + b * 10_000 + j * 200, level, msg: 'x' }).map((s) => s.name));
      }
    }
    expect(signals).toEqual(['error_rate_anomaly']);
    signals = w.tick(T0 + 34 * 10_000).map((s) => s.name);
    expect(signals).toEqual(['log_silence']);
  });
});
