import TransportStream from 'winston-transport';
import { SignalSink } from './signal-sink.js';
import type { TransportOptions } from './transport-options.js';

export type { TransportOptions } from './transport-options.js';

const LEVEL = Symbol.for('level');

/** Options of {@link LogSignalTransport}: the transport options and winston's own (`level`, `silent`, ...). */
export type LogSignalTransportOptions = TransportOptions & TransportStream.TransportStreamOptions;

/**
 * A winston transport running logsignal's detectors on every log entry:
 *
 * ```ts
 * import { LogSignalTransport } from 'logsignal/winston';
 * const logger = winston.createLogger({ transports: [new winston.transports.Console(), new LogSignalTransport({ config: 'logsignal.config.yaml' })] });
 * ```
 *
 * Each signal is printed to stderr as `LogWatcher` prints it, or sent over OTLP with `otlp`. The
 * level is read before formats colour it. See {@link TransportOptions}.
 */
export class LogSignalTransport extends TransportStream {
  readonly sink: SignalSink;

  constructor(options?: LogSignalTransportOptions) {
    const { config, otlp, print, ...winstonOptions } = options ?? {};
    super(winstonOptions);
    this.sink = new SignalSink({ config, otlp, print }, 'logsignal/winston');
    this.sink.ready().catch((err: Error) => process.stderr.write(`logsignal/winston: ${err.message}\n`));
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    const level = info[LEVEL];
    this.sink.write(typeof level === 'string' && level !== info.level ? { ...info, level } : info);
    this.emit('logged', info);
    callback();
  }

  override close(): void {
    void this.sink.close().finally(() => this.emit('closed'));
  }
}

export default LogSignalTransport;
