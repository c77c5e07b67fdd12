import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/**
 * HTTP header injection and response splitting (category `crlf`): a line break in a value followed
 * by a header the attacker wants the response to carry (`%0d%0aSet-Cookie:`, `\nContent-Length:`,
 * `\nX-Forwarded-For:`) or a status line (`\nHTTP/1.1 200`). A header whose name is also a label
 * people write in a message (`Location: Paris`, `Cookie: oatmeal`, `Via: Amsterdam`, `Host: Marta`)
 * counts only before a value of that header's syntax (a URL or host name, `name=value`, a media type,
 * a number, a protocol version), and a status line needs its status code (not `HTTP/2 is supported`). After a
 * one-word value's first line break (`en%0d%0a...`, what an application copies into a header) also any `X-` header
 * (`X-Injected: 1`) and a mail header before an address (`Bcc: a@example.org`); after a sentence line, a label
 * or a greeting (`Chart:`, `Hi,`) they are what people write (`Chart:\nX-axis: time`, `Dear team,\nTo: whom it may concern`),
 * and a mail header needs its address to end the line (`Cc: boss@example.com please` is a sentence). The normaliser
 * keeps `\n` and turns a lone `\r` into one (a `\r` before `\n` becomes a space); the detector gives this analyser
 * the text with wide characters whose low bytes are CR and LF folded too (`嘍嘊`, which a Latin-1 header writer truncates to them). Linear: a bounded look after each line break, every one of them (ordinary lines first cannot hide a header).
 */
export class HeaderInjectionAnalyser implements Analyser {
  readonly category = 'crlf' as const;
  readonly matchesPlain = false;
  /** A header writer truncates `嘍嘊` to CR LF: this analyser reads them as a line break (`wide-break.ts`). */
  readonly readsWideBreaks = true;

  /** Every rule needs a line break: nothing is plain. */
  mayMatchPlain(_plain: PlainValue): boolean {
    return false;
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    const n = text.length;
    let i = 0;
    const first = text.indexOf('\n');
    for (let nl = first; nl >= 0; nl = text.indexOf('\n', i)) {
      // past the line break and any blanks and breaks after it (each character skipped once)
      i = nl + 1;
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10)) i++;
      if (statusLine(text, i)) {
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
        if (!headerValue(h, text, j)) continue;
        hits.add('crlf-header', 'crlf', SCORE.critical, nl, Math.min(n, j + 40));
        return;
      }
      // the first line break after a one-word value (what an application copies into a header or a mail header)
      if (nl === first && headerToken(text, nl) && otherHeader(text, i)) {
        hits.add('crlf-header', 'crlf', SCORE.critical, nl, Math.min(n, i + 40));
        return;
      }
    }
  }
}

/**
 * The text before the line break at `nl` is one word (at most 64 characters, no space but before the break)
 * that does not end as a label or a greeting does (`Chart:`, `Hi,`, `Hello!`): a value an application puts in a header.
 */
function headerToken(s: string, nl: number): boolean {
  if (nl > 64) return false;
  // the CR of a CRLF is a space
  let e = nl;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  const last = e > 0 ? s.charCodeAt(e - 1) : 0;
  if (last === 58 || last === 44 || last === 33 || last === 59 || last === 63) return false;
  for (let k = 0; k < e; k++) if (s.charCodeAt(k) === 32) return false;
  return true;
}

/** Mail headers an injected line adds recipients or a sender with. */
const MAIL_HEADERS = ['bcc', 'cc', 'to', 'from', 'reply-to', 'sender'] as const;

/**
 * At `i`, after a one-word value's line break: a custom header (`X-Name: value`, any `x-` name: the
 * convention for headers an application or proxy acts on), or a mail header before an address
 * (`Bcc: a@example.org`).
 */
