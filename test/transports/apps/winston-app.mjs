// An app logging with winston through the logsignal transport, loaded from the built package.
// Options as JSON in LOGSIGNAL_OPTIONS; records from LOG_LINES (JSON array of [level, message, fields?]).
import winston from 'winston';
import { LogSignalTransport } from 'logsignal/winston';

const options = JSON.parse(process.env.LOGSIGNAL_OPTIONS ?? '{}');
const lines = JSON.parse(process.env.LOG_LINES ?? '[]');
const logsignal = new LogSignalTransport(options);
const logger = winston.createLogger({
  level: 'silly',
  // Colours are applied to info.level: the transport reads the level before formats touch it.
  format: winston.format.combine(winston.format.colorize(), winston.format.simple()),
  transports: [logsignal],
});
for (const [level, message, fields] of lines) logger.log(level, message, fields ?? {});
await logsignal.sink.close();
console.log(JSON.stringify(logsignal.sink.stats));
