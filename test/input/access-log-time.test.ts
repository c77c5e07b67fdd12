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

  it('the remembered day gives what Date.UTC of all six parts gives: days, hours and seconds out of range, two-digit years, across days', () => {
    let seed = 3;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const two = (v: number) => String(v).padStart(2, '0');
    for (let k = 0; k < 5000; k++) {
      const [d, mo, y, h, m, s] = [rnd(40), rnd(12), rnd(4) === 0 ? rnd(10000) : 1990 + rnd(60), rnd(30), rnd(70), rnd(70)];
      const text = `${two(d)}/${months[mo]}/${String(y).padStart(4, '0')}:${two(h)}:${two(m)}:${two(s)} +0000`;
      expect(parseAccessLogTime(text), text).toBe(Date.UTC(y, mo, d, h, m, s));
    }
  });

  it('months and zones read from char codes give what the month table and the trimmed zone gave', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    months.forEach((mo, i) => expect(parseAccessLogTime(`05/${mo}/2026:01:02:03 +0000`), mo).toBe(Date.UTC(2026, i, 5, 1, 2, 3)));
    for (const bad of ['jan', 'JAN', 'Jun'.replace('n', 'm'), 'Ma ', 'Jux', 'Dez', 'Spe', 'A\u0000r']) expect(parseAccessLogTime(`05/${bad}/2026:01:02:03 +0000`), bad).toBeNaN();
    const at = (zone: string) => parseAccessLogTime(`05/Mar/2026:10:00:00${zone}`);
    const base = Date.UTC(2026, 2, 5, 10, 0, 0);
    expect(at(' +0530')).toBe(base - 330 * 60_000);
    expect(at(' -0800')).toBe(base + 480 * 60_000);
    // a number may hold spaces (as `Number` reads it): `05 0` is 5 h 0 min
    expect(at(' +05 0')).toBe(base - 300 * 60_000);
    // not a five-character zone once trimmed: read as UTC
    expect(at(' +053 ')).toBe(base);
    expect(at(' +05300')).toBe(base);
    // trimmed before reading: spaces around the zone, a zone right after the seconds
    expect(at(' +0530  ')).toBe(base - 330 * 60_000);
    expect(at('  -0100')).toBe(base + 60 * 60_000);
    expect(at('x+0100')).toBe(base - 60 * 60_000);
    // digits that do not read: no offset
    expect(at(' +0x30')).toBe(base);
    expect(at(' *0530')).toBe(base);
  });
});
