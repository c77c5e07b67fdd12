import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/**
 * HTTP header injection and response splitting (category `crlf`): a line break in a value followed
 * by a header the attacker wants the response to carry (`%0d%0aSet-Cookie:`, `\nContent-Length:`,
 * `\nX-Forwarded-For:`) or a status line (`\nHTTP/1.1 200`). `Location:` and `Host:` count only
 * before a URL or a host name, as a form's text can have a line `Location: Paris`. The normaliser
 * keeps `\n` (a `\r` becomes a space). Linear: a bounded look after each line break, every one of them (ordinary lines first cannot hide a header).
 */
export class HeaderInjectionAnalyser implements Analyser {
  readonly category = 'crlf' as const;
  readonly matchesPlain = false;

  /** Every rule needs a line break: nothing is plain. */
  mayMatchPlain(_plain: PlainValue): boolean {
    return false;
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    const n = text.length;
    let i = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', i)) {
      // past the line break and any blanks and breaks after it (each character skipped once)
      i = nl + 1;
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10)) i++;
      if (text.startsWith('http/1.', i) || text.startsWith('http/2 ', i)) {
        hits.add('crlf-status-line', 'crlf', SCORE.critical, nl, Math.min(n, i + 40));
        return;
      }
      for (const h of HEADERS) {
        if (!text.startsWith(h, i)) continue;
        let j = i + h.length;
        // a prefix (`x-forwarded-`): the rest of the header's name
        if (h.charCodeAt(h.length - 1) === 45) while (j < n && j < i + 64 && (isNameChar(text.charCodeAt(j)) || text.charCodeAt(j) === 45)) j++;
        while (j < n && text.charCodeAt(j) === 32) j++;
        if (text.charCodeAt(j) !== 58) continue;
        j++;
        while (j < n && text.charCodeAt(j) === 32) j++;
        if ((h === 'location' || h === 'host' || h === 'refresh') && !urlOrHost(text, j)) continue;
        hits.add('crlf-header', 'crlf', SCORE.critical, nl, Math.min(n, j + 40));
        return;
      }
    }
  }
}

/** Headers an injected line sets (the ones that change a response or forge a client). */
const HEADERS = [
  'set-cookie',
  'cookie',
  'location',
  'refresh',
  'host',
  'content-type',
  'content-length',
  'content-disposition',
  'content-security-policy',
  'transfer-encoding',
  'access-control-allow-',
  'x-forwarded-',
  'x-real-ip',
  'x-original-url',
  'x-rewrite-url',
  'x-xss-protection',
  'via',
] as const;

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** A URL (`http:`, `https:`, `//`, `/`, `0;url=`) or a host name without spaces at `i`. */
function urlOrHost(s: string, i: number): boolean {
  if (s.startsWith('http', i) || s.startsWith('//', i) || s.charCodeAt(i) === 47 || s.startsWith('0;', i) || s.startsWith('javascript:', i)) return true;
  let dots = 0;
  let j = i;
  while (j < s.length && j < i + 253) {
    const c = s.charCodeAt(j);
    if (c === 46) dots++;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 58)) break;
    j++;
  }
  return dots > 0 && j > i && (j === s.length || s.charCodeAt(j) === 10 || s.charCodeAt(j) === 32 || s.charCodeAt(j) === 47);
}
