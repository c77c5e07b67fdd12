import { ConfigError } from '../core/config-error.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import { KeywordMatcher } from '../core/keyword-matcher.js';
import { parseLevel } from '../core/level.js';

/** A user predicate on an event. It must not keep the event. */
export type EventPredicate = (event: LogEvent) => boolean;

/**
 * Which events a rule counts: a predicate, a keyword or keywords (case-insensitive substring of the
 * message), or `{ keyword?, level?, field?, equals? }` (all given parts must hold; `level` means that
 * severity or above).
 */
export type EventMatch = EventPredicate | string | readonly string[] | { keyword?: string | readonly string[]; level?: string | number; field?: string; equals?: string | number | boolean };

/** Compile an {@link EventMatch} into a predicate; undefined matches every event. */
export function compileMatch(match: EventMatch | undefined, path: string, maxChars: number): EventPredicate | undefined {
  if (match === undefined) return undefined;
  if (typeof match === 'function') return match;
  if (typeof match === 'string' || Array.isArray(match)) {
    const matcher = keywordMatcher(match as string | readonly string[], `${path}`);
    return (e) => matcher.has(e.message, maxChars);
  }
  if (typeof match !== 'object' || match === null) {
    throw new ConfigError(path, 'a predicate, a keyword, keywords, or { keyword, level, field, equals }', match);
  }
  const m = match as { keyword?: string | readonly string[]; level?: string | number; field?: string; equals?: string | number | boolean };
  for (const k of Object.keys(m)) {
    if (!['keyword', 'level', 'field', 'equals'].includes(k)) throw new ConfigError(`${path}.${k}`, 'one of keyword, level, field, equals', k);
  }
  const parts: EventPredicate[] = [];
  if (m.level !== undefined) {
    const min = parseLevel(m.level, `${path}.level`);
    parts.push((e) => e.severityNumber >= min);
  }
  const field = m.field;
  if (field !== undefined && typeof field !== 'string') throw new ConfigError(`${path}.field`, 'an attribute name', field);
  if (m.keyword !== undefined) {
    const matcher = keywordMatcher(m.keyword, `${path}.keyword`);
    if (field)
      parts.push((e) => {
        const v = fieldString(e.attributes, field);
        return v !== undefined && matcher.has(v, maxChars);
      });
    else parts.push((e) => matcher.has(e.message, maxChars));
  }
  if (m.equals !== undefined) {
    if (!field) throw new ConfigError(`${path}.field`, 'an attribute name (required with equals)', field);
    const want = String(m.equals);
    parts.push((e) => fieldString(e.attributes, field) === want);
  } else if (field && m.keyword === undefined) {
    parts.push((e) => fieldString(e.attributes, field) !== undefined);
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return (e) => parts.every((p) => p(e));
}

/** A keyword matcher (case-insensitive by default) for a keyword or keywords, validated. */
export function keywordMatcher(keywords: string | readonly string[], path: string, ignoreCase = true): KeywordMatcher {
  const list = typeof keywords === 'string' ? [keywords] : keywords;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError(path, 'a keyword or a non-empty array of keywords', keywords);
  list.forEach((k, i) => {
    if (typeof k !== 'string' || k.length === 0) throw new ConfigError(`${path}[${i}]`, 'a non-empty string', k);
  });
  return new KeywordMatcher(list, ignoreCase);
}
