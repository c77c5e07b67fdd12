import type { ExportResult } from '@opentelemetry/core';
import { LoggerProvider, type LogRecordExporter, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import { LogSignalProcessor, Rule } from '../../src/index.js';

/** Copies what it exports (an in-memory exporter keeps references and hides late mutation). */
class SnapshotExporter implements LogRecordExporter {
  readonly records: { eventName?: string; attributes: Record<string, unknown> }[] = [];
  export(records: ReadableLogRecord[], done: (r: ExportResult) => void): void {
    for (const r of records) this.records.push({ eventName: r.eventName, attributes: JSON.parse(JSON.stringify(r.attributes)) });
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const T0 = Date.UTC(2026, 0, 1);

describe('signal rate limiter in the processor: clock skew and drop counts', () => {
  it('one record dated in 2100, then a storm: the drops are counted and reach the next signal record', async () => {
    const exporter = new SnapshotExporter();
    const processor = new LogSignalProcessor({
      rules: [Rule.contains('boom', { group: false })],
      cooldown: 0,
      maxSignalsPerMinute: 10,
      next: [new SimpleLogRecordProcessor({ exporter } as never)],
    });
    const provider = new LoggerProvider({ processors: [processor] });
    const log = provider.getLogger('app');
    log.emit({ timestamp: T0, body: 'boom start' });
    log.emit({ timestamp: Date.UTC(2100, 0, 1), body: 'boom from a broken clock' });
    for (let i = 0; i < 200; i++) log.emit({ timestamp: T0 + 1_000 + i * 10, body: `boom ${i}` });
    log.emit({ timestamp: T0 + 5 * 60_000, body: 'boom after the storm' });
    await provider.forceFlush();
    await provider.shutdown();
    const signals = exporter.records.filter((r) => r.eventName === 'logsignal.signal');
    const dropped = signals.reduce((a, s) => a + Number(s.attributes['logsignal.dropped'] ?? 0), 0);
    expect(processor.stats.dropped).toBeGreaterThan(150);
    expect(dropped).toBe(processor.stats.dropped); // every drop reported on a later signal record
    expect(signals.at(-1)!.attributes['logsignal.dropped']).toBeGreaterThan(150);
  });
});
