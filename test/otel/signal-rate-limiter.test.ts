import { describe, expect, it } from 'vitest';
import { SignalRateLimiter } from '../../src/otel/signal-rate-limiter.js';

const T0 = Date.UTC(2026, 0, 1);

describe('SignalRateLimiter', () => {
  it('admits perMinute at once and refills by record time', () => {
    const l = new SignalRateLimiter(3);
    expect([0, 1, 2, 3].map((i) => l.admit(T0 + i))).toEqual([true, true, true, false]);
    expect(l.dropped).toBe(1);
    expect(l.admit(T0 + 20_010)).toBe(true); // 20 s = one token
  });
  it('one record dated in 2100 does not stop the refill for everything after it', () => {
    const l = new SignalRateLimiter(60);
    const y2100 = Date.UTC(2100, 0, 1);
    let admitted = 0;
    l.admit(T0);
    l.admit(y2100); // far future: judged at the clock's time, clock not moved
    for (let i = 1; i <= 600; i++) if (l.admit(T0 + i * 1000)) admitted++; // 1/s for 10 min at 60/min
    expect(admitted).toBeGreaterThanOrEqual(598);
    expect(l.skewed).toBe(1);
  });
  it('a first record in 2100 is corrected by the records after it (a confirmed jump back)', () => {
    const l = new SignalRateLimiter(60);
    l.admit(Date.UTC(2100, 0, 1));
    let admitted = 0;
    for (let i = 1; i <= 600; i++) if (l.admit(T0 + i * 1000)) admitted++;
    expect(admitted).toBeGreaterThanOrEqual(597);
  });
  it('a confirmed jump forward is followed (a replay after a gap)', () => {
    const l = new SignalRateLimiter(2);
    l.admit(T0);
    l.admit(T0);
    const later = T0 + 86_400_000;
    expect(l.admit(later)).toBe(false); // unconfirmed: judged at T0, no token
    expect(l.admit(later + 1)).toBe(true); // confirmed: the day refilled the bucket
  });
  it('NaN and infinite times do not break it', () => {
    const l = new SignalRateLimiter(2);
    expect(l.admit(NaN)).toBe(true);
    expect(l.admit(Infinity)).toBe(true);
    expect(l.admit(T0)).toBe(false);
    expect(l.admit(T0 + 60_000)).toBe(true);
  });
});
