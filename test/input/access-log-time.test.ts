import { describe, expect, it } from 'vitest';
import { parseAccessLogTime } from '../../src/input/request-line.js';

describe('parseAccessLogTime', () => {
  it('reads each text right when texts repeat and alternate (the last one is remembered)', () => {
    const a = '24/Nov/2026:10:00:00 +0000';
    const b = '24/Nov/2026:10:00:01 -0130';
    for (let i = 0; i < 3; i++) {
      expect(parseAccessLogTime(a)).toBe(Date.UTC(2026, 10, 24, 10, 0, 0));
      expect(parseAccessLogTime(a)).toBe(Date.UTC(2026, 10, 24, 10, 0, 0));
      expect(parseAccessLogTime(b)).toBe(Date.UTC(2026, 10, 24, 11, 30, 1));
    }
  });

  it('rejects non-digits where digits belong, and reads a time without a zone as UTC', () => {
    expect(parseAccessLogTime('2x/Nov/2026:10:00:00 +0000')).toBeNaN();
    expect(parseAccessLogTime('24/Nov/2026:1a:00:00 +0000')).toBeNaN();
    expect(parseAccessLogTime('24/Xyz/2026:10:00:00 +0000')).toBeNaN();
    expect(parseAccessLogTime('24/Nov/2026:10:00:00')).toBe(Date.UTC(2026, 10, 24, 10, 0, 0));
  });
});
