import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { Security } from '../../src/security/index.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';

describe('security detectors under the LogWatcher', () => {
  it('run on parsed JSON log lines and go through the cooldown', () => {
    const seen: Signal[] = [];
    const watcher = new LogWatcher({
      detectors: [Security.injection(), Security.bruteForce({ threshold: 3 }), Security.scanner({ threshold: 3 })],
      onSignal: (s) => seen.push(s),
      cooldown: '1m',
    });
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 3; i++) {
      watcher.process({ time: t0 + i * 1000, msg: 'request', 'client.address': '203.0.113.1', 'url.path': '/search', 'url.query': `q=' or 1=1-- ${i}` });
      watcher.process({ time: t0 + i * 1000, msg: 'login failed', 'client.address': '203.0.113.2' });
      watcher.process({ time: t0 + i * 1000, msg: 'not found', 'client.address': '203.0.113.3', 'url.path': `/wp-${i}.php`, 'http.response.status_code': 404 });
    }
    expect(seen.map((s) => `${s.name} ${s.key}`).sort()).toEqual(['brute_force 203.0.113.2', 'injection_attempt 203.0.113.1', 'scanner 203.0.113.3']);
    expect(watcher.errors).toBe(0);
  });
});
