// The minimal set-up: a LoggerProvider whose only processor is logsignal, wrapping the exporter's
// processor. Run: `npm run build && node examples/minimal.js`
import { ConsoleLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { LogSignalProcessor, Rule } from 'logsignal';

const provider = new LoggerProvider({
  processors: [
    new LogSignalProcessor({
      rules: ['ERROR', 'CRITICAL', Rule.level('ERROR'), Rule.spike({ threshold: 50, window: '10s' })],
      // Tag records and emit signal events, then hand everything to the exporting processor.
      next: [new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() })],
    }),
  ],
});

const logger = provider.getLogger('example');
logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'service started' });
logger.emit({ severityNumber: 17, severityText: 'ERROR', body: 'ERROR database connection failed' });
await provider.shutdown();
