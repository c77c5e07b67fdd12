import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogEvent } from '../../src/core/log-event.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/security');

/** A log event for tests; attributes are read-only. */
export function ev(attributes: Record<string, unknown> = {}, message = '', time = 0): LogEvent {
  return { time, severityNumber: 0, severityText: '', message, attributes, eventName: '' };
}

export interface CorpusRow {
  label: 'attack' | 'benign';
  cls: string;
  source: string;
  text: string;
}

export function corpus(): CorpusRow[] {
  return readFileSync(join(FIXTURES, 'corpus-sample.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CorpusRow);
}

export function fixtureLines(name: string): string[] {
  return readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter(Boolean);
}

export { mulberry32 } from '../helpers/prng.js';
