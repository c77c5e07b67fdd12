// An app logging with pino through the logsignal transport (built package: `npm run build` first).
// Options as JSON in LOGSIGNAL_OPTIONS; the records it logs: the lines of LOG_LINES (JSON array of
// [level, message, fields?]).
import pino from 'pino';

const options = JSON.parse(process.env.LOGSIGNAL_OPTIONS ?? '{}');
const lines = JSON.parse(process.env.LOG_LINES ?? '[]');
const transport = pino.transport({ target: 'logsignal/pino', options });
const log = pino({ level: 'trace' }, transport);
for (const [level, msg, fields] of lines) log[level](fields ?? {}, msg);
