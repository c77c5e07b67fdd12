import { diag, DiagLogLevel } from '@opentelemetry/api';
import { LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import * as logsignal from '../../src/index.js';
import { LogSignalProcessor } from '../../src/index.js';
import { mulberry32 } from '../helpers/prng.js';
import { everyDetector, HOSTILE_T0 as T0, randomRecord } from '../../bench/hostile-records.js';

/**
 * 20,000 hostile records (random bodies and attributes, binary, 1 MB strings, deep nesting, NaN and
 * far-future times, `__proto__` keys, records posing as signal records) through a real
 * LoggerProvider with one detector of every kind: nothing reaches the application, and every record
 * reaches the exporter as the SDK alone would have exported it, but for logsignal's own attributes.
 * The generator is shared with the 1M-record version, bench/hostile-property.js.
 */

const N = 20_000;

interface Snapshot {
  seq: number;
  body: unknown;
  bodyPrint: string;
  attributes: Record<string, unknown>;
  severityNumber: number | undefined;
  severityText: string | undefined;
  time: string;
  eventName: string | undefined;
}

/** An exporter that copies what it is given at export time (an in-memory exporter keeps references and hides late changes). */
class SnapshotExporter {
  readonly records: Snapshot[] = [];
  readonly others: ReadableLogRecord[] = [];
  export(records: ReadableLogRecord[], done: (r: { code: number }) => void): void {
    for (const r of records) {
      const seq = r.attributes['test.seq'];
      if (typeof seq !== 'number') {
        this.others.push(r);
        continue;
      }
      this.records.push({
        seq,
        body: r.body,
        bodyPrint: fingerprint(r.body),
        attributes: { ...r.attributes },
        severityNumber: r.severityNumber,
        severityText: r.severityText,
        time: String(r.hrTime),
        eventName: (r as { eventName?: string }).eventName,
      });
    }
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** A structural print of a value, without recursion (deep bodies are the point of the test). */
function fingerprint(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  let steps = 0;
  while (stack.length > 0 && steps++ < 5_000) {
    const v = stack.pop();
    if (v instanceof Uint8Array) out.push(`bytes:${v.length}:${v[0]}:${v[v.length - 1]}`);
    else if (Array.isArray(v)) {
      out.push(`[${v.length}`);
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      out.push(`{${keys.join(',')}`);
      for (let i = keys.length - 1; i >= 0; i--) stack.push((v as Record<string, unknown>)[keys[i]]);
    } else if (typeof v === 'string') out.push(v.length > 64 ? `s${v.length}:${v.slice(0, 32)}` : `s:${v}`);
    else out.push(`${typeof v}:${String(v)}`);
  }
  return out.join('|');
}

/** Emit the same generated records through `provider`; returns the errors thrown into the caller and the bodies emitted. */
function emitAll(provider: LoggerProvider, seed: number): { thrown: unknown[]; bodies: unknown[] } {
  const rand = mulberry32(seed);
  const big = `GET /${'a'.repeat(1 << 20)}`;
  const log = provider.getLogger('hostile');
  const thrown: unknown[] = [];
  const bodies: unknown[] = [];
  for (let i = 0; i < N; i++) {
    const record = randomRecord(rand, i, big);
    bodies.push(record.body);
    try {
      log.emit(record);
    } catch (err) {
      thrown.push(String(err));
    }
  }
  return { thrown, bodies };
}

afterEach(() => diag.disable());

describe('hostile records through a real LoggerProvider', () => {
  it.each(['both', 'attributes'] as const)(
    'mode %s: 0 exceptions into the app, 0 records lost, none altered beyond logsignal attributes',
    async (mode) => {
      diag.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.ERROR);
      // what the SDK alone exports for these records
      const control = new SnapshotExporter();
      const plain = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: control as never })] });
      const { thrown: controlThrown } = emitAll(plain, 7);
      await plain.shutdown();

      const seen = new SnapshotExporter();
      const processor = new LogSignalProcessor({ ...everyDetector(logsignal), mode, tickInterval: 0, next: [new SimpleLogRecordProcessor({ exporter: seen as never })] });
      const provider = new LoggerProvider({ processors: [processor] });
      const { thrown, bodies } = emitAll(provider, 7);
      expect(() => processor.tick(T0 + N * 10 + 3_600_000)).not.toThrow();
      await provider.shutdown();

      expect(thrown).toEqual(controlThrown);
      expect(thrown).toEqual([]);
      // the SDK itself drops records below its minimum severity (negative numbers): the same ones in both
      expect(seen.records.length).toBe(control.records.length);
      expect(control.records.length).toBeGreaterThan(N * 0.9);
      for (let i = 0; i < control.records.length; i++) {
        const a = seen.records[i];
        const b = control.records[i];
        expect(a.seq).toBe(b.seq);
        if (a.body !== bodies[a.seq]) expect.fail(`record ${a.seq}: the body exported is not the body emitted`);
        expect(a.bodyPrint).toBe(b.bodyPrint);
        const ours = Object.keys(a.attributes).filter((k) => k.startsWith('logsignal.') || (k === 'log.record.uid' && !(k in b.attributes)));
        const rest = { ...a.attributes };
        for (const k of ours) delete rest[k];
        expect(rest).toEqual(b.attributes);
        expect([a.severityNumber, a.severityText, a.time, a.eventName]).toEqual([b.severityNumber, b.severityText, b.time, b.eventName]);
      }
      expect(processor.stats.records).toBe(control.records.length);
      expect(processor.stats.errors).toBe(0);
      expect(processor.pipeline.errors).toBe(0);
      expect(processor.stats.flagged).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
    120_000,
  );
});
