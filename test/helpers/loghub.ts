import { LOGHUB_SYSTEMS as SYSTEMS, groupingAccuracy as accuracy, loghubDir, loghubStructured } from '../../bench/loghub.js';

/** The eight loghub 2k samples (read from `../shared`, never copied into the repository); the benches' list (bench/loghub.js). */
export const LOGHUB_SYSTEMS = SYSTEMS;

/** Where the loghub samples are: `LOGHUB_DIR`, else `../shared/datasets/loghub` beside the project. */
export const LOGHUB_DIR = loghubDir();

/** Content and EventId columns of one system's structured CSV, or null when the data is absent (read by bench/loghub.js). */
export function loghubSample(name: string): { content: string[]; eventIds: string[] } | null {
  const s = loghubStructured(name, LOGHUB_DIR);
  return s === null ? null : { content: s.content, eventIds: s.eventIds };
}

/** Grouping accuracy (Zhu et al. 2019): share of lines whose predicted group is exactly their true group. */
export const groupingAccuracy = accuracy;
