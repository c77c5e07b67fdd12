import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** What was learned while reading an input's bytes. */
export interface InputBytes {
  /** Bytes read from the file or stdin (compressed size for gzip). */
  bytes: number;
  /** The input started with the gzip magic bytes and was decompressed. */
  gzip: boolean;
}

const CHUNK = 1 << 20;

/**
 * The decompressed byte chunks of a file, or of stdin for `'-'`. Gzip is recognised by its magic
 * bytes (not by the name), so `app.log.gz` and a compressed stream on stdin both work. `handle`:
 * an already opened file (a FIFO), read instead of opening `name`.
 */
export async function* inputChunks(name: string, info: InputBytes, handle?: FileHandle): AsyncGenerator<Buffer> {
  const raw: AsyncIterable<Buffer> = name === '-' ? process.stdin : createReadStream(name, { highWaterMark: CHUNK, fd: handle });
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head: Buffer = first.value;
  info.bytes += head.length;
  async function* counted(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      info.bytes += next.value.length;
      yield next.value;
    }
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    info.gzip = true;
    // imported on the first compressed input: a plain-text scan does not load zlib (~3 ms of start-up)
    const { createGunzip } = await import('node:zlib');
    const source = Readable.from(counted());
    const gunzip = createGunzip({ chunkSize: CHUNK });
    source.on('error', (err) => gunzip.destroy(err));
    yield* source.pipe(gunzip) as AsyncIterable<Buffer>;
    return;
  }
  yield* counted();
}
