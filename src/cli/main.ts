#!/usr/bin/env node
import { ConfigError } from '../core/config-error.js';
import { VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import { UsageError, scanCommand, scanState } from './scan-command.js';
import { templatesCommand } from './templates-command.js';

const HELP = `logsignal ${VERSION}: anomaly and security signals in logs

Usage:
  logsignal scan [options] <file|dir|glob|->...   scan log files, directories or standard input
  logsignal scan --help                          options of scan
  logsignal templates [options] <file|glob|->...  the log templates (kinds of lines) of logs
  logsignal serve [options]                      OTLP gateway: detectors per service, OTLP out
  logsignal serve --help                         options of serve
  logsignal --version

Example:
  logsignal scan app.log 'logs/*.log.gz' --preset web --report report.html --fail-on high
  logsignal serve --listen 0.0.0.0:4318 --export http://collector:4318/v1/logs --state /var/lib/logsignal/
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(HELP); // a usage error: the help goes to stderr, stdout stays clean
    return EXIT.usage;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (command === 'templates') return templatesCommand(rest);
  if (command === 'serve') return (await import('../gateway/serve-command.js')).serveCommand(rest);
  if (command !== 'scan') throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are 'scan', 'templates' and 'serve'`);
  return scanCommand(rest);
}

// A reader that stops early (`logsignal scan ... | head`) is not an error (with --otlp the scan goes
// on without stdout: what it sends must still be delivered); any other write failure of stdout (a
// full disk, an I/O error) ends the scan with its own exit code.
let stdoutClosed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (stdoutClosed) return;
  if (err.code === 'EPIPE') {
    if (!scanState.sending) process.exit(process.exitCode ?? EXIT.ok);
    stdoutClosed = true;
    return;
  }
  process.stderr.write(`logsignal: cannot write to standard output (${err.code ?? err.message}); stopped\n`);
  process.exit(EXIT.output);
});

/** Where a usage error points: the help of the command that was run. */
function helpHint(command: string | undefined): string {
  return command === 'scan' || command === 'serve' ? `logsignal ${command} --help` : 'logsignal --help';
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`logsignal: ${(err as Error).message}\n${err instanceof ConfigError ? '' : `Run '${helpHint(process.argv[2])}' for the options.\n`}`);
    process.exitCode = EXIT.usage;
  } else {
    process.stderr.write(`logsignal: internal error (please report it): ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = EXIT.internal;
  }
}
