import { describe, expect, it } from 'vitest';
import { levelInText } from '../../src/core/event-from-input.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { TextLineReader } from '../../src/cli/text-line.js';
import { TextRecordReader } from '../../src/input/text-layout/text-record-reader.js';
// @ts-expect-error plain JS module shared with the bench
import { LAYOUTS, SAMPLE_YEAR, sampleLines } from '../../bench/layout-samples.js';

interface Sample { line: string; time: number; level: number | undefined; message: string; kind: number }
interface Layout { name: string; levels: boolean }
interface Read { time: number; level: number; message: string; attributes: Record<string, unknown>; raw?: string; source?: { file: string; line: number } }

/** Reads lines as the CLI does: layout inference, the old line reader as the fallback. */
function readAll(lines: readonly string[], options: { sampleLines?: number } = {}): { records: Read[]; reader: TextRecordReader } {
  const fallback = new TextLineReader(SAMPLE_YEAR);
  const records: Read[] = [];
  const reader = new TextRecordReader('x.log', { year: SAMPLE_YEAR, ...options }, (l, e) => fallback.read(l, e), levelInText, (e: LogEvent) => {
    records.push({ time: e.time, level: e.severityNumber, message: e.message, attributes: { ...e.attributes }, raw: e.raw, source: e.source });
  });
  lines.forEach((l, i) => reader.line(l, i + 1));
  reader.end();
  return { records, reader };
}

describe('layout inference: time, level and message right on every layout', () => {
  for (const layout of LAYOUTS as Layout[]) {
    it(layout.name, () => {
      const samples = sampleLines(layout, 300) as Sample[];
      const { records, reader } = readAll(samples.map((s) => s.line));
      expect(reader.hasLayout, reader.description).toBe(true);
      expect(reader.outsideLayout).toBe(0);
      expect(records.length).toBe(samples.length);
      const wrong = samples.filter((s, i) => records[i].time !== s.time || (s.level !== undefined && records[i].level !== s.level) || records[i].message !== s.message);
      expect(wrong.slice(0, 3).map((s) => ({ line: s.line, got: records[samples.indexOf(s)] }))).toEqual([]);
    });
  }
});
