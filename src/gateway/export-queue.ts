import { diag } from '@opentelemetry/api';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

type ExportResult = Parameters<Parameters<LogRecordExporter['export']>[1]>[0];

/** Schedules `fn` after `ms`; returns a cancel function. Injected in tests. */
export type TimerFn = (fn: () => void, ms: number) => () => void;

/** Options of {@link ExportQueue}; defaults in {@link EXPORT_QUEUE_DEFAULTS}. */
export interface ExportQueueOptions {
  /** Records queued or in flight at most before {@link ExportQueue.hasRoom} says no (the receiver then answers 503). */
  maxQueueSize: number;
  /** Records in one export request at most. */
  maxBatchSize: number;
  /** Export requests in flight at once. */
  maxConcurrentExports: number;
  /** First wait after a failed export before it is tried again (ms); doubles up to {@link maxRetryDelayMs}. */
  retryDelayMs: number;
  /** Longest wait between retries (ms). */
  maxRetryDelayMs: number;
  /** Timer for retry waits. Default `setTimeout` (unref'd). */
  setTimer: TimerFn;
}

/** Defaults of {@link ExportQueueOptions}. */
export const EXPORT_QUEUE_DEFAULTS: Omit<ExportQueueOptions, 'setTimer'> = Object.freeze({
  maxQueueSize: 200_000,
  maxBatchSize: 8192,
  maxConcurrentExports: 2,
  retryDelayMs: 250,
  maxRetryDelayMs: 5000,
});

/** What the queue reports as it goes (for metrics). */
export interface ExportQueueEvents {
  exported(records: number): void;
  /** The downstream refused these records for good (a 4xx other than 408/429): counted, not retried. */
  refused(records: number, error: Error | undefined): void;
  /** An export failed and will be retried. */
  retrying(records: number, error: Error | undefined): void;
}

const defaultTimer: TimerFn = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

/**
 * The gateway's export queue in front of a real OTLP exporter. Bounded, and lossless for what it
 * accepted: the receiver asks {@link hasRoom} before accepting a request (and answers 503 when not),
 * so nothing is dropped for want of room; a failed export goes back to the front and is retried
 * with a growing wait until it succeeds or the downstream refuses it for good.
 */
export class ExportQueue {
  private readonly chunks: ReadableLogRecord[][] = [];
  private queued = 0;
  private inFlight = 0;
  private exporting = 0;
  private retryDelay: number;
  private waitingRetry: (() => void) | undefined;
  private waiters: Array<() => void> = [];
  private readonly options: ExportQueueOptions;
  /** False after a failed export, until one succeeds. */
  healthy = true;

  constructor(
    private readonly exporter: LogRecordExporter,
    private readonly events: ExportQueueEvents,
    options?: Partial<ExportQueueOptions>,
  ) {
    this.options = { ...EXPORT_QUEUE_DEFAULTS, setTimer: defaultTimer, ...options };
    this.retryDelay = this.options.retryDelayMs;
  }

  /** Records queued or being exported. */
  get size(): number {
    return this.queued + this.inFlight;
  }

  /** The capacity ({@link ExportQueueOptions.maxQueueSize}). */
  get capacity(): number {
    return this.options.maxQueueSize;
  }

  /** True when `n` more records fit (an empty queue always takes one request, however large). */
  hasRoom(n: number): boolean {
    return this.size === 0 || this.size + n <= this.options.maxQueueSize;
  }

  /** Queue records for export (the caller checked {@link hasRoom}; signal records may exceed it a little). */
  push(records: ReadableLogRecord[]): void {
    if (records.length === 0) return;
    this.chunks.push(records);
    this.queued += records.length;
    this.pump();
  }

  /** Resolves true once everything queued has been exported (or refused), false after `timeoutMs`. */
  flush(timeoutMs: number): Promise<boolean> {
    if (this.size === 0) return Promise.resolve(true);
    if (this.waitingRetry !== undefined) {
      // retry now rather than after the wait
      this.waitingRetry();
      this.waitingRetry = undefined;
      this.pump();
    }
    return new Promise((resolve) => {
      let done = false;
      const cancel = this.options.setTimer(() => {
        if (done) return;
        done = true;
        resolve(false);
      }, timeoutMs);
      this.waiters.push(() => {
        if (done) return;
        done = true;
        cancel();
        resolve(true);
      });
    });
  }

  /** Shut the exporter down (after {@link flush}). */
  async shutdown(): Promise<void> {
    this.waitingRetry?.();
    this.waitingRetry = undefined;
    await this.exporter.shutdown();
  }

  private pump(): void {
    while (this.queued > 0 && this.exporting < this.options.maxConcurrentExports && this.waitingRetry === undefined) {
      const batch = this.take();
      this.exporting++;
      this.inFlight += batch.length;
      let answered = false;
      const done = (result: ExportResult) => {
        if (answered) return;
        answered = true;
        this.exporting--;
        this.inFlight -= batch.length;
        this.settle(batch, result);
      };
      try {
        this.exporter.export(batch, done);
      } catch (err) {
        done({ code: 1, error: err as Error });
      }
    }
    if (this.size === 0 && this.waiters.length > 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }

  private take(): ReadableLogRecord[] {
    const max = this.options.maxBatchSize;
    const first = this.chunks[0];
    let batch: ReadableLogRecord[];
    if (first.length >= max) {
      batch = first.length === max ? first : first.slice(0, max);
      if (first.length === max) this.chunks.shift();
      else this.chunks[0] = first.slice(max);
    } else {
      batch = [];
      while (this.chunks.length > 0 && batch.length + this.chunks[0].length <= max) {
        const c = this.chunks.shift() as ReadableLogRecord[];
        for (let i = 0; i < c.length; i++) batch.push(c[i]);
      }
    }
    this.queued -= batch.length;
    return batch;
  }

  private settle(batch: ReadableLogRecord[], result: ExportResult): void {
    if (result.code === 0) {
      this.healthy = true;
      this.retryDelay = this.options.retryDelayMs;
      this.events.exported(batch.length);
    } else if (isRefusal(result.error)) {
      this.events.refused(batch.length, result.error);
      diag.error(`logsignal serve: the downstream refused ${batch.length} records: ${result.error?.message ?? ''}`);
    } else {
      this.healthy = false;
      this.chunks.unshift(batch);
      this.queued += batch.length;
      this.events.retrying(batch.length, result.error);
      if (this.waitingRetry === undefined) {
        const delay = this.retryDelay;
        this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryDelayMs);
        let cancel: (() => void) | undefined;
        const clear = () => cancel?.();
        this.waitingRetry = clear;
        cancel = this.options.setTimer(() => {
          if (this.waitingRetry === clear) this.waitingRetry = undefined;
          this.pump();
        }, delay);
      }
    }
    this.pump();
  }
}

/** A definitive refusal: an HTTP 4xx other than 408 (timeout) and 429 (too many requests). */
function isRefusal(error: Error | undefined): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && code >= 400 && code < 500 && code !== 408 && code !== 429;
}
