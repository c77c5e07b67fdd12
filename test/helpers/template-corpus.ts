import { mulberry32, randInt } from './prng.js';

/**
 * A seeded synthetic corpus for the miner's golden test: many templates that share their first token
 * and length (one crowded leaf), words that vary, digit runs, wildcard routes, and enough shapes to
 * force eviction with a small `maxClusters`. No third-party data.
 */
export function goldenCorpus(lines: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
  const verbs = ['started', 'stopped', 'failed', 'resumed', 'paused', 'finished', 'queued', 'retried'];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const w = (k: number) => words[randInt(rand, k)];
    const n = () => String(randInt(rand, 100_000));
    switch (randInt(rand, 9)) {
      case 0: // one crowded leaf: first token `task`, five tokens, 16 x 8 constant pairs
        out.push(`task ${w(16)} ${verbs[randInt(rand, 8)]} after ${n()}`);
        break;
      case 1:
        out.push(`User ${users[randInt(rand, 5)]} logged in from 10.0.${randInt(rand, 256)}.${randInt(rand, 256)} port ${n()}`);
        break;
      case 2:
        out.push(`blk_${n()} replicated to dn${randInt(rand, 40)} and dn${randInt(rand, 40)}`);
        break;
      case 3: // many first tokens: wildcard routes once maxChildren is reached
        out.push(`${w(16)}${randInt(rand, 12)} worker ${w(4)} ready`);
        break;
      case 4:
        out.push(`cache miss key=user:${n()} region=${w(3)} took ${randInt(rand, 900)} ms`);
        break;
      case 5: // a steady template whose word rarely changes (stableAfter)
        out.push(`job ${n()} finished with status ${rand() < 0.97 ? 'ok' : 'failed'}`);
        break;
      case 6: // unique-ish messages: forces eviction under a small cap
        out.push(`event ${w(16)} ${w(16)} ${w(16)} code ${w(8)}`);
        break;
      case 7:
        out.push(`Failed password for ${rand() < 0.5 ? 'invalid user ' : ''}${users[randInt(rand, 5)]} from 192.168.${randInt(rand, 256)}.${randInt(rand, 256)} port ${n()} ssh2`);
        break;
      default:
        out.push(`disk usage at ${randInt(rand, 100)}% on /dev/sda${randInt(rand, 4)} host ${w(6)}`);
    }
  }
  return out;
}

/** A partition as first-appearance group numbers (so ids and their numbering do not matter). */
export function partition(ids: readonly string[]): number[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    let g = seen.get(id);
    if (g === undefined) seen.set(id, (g = seen.size));
    return g;
  });
}