function otherHeader(s: string, i: number): boolean {
  const n = s.length;
  let j = i;
  while (j < n && j < i + 64 && (isNameChar(s.charCodeAt(j)) || s.charCodeAt(j) === 45)) j++;
  if (j === i) return false;
  let k = j;
  while (k < n && s.charCodeAt(k) === 32) k++;
  if (s.charCodeAt(k) !== 58) return false;
  k++;
  while (k < n && s.charCodeAt(k) === 32) k++;
  if (j - i > 2 && s.startsWith('x-', i)) return k < n && s.charCodeAt(k) > 32;
  for (const h of MAIL_HEADERS) if (j - i === h.length && s.startsWith(h, i)) return mailAddress(s, k);
  return false;
}

/** `local@domain.tld` at `i`, then the line's end or a list separator: a mail address (bounded: 128 characters). */
function mailAddress(s: string, i: number): boolean {
  const limit = Math.min(s.length, i + 128);
  let k = i;
  while (k < limit && (isNameChar(s.charCodeAt(k)) || s.charCodeAt(k) === 46 || s.charCodeAt(k) === 45 || s.charCodeAt(k) === 95 || s.charCodeAt(k) === 43)) k++;
  if (k === i || s.charCodeAt(k) !== 64) return false;
  const d = ++k;
  let dots = 0;
  while (k < limit && (isNameChar(s.charCodeAt(k)) || s.charCodeAt(k) === 46 || s.charCodeAt(k) === 45)) {
    if (s.charCodeAt(k) === 46) dots++;
    k++;
  }
  if (k === d || dots === 0) return false;
  // the address ends its line or a list of them (`a@x.example, b@y.example`): not a sentence going on (`Cc: boss@example.com please`)
  while (k < s.length && s.charCodeAt(k) === 32) k++;
  const c = s.charCodeAt(k);
  return k === s.length || c === 10 || c === 44 || c === 59 || c === 62;
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

/** `http/1.x NNN` or `http/2 NNN` at `i`: a status line, with its code. */
function statusLine(s: string, i: number): boolean {
  let j: number;
  if (s.startsWith('http/1.', i) && isDigit(s.charCodeAt(i + 7))) j = i + 8;
  else if (s.startsWith('http/2', i)) j = s.charCodeAt(i + 6) === 46 && isDigit(s.charCodeAt(i + 7)) ? i + 8 : i + 6;
  else return false;
  if (s.charCodeAt(j) !== 32) return false;
  return isDigit(s.charCodeAt(j + 1)) && isDigit(s.charCodeAt(j + 2)) && isDigit(s.charCodeAt(j + 3)) && !isDigit(s.charCodeAt(j + 4));
}

/**
 * The value at `j` has the syntax of header `h`, for the headers whose names are also labels of
 * ordinary text or whose value has a fixed syntax (`Set-Cookie` and `Cookie` a `name=`, `Content-Length`
 * a number); headers no message is written with (`Transfer-Encoding`, `X-...`) need no more.
 */
function headerValue(h: (typeof HEADERS)[number], s: string, j: number): boolean {
  switch (h) {
    case 'location':
    case 'host':
    case 'refresh':
      return urlOrHost(s, j);
    case 'cookie':
    case 'set-cookie':
      return cookiePair(s, j);
    case 'content-type':
      return mediaType(s, j);
    case 'content-length':
      return isDigit(s.charCodeAt(j));
    case 'via':
      return isDigit(s.charCodeAt(j)) || s.startsWith('http/', j);
    default:
      return true;
  }
}

/** `name=` at `i`: a cookie name (token characters, at most 64) and `=`. */
function cookiePair(s: string, i: number): boolean {
  let j = i;
  while (j < s.length && j < i + 64 && (isNameChar(s.charCodeAt(j)) || s.charCodeAt(j) === 45 || s.charCodeAt(j) === 95 || s.charCodeAt(j) === 46)) j++;
  return j > i && s.charCodeAt(j) === 61;
}

/** `type/subtype` at `i` (`text/html`, `application/json`). */
function mediaType(s: string, i: number): boolean {
  let j = i;
  while (j < s.length && j < i + 32 && (isNameChar(s.charCodeAt(j)) || s.charCodeAt(j) === 45)) j++;
  return j > i && s.charCodeAt(j) === 47 && isNameChar(s.charCodeAt(j + 1));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

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
