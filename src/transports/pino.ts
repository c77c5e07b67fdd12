import build from 'pino-abstract-transport';
import { SignalSink } from './signal-sink.js';
import type { TransportOptions } from './transport-options.js';

export type { TransportOptions } from './transport-options.js';

/**
 * A pino transport running logsignal's detectors in pino's worker thread:
 *
 * ```ts
 * const logger = pino(pino.transport({ target: 'logsignal/pino', options: { config: 'logsignal.config.yaml' } }));
 * ```
 *
 * Each signal is printed to stderr as `LogWatcher` prints it, or sent over OTLP with
 * `options.otlp`. Combine it with your usual destination in `pino.transport({ targets: [...] })`.
 * Lines that are not JSON are analysed as text. See {@link TransportOptions}.
 */
export default async function logsignalPinoTransport(options?: TransportOptions): Promise<ReturnType<typeof build>> {
  const sink = new SignalSink(ownOptions(options), 'logsignal/pino');
  await sink.ready(); // a missing OTLP exporter fails the transport at start, as a bad option does
  return build(
    async (source: AsyncIterable<unknown>) => {
      for await (const record of source) sink.write(record as string | Record<string, unknown>);
    },
    {
      parseLine: parseLine,
      close: async () => {
        await sink.close();
      },
    },
  );
}

/** The options without what pino adds to every transport's (`$context`, `pinoWillSendConfig`). */
function ownOptions(options: TransportOptions | undefined): TransportOptions | undefined {
  if (options === undefined || options === null || typeof options !== 'object') return options;
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!k.startsWith('$') && k !== 'pinoWillSendConfig') own[k] = v;
  return own as TransportOptions;
}

function parseLine(line: string): unknown {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : line;
  } catch {
    return line;
  }
}
