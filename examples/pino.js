// pino logs reaching logsignal through @opentelemetry/instrumentation-pino ("log sending"): every
// pino call also becomes an OTel log record, which logsignal inspects before the exporter.
// Run: `npm run build && node examples/pino.js`
import { createRequire } from 'node:module';
import * as api from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { ConsoleLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { LogSignalProcessor, Rule } from 'logsignal';

// The Logs API: in @opentelemetry/api from 1.10 (the 3.x line), in @opentelemetry/api-logs before.
const { logs } = api.logs ? api : await import('@opentelemetry/api-logs');

const provider = new LoggerProvider({
  processors: [
    new LogSignalProcessor({
      rules: [Rule.contains('timeout'), Rule.level('ERROR')],
      onSignal: (s) => console.error(`>>> logsignal: ${s.name}: ${s.message}`),
      next: [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })],
    }),
  ],
});
logs.setGlobalLoggerProvider(provider);
registerInstrumentations({ instrumentations: [new PinoInstrumentation()] });

// The instrumentation patches pino when it is loaded, so load it after registering (CommonJS require;
// with ESM `import`, start node with the instrumentation's loader hook instead).
const require = createRequire(import.meta.url);
const pino = require('pino');
const log = pino({ level: 'info' }, pino.destination({ dest: 2, sync: true }));

log.info({ orderId: 17 }, 'order placed');
log.warn('payment provider slow: timeout after 3000 ms');
log.error({ orderId: 18 }, 'order failed');
await provider.shutdown();
