import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random bytes drawn in blocks (one system call per 409 ids). */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** The semantic-convention attribute that identifies a log record. */
export const LOG_RECORD_UID = 'log.record.uid';

/**
 * A ULID (26 characters, Crockford base32: 48 bits of `timeMs`, 80 random bits), the form the
 * semantic conventions suggest for `log.record.uid`.
 */
export function newRecordUid(timeMs: number): string {
  let out = '';
  let t = Math.max(0, Math.min(Math.floor(timeMs) || 0, 2 ** 48 - 1));
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  if (poolOffset + 10 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += 10;
  let acc = 0;
  let bits = 0;
  for (let i = start; i < start + 10; i++) {
    acc = (acc << 8) | pool[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
