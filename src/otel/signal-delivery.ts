import { type Context, ROOT_CONTEXT, diag, trace } from '@opentelemetry/api';
import type { Signal } from '../core/signal.js';
import { VERSION } from '../version.js';
import { type LoggerSource, type OtelLogger, type ReadWriteLogRecord, registeredGlobalLoggerProvider } from './logs-api.js';
import { emitSignalRecord, markSignalRecord } from './record-identity.js';
import { SignalLogRecord } from './signal-record.js';
import { signalToRecord } from './signal-to-record.js';

/**
 * Where signal records go, in this order: the wrapped processors (`next`), the provider given to
 * `bind()` or as `loggerProvider`, else the global logger provider when one is registered. With none
 * of these, a signal record cannot be delivered: {@link deliver} returns `false` and the first time
 * a warning goes to `diag`.
 */
export class SignalDelivery {
  private source: LoggerSource | undefined;
  private logger: OtelLogger | undefined;
  private loggerOf: LoggerSource | undefined;
  private warned = false;

  constructor(
    private readonly wraps: boolean,
    source: LoggerSource | undefined,
    private readonly forward: (record: ReadWriteLogRecord, context: Context | undefined) => void,
  ) {
    this.source = source;
  }

  /** Deliver through this provider's logger from now on (used when not wrapping). */
  bind(source: LoggerSource): void {
    this.source = source;
  }

  /** Send one signal record; `false` when there is no way to deliver it. */
  deliver(s: Signal, trigger: ReadWriteLogRecord | undefined, resource: ReadWriteLogRecord['resource'] | undefined, observedMs: number, dropped: number): boolean {
    if (this.wraps) {
      if (resource === undefined) return this.undeliverable('no record has been seen yet, so there is no resource to give it');
      const r = new SignalLogRecord(s, resource, trigger?.spanContext, observedMs, dropped);
      markSignalRecord(r);
      this.forward(r, undefined);
      return true;
    }
    const logger = this.currentLogger();
    if (logger === undefined) {
      return this.undeliverable('the processor wraps no processors (`next`), is not bound (`processor.bind(provider)`) and no global LoggerProvider is registered');
    }
    const sc = trigger?.spanContext;
    emitSignalRecord(() => logger.emit({ ...signalToRecord(s, dropped), context: sc ? trace.setSpanContext(ROOT_CONTEXT, sc) : ROOT_CONTEXT }));
    return true;
  }

  private currentLogger(): OtelLogger | undefined {
    const source = this.source ?? registeredGlobalLoggerProvider();
    if (source === undefined) return undefined;
    if (source !== this.loggerOf) {
      this.logger = source.getLogger('logsignal', VERSION);
      this.loggerOf = source;
    }
    return this.logger;
  }

  private undeliverable(why: string): false {
    if (!this.warned) {
      this.warned = true;
      diag.warn(`logsignal: a signal record could not be delivered: ${why}. Undelivered signal records are counted in stats.dropped; pass \`next\` or call processor.bind(provider).`);
    }
    return false;
  }
}
