import { closeSync, constants, openSync, promises as fsp, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** An input opened for reading, or why it cannot be read. */
export type OpenedInput = { ok: true; kind: 'stdin' | 'file' | 'fifo' | 'device'; handle?: FileHandle; size: number } | { ok: false; problem: string };

/**
 * Opens one input by kind: stdin (`-`); a regular file (its size kept, to notice truncation);
 * a FIFO, waiting at most `fifoWaitMs` for a writer (without one the open would block forever: after
 * the wait the FIFO is reported, not read); a character device (read as a stream). Directories,
 * sockets and block devices are refused with a message.
 */
export async function openInput(name: string, fifoWaitMs: number): Promise<OpenedInput> {
  if (name === '-') return { ok: true, kind: 'stdin', size: 0 };
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(name);
  } catch (err) {
    return { ok: false, problem: openProblem(err) };
  }
  if (st.isDirectory()) return { ok: false, problem: 'is a directory' };
  if (st.isFile()) return { ok: true, kind: 'file', size: st.size };
  if (st.isCharacterDevice()) return { ok: true, kind: 'device', size: 0 };
  if (!st.isFIFO()) return { ok: false, problem: `not a regular file, FIFO or character device (${st.isSocket() ? 'a socket' : 'a block device'}); skipped` };
  return openFifo(name, fifoWaitMs);
}

/**
 * Opening a FIFO for reading blocks until a writer opens it. The open runs in the thread pool; when
 * no writer came within `waitMs`, a non-blocking write-open of our own releases it (and we report
 * the FIFO instead of reading it). That write-open fails (ENXIO) while our read-open has not yet
 * started in the pool (a busy pool, a loaded machine), so it is tried again every
 * {@link FIFO_RELEASE_RETRY_MS} until the read-open returns.
 */
async function openFifo(name: string, waitMs: number): Promise<OpenedInput> {
  let timedOut = false;
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    timedOut = true;
    if (settled) return;
    try {
      closeSync(openSync(name, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch (err) {
      // ENXIO: no reader yet (our open has not started): try again. Otherwise a writer came at the
      // same moment, or the FIFO is gone: the open below completes or fails on its own.
      if ((err as NodeJS.ErrnoException).code === 'ENXIO') timer = setTimeout(release, FIFO_RELEASE_RETRY_MS);
    }
  };
  timer = setTimeout(release, waitMs);
  try {
    const handle = await fsp.open(name, 'r');
    if (timedOut) {
      await handle.close();
      return { ok: false, problem: `a FIFO with no writer for ${waitMs / 1000} s (--fifo-timeout); skipped` };
    }
    return { ok: true, kind: 'fifo', handle, size: 0 };
  } catch (err) {
    return { ok: false, problem: openProblem(err) };
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

/** How often the release of a FIFO's read-open is tried again while that open has not started: 20 ms. */
const FIFO_RELEASE_RETRY_MS = 20;

/** A short reason for an error opening or reading an input. */
export function openProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : `cannot be read (${(err as Error).message})`;
}
