import type * as logsignal from '../src/index.js';
import type { EmittedLogRecord as LogRecord } from '../src/otel/logs-api.js';

/** Record time of record 0. */
export declare const HOSTILE_T0: number;
/** A value `depth` levels deep: `{ child, level }` maps or one-item arrays. */
export declare function nested(depth: number, array: boolean): unknown;
/** Up to `max` pieces: attack fragments, odd characters, random UTF-16 units. */
export declare function randomString(rand: () => number, max: number): string;
/** Hostile record `i` (attribute `test.seq` = i); `big` is the 1 MB body shared by 1% of records. */
export declare function randomRecord(rand: () => number, i: number, big: string): LogRecord;
/** One detector of every kind and their shared miner, as processor options (`api`: logsignal's module). */
export declare function everyDetector(api: Pick<typeof logsignal, 'Rule' | 'StatRule' | 'Security' | 'TemplateMiner'>): Pick<logsignal.LogSignalProcessorOptions, 'rules' | 'detectors' | 'templates'>;
