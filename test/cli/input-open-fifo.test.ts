import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The release of a FIFO's read-open (a non-blocking write-open) fails with ENXIO while that read-open
// has not started in the thread pool. Here the first release attempt fails so, as on a busy pool.
const fs = vi.hoisted(() => ({ failures: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    openSync: (...args: Parameters<typeof real.openSync>) => {
      if (fs.failures > 0) {
        fs.failures--;
        throw Object.assign(new Error('ENXIO: no such device or address'), { code: 'ENXIO' });
      }
      return real.openSync(...args);
    },
  };
});
const { openInput } = await import('../../src/cli/input-open.js');

const dir = mkdtempSync(join(tmpdir(), 'logsignal-fifo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openInput on a FIFO with no writer', () => {
  it('is skipped after its wait even when the first release finds no reader yet (the release is tried again)', { timeout: 20_000 }, async () => {
    const name = join(dir, 'p');
    expect(spawnSync('mkfifo', [name]).status).toBe(0);
    fs.failures = 3;
    const opened = await Promise.race([openInput(name, 50), new Promise((resolve) => setTimeout(() => resolve('still blocked after 10 s'), 10_000))]);
    expect(opened).toEqual({ ok: false, problem: 'a FIFO with no writer for 0.05 s (--fifo-timeout); skipped' });
    expect(fs.failures).toBe(0);
  });
});
