import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it (`npm test` builds first). */
export const cliPath = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist', 'cli', 'main.js');

/** What a run of the CLI gave: its exit code (-1 when killed) and its output. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the built CLI as a child process in `cwd`, with `NO_COLOR=1` and without the test environment's
 * `OTEL_*` variables (those given in `env` are kept); `input` is written to its stdin, which is closed.
 */
export function runCli(args: string[], opts: { cwd: string; input?: string | Buffer; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
    for (const k of Object.keys(env)) if (k.startsWith('OTEL_') && !(opts.env && k in opts.env)) delete env[k];
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: opts.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input);
  });
}
