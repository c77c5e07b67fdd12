import { describe, expect, it } from 'vitest';
import { levelInText } from '../../src/input/event-from-input.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { TextLineReader } from '../../src/cli/text-line.js';
import { TextRecordReader } from '../../src/input/text-layout/text-record-reader.js';
import { YearlessDates } from '../../src/input/text-layout/yearless-dates.js';
import { type TimeRead, timeFormatAt } from '../../src/input/text-layout/timestamp-formats.js';

function times(lines: readonly string[]): number[] {
  const dates = new YearlessDates({ year: 2026 });
  const fallback = new TextLineReader(dates);
  const out: number[] = [];
  const reader = new TextRecordReader(
    'history.log',
    { dates },
    (l, e) => fallback.read(l, e),
    levelInText,
    (e: LogEvent) => out.push(e.time),
  );
  for (let i = 0; i < lines.length; i++) reader.line(lines[i], i + 1);
  reader.end();
  return out;
}

describe('ISO dates with two spaces before the time (apt history.log)', () => {
  it('reads `YYYY-MM-DD  HH:MM:SS` as that date, not as a bare time of day on 1 January', () => {
    const out: TimeRead = { time: 0, end: 0, level: 0 };
    expect(timeFormatAt('2025-06-24  14:36:25', 0, out, 2026)?.name).toBe('iso');
    expect([out.time, out.end]).toEqual([Date.UTC(2025, 5, 24, 14, 36, 25), 20]);
    // one space is unchanged, three are not a date
    expect(timeFormatAt('2025-06-24 14:36:25', 0, out, 2026)?.name).toBe('iso');
    expect(out.time).toBe(Date.UTC(2025, 5, 24, 14, 36, 25));
    expect(timeFormatAt('2025-06-24   14:36:25', 0, out, 2026)?.name).not.toBe('iso');
  });

  it('an apt history.log keeps its dates', () => {
    const lines = [
      '',
      'Start-Date: 2025-06-24  14:36:25',
      'Commandline: apt-get -qqy upgrade',
      'Upgrade: libsystemd0:amd64 (252.36-1~deb12u1, 252.38-1~deb12u1)',
      'End-Date: 2025-06-24  14:36:29',
      '',
      'Start-Date: 2025-07-01  09:00:01',
      'Commandline: apt-get install -qqy curl',
      'Install: curl:amd64 (7.88.1-10+deb12u12)',
      'End-Date: 2025-07-01  09:00:07',
    ];
    const got = times(lines).filter((t) => Number.isFinite(t));
    expect(got).toContain(Date.UTC(2025, 5, 24, 14, 36, 25));
    expect(got).toContain(Date.UTC(2025, 6, 1, 9, 0, 7));
    expect(got.every((t) => t >= Date.UTC(2025, 5, 24) && t < Date.UTC(2025, 6, 2))).toBe(true);
  });
});
