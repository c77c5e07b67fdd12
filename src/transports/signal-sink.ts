import { writeSync } from 'node:fs';
import { diag } from '@opentelemetry/api';
import { ConfigError } from '../core/config-error.js';
import type { Signal } from '../core/signal.js';
import { checkChoice, checkOptions } from '../core/validate.js';
import { buildDetectors, parseConfig, templateMiner } from '../config/log-signal-config.js';
import { loadConfig } from '../config/load-config.js';
import { formatSignalLine } from '../watcher/console-notifier.js';
import { type LogInput, LogWatcher } from '../watcher/log-watcher.js';
import { OtlpSignalSender } from './otlp-signal-sender.js';
import type { TransportOptions } from './transport-options.js';

/**
 * What a logging-library transport runs: a {@link LogWatcher} built from the options' config, fed
 * one logger record at a time, its signals printed or sent over OTLP. Invalid options throw a
 * `ConfigError` / `ConfigFileError` naming the setting; a record that fails is reported through
 * `diag` and counted, never thrown into the logger.
 */
export class SignalSink {
  readonly watcher: LogWatcher;
  /** Records analysed, signals raised, records that failed. */
  readonly stats = { records: 0, signals: 0, errors: 0 };
  private readonly otlp: OtlpSignalSender | undefined;

  constructor(options: TransportOptions | undefined, transport: string) {
    const o = checkOptions(options, transport, ['config', 'otlp', 'print']);
    const config = typeof o.config === 'string' ? loadConfig(o.config) : parseConfig(o.config, `${transport}.config`);
    if (o.otlp !== undefined && (typeof o.otlp !== 'string' || !/^https?:\/\/\S+$/.test(o.otlp))) {
      throw new ConfigError(`${transport}.otlp`, 'an http(s) URL such as http://127.0.0.1:4318/v1/logs', o.otlp);
    }
    const print = o.print === undefined ? 'stderr' : checkChoice(o.print, `${transport}.print`, ['stderr', 'stdout'] as const);
    this.otlp = o.otlp === undefined ? undefined : new OtlpSignalSender(o.otlp);
    const fd = print === 'stdout' ? 1 : 2;
    const deliver = this.otlp !== undefined ? (s: Signal) => this.otlp!.send(s) : (s: Signal) => writeLine(fd, formatSignalLine(s));
    this.watcher = new LogWatcher({
      detectors: buildDetectors(config, { miner: templateMiner(config) }),
      cooldown: config.cooldown,
      onSignal: (s) => {
        this.stats.signals++;
        deliver(s);
      },
    });
  }

  /** Resolves when the sink can deliver (at once when printing); rejects when `otlp` cannot be set up. */
  ready(): Promise<void> {
    return this.otlp?.ready() ?? Promise.resolve();
  }

  /** Analyse one record (a parsed JSON line, a logger's info object, or a text line). */
  write(record: LogInput): void {
    try {
      this.stats.records++;
      this.watcher.process(record);
    } catch (err) {
      this.stats.errors++;
      diag.error('logsignal: analysing a record failed', err);
    }
  }

  /** Send what is queued (OTLP) and stop. */
  async close(): Promise<void> {
    await this.otlp?.close();
  }
}

/**
 * One line straight to a file descriptor: from pino's worker thread, `process.stderr` is relayed to
 * the main thread asynchronously and its last lines are lost when the app exits.
 */
function writeLine(fd: number, line: string): void {
  const buf = Buffer.from(`${line}\n`);
  let off = 0;
  for (let tries = 0; off < buf.length && tries < 100; tries++) {
    try {
      off += writeSync(fd, buf, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}
