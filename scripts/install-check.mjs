#!/usr/bin/env node
// Installs the packed package into a new app of each OpenTelemetry JS line, as a user would (a plain
// `npm install`, no --force or --legacy-peer-deps), and checks that enriched records and signal
// records arrive at a real OTLP/HTTP receiver on 127.0.0.1, with logsignal wrapping the exporting
// processor (`next`) and registered first with `bind()`; that the tree holds one copy of sdk-logs
// (logsignal brings none of its own); that the pino and winston transports run from the package; and
// that `logsignal scan --otlp` sends through the app's exporter.
//
//   node scripts/install-check.mjs [--node22 /path/to/node22] [--line 0.2xx|3.x]
//
// Line 0.2xx runs on this Node (20), line 3.x on the Node 22 binary (default: `.ci/node22`).
// Needs the npm registry (or a warm npm cache). Exit 0 when every check passes.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('--line');

const npmCli = process.env.npm_execpath?.endsWith('.js') ? process.env.npm_execpath : undefined;
/** Run npm with the given Node binary (npm's own script, so the binary decides engines). */
function npm(node, cwd, npmArgs) {
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
  delete env.npm_config_force;
  delete env.npm_config_legacy_peer_deps;
  if (npmCli) return execFileSync(node, [npmCli, ...npmArgs], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return execFileSync('npm', npmArgs, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The loggers whose transports are checked (the versions the test suite uses). */
/** npm with both outputs kept (status, stdout, stderr). */
function npmRun(node, cwd, npmArgs) {
  const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}` };
  delete env.npm_config_force;
  delete env.npm_config_legacy_peer_deps;
  const [cmd, argv] = npmCli ? [node, [npmCli, ...npmArgs]] : ['npm', npmArgs];
  return spawnSync(cmd, argv, { cwd, env, encoding: 'utf8' });
}

const LOGGERS = ['pino@10.4.0', 'winston@3.19.0'];

const LINES = {
  '0.2xx': {
    node: process.execPath,
    deps: () => ['@opentelemetry/api@1.9.0', '@opentelemetry/sdk-logs@0.223.1', '@opentelemetry/exporter-logs-otlp-http@0.223.1', ...LOGGERS],
  },
  '3.x': {
    node: opt('--node22') ?? execFileSync(join(root, '.ci/node22'), { encoding: 'utf8' }).trim(),
    // The latest exporter, and the sdk-logs it depends on (a different sdk-logs would be the
    // exporter's second copy, not logsignal's).
    deps: (node) => {
      const exporter = JSON.parse(npm(node, root, ['view', '@opentelemetry/exporter-logs-otlp-http@latest', 'version', 'dependencies', '--json']));
      return ['@opentelemetry/api@latest', `@opentelemetry/sdk-logs@${exporter.dependencies['@opentelemetry/sdk-logs']}`, `@opentelemetry/exporter-logs-otlp-http@${exporter.version}`, ...LOGGERS];
    },
  },
};

const APP = `
import * as api from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { LogSignalProcessor } from 'logsignal';
import { startOtlpReceiver } from 'logsignal/testing';

const receiver = await startOtlpReceiver();
const exporting = () => new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: receiver.url }) });
const result = { logsApiInApi: api.logs !== undefined };
async function run(name, make) {
  receiver.records.length = 0;
  const { provider, processor } = make();
  const log = provider.getLogger('app');
  log.emit({ severityNumber: 9, body: 'order 1 placed' });
  log.emit({ severityNumber: 17, body: 'ERROR payment gateway timeout' });
  await provider.forceFlush();
  await provider.shutdown();
  const enriched = receiver.records.find((r) => r.body === 'ERROR payment gateway timeout');
  const signal = receiver.records.find((r) => r.eventName === 'logsignal.signal');
  result[name] = {
    records: receiver.records.length,
    enriched: enriched?.attributes['logsignal.anomaly'] === true,
    signal: signal?.attributes['logsignal.detector'] === 'keyword_match',
    linked: signal !== undefined && signal.attributes['logsignal.record.uid'] === enriched?.attributes['log.record.uid'],
    stats: processor.stats,
  };
}
await run('wrapped', () => {
  const processor = new LogSignalProcessor({ rules: ['ERROR'], next: [exporting()] });
  return { processor, provider: new LoggerProvider({ processors: [processor] }) };
});
await run('bound', () => {
  const processor = new LogSignalProcessor({ rules: ['ERROR'] });
  return { processor, provider: processor.bind(new LoggerProvider({ processors: [processor, exporting()] })) };
});
await receiver.close();
console.log(JSON.stringify(result));
`;

const CLI_CHECK = `
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { startOtlpReceiver } from 'logsignal/testing';
const receiver = await startOtlpReceiver();
writeFileSync('app.log', 'INFO order 1 placed\\nERROR payment gateway timeout\\nCRITICAL database down\\n');
// Asynchronously: the receiver in this process must answer while the CLI runs.
const status = await new Promise((resolve) => {
  execFile(process.execPath, ['node_modules/logsignal/dist/cli/main.js', 'scan', 'app.log', '--otlp', receiver.url], (err) => resolve(err ? err.code : 0));
});
await receiver.close();
console.log(JSON.stringify({ status, signalRecords: receiver.records.filter((r) => r.eventName === 'logsignal.signal').length }));
`;

const TRANSPORTS_CHECK = `
import pino from 'pino';
import winston from 'winston';
import { LogSignalTransport } from 'logsignal/winston';
const options = { config: { preset: 'none', detectors: [{ contains: 'timeout' }] }, otlp: process.argv[3] };
if (process.argv[2] === 'pino') {
  pino(pino.transport({ target: 'logsignal/pino', options })).error('payment timeout after 3000 ms');
} else {
  winston.createLogger({ transports: [new LogSignalTransport(options)] }).error('payment timeout after 3000 ms');
}
`;

function check(label, ok, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
  if (!ok) process.exitCode = 1;
}

/** Every installed copy of a package under node_modules (nested ones included). */
function copiesOf(dir, name, found = []) {
  const nm = join(dir, 'node_modules');
  if (!existsSync(nm)) return found;
  if (existsSync(join(nm, name, 'package.json'))) found.push(join(nm, name));
  for (const e of readdirSync(nm)) {
    if (e.startsWith('.')) continue;
    const scoped = e.startsWith('@') ? readdirSync(join(nm, e)).map((s) => join(nm, e, s)) : [join(nm, e)];
    for (const p of scoped) copiesOf(p, name, found);
  }
  return found;
}

const work = mkdtempSync(join(tmpdir(), 'logsignal-install-'));
try {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = join(work, npm(process.execPath, root, ['pack', '--silent', '--pack-destination', work]).trim().split('\n').pop());
  for (const [line, spec] of Object.entries(LINES)) {
    if (only !== undefined && only !== line) continue;
    const version = execFileSync(spec.node, ['--version'], { encoding: 'utf8' }).trim();
    console.log(`\n== OpenTelemetry ${line} on Node ${version}`);
    const app = join(work, `app-${line}`);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: `app-${line.replace('.', '')}`, version: '1.0.0', private: true, type: 'module' }, null, 2));
    const deps = spec.deps(spec.node);
    const install = npmRun(spec.node, app, ['install', '--no-audit', '--no-fund', ...deps, tarball]);
    const peerTrouble = /ERESOLVE|overriding peer|conflicting peer|unmet peer/i.test(install.stderr);
    check(`plain npm install of logsignal with ${deps.join(' ')}, no peer warning`, install.status === 0 && !peerTrouble, install.status === 0 && !peerTrouble ? '' : install.stderr.slice(0, 2000));
    if (install.status !== 0) continue;
    const sdkCopies = copiesOf(app, '@opentelemetry/sdk-logs');
    check('one copy of @opentelemetry/sdk-logs in the app', sdkCopies.length === 1, sdkCopies.map((p) => p.slice(app.length + 1)).join(', '));
    check('logsignal brings no OpenTelemetry package of its own', !existsSync(join(app, 'node_modules/logsignal/node_modules/@opentelemetry')));
    writeFileSync(join(app, 'check.mjs'), APP);
    const r = JSON.parse(execFileSync(spec.node, ['check.mjs'], { cwd: app, encoding: 'utf8' }));
    check(`logs API taken from ${r.logsApiInApi ? '@opentelemetry/api' : '@opentelemetry/api-logs'}`, r.logsApiInApi === (line === '3.x'));
    for (const mode of ['wrapped', 'bound']) {
      const m = r[mode];
      check(
        `${mode}: enriched record and signal record at the OTLP receiver, linked by log.record.uid`,
        m.records === 3 && m.enriched && m.signal && m.linked && m.stats.dropped === 0,
        JSON.stringify(m),
      );
    }
    writeFileSync(join(app, 'transports.mjs'), TRANSPORTS_CHECK);
    for (const logger of ['pino', 'winston']) {
      const printed = spawnSync(spec.node, ['transports.mjs', logger], { cwd: app, encoding: 'utf8', timeout: 60_000 });
      check(
        `logsignal/${logger} prints the signal`,
        printed.status === 0 && printed.stderr.includes("[LogSignal] keyword_match (medium): Keyword 'timeout' detected"),
        printed.stderr.trim().slice(0, 500),
      );
    }
    writeFileSync(join(app, 'cli.mjs'), CLI_CHECK);
    const c = JSON.parse(execFileSync(spec.node, ['cli.mjs'], { cwd: app, encoding: 'utf8' }));
    check("logsignal scan --otlp sends signal records through the app's exporter", c.signalRecords >= 1, JSON.stringify(c));
    if (line === '0.2xx') {
      npm(spec.node, app, ['uninstall', '--no-audit', '--no-fund', '@opentelemetry/exporter-logs-otlp-http']);
      // Node also resolves packages from every ancestor's node_modules: one there (e.g. /tmp/node_modules) would hide the checks below
      const outside = [];
      for (let d = dirname(app); d !== dirname(d); d = dirname(d)) if (existsSync(join(d, 'node_modules/@opentelemetry/exporter-logs-otlp-http'))) outside.push(join(d, 'node_modules'));
      check('without it, no ancestor of the app holds the exporter (Node would load it from there)', outside.length === 0, outside.join(', '));
      let err = { status: 0, stderr: '' };
      try {
        execFileSync(spec.node, ['node_modules/logsignal/dist/cli/main.js', 'scan', 'app.log', '--otlp', 'http://127.0.0.1:9/v1/logs'], {
          cwd: app,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e) {
        err = e;
      }
      check(
        'without the optional exporter, scan --otlp is a usage error naming the package',
        err.status === 2 && err.stderr.includes('npm install @opentelemetry/exporter-logs-otlp-http'),
        err.stderr.trim(),
      );
      let plainStatus = 0;
      try {
        execFileSync(spec.node, ['node_modules/logsignal/dist/cli/main.js', 'scan', 'app.log'], { cwd: app, stdio: 'ignore' });
      } catch (e) {
        plainStatus = e.status;
      }
      check('without it, a scan without --otlp still works (exit 0)', plainStatus === 0, `exit ${plainStatus}`);
      for (const logger of ['pino', 'winston']) {
        const r = spawnSync(spec.node, ['transports.mjs', logger, 'http://127.0.0.1:9/v1/logs'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
        check(`without it, logsignal/${logger} with otlp says what to install`, r.stderr.includes('the otlp option needs @opentelemetry/exporter-logs-otlp-http'), r.stderr.trim().split('\n')[0]);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
