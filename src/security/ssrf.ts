import { parameterNameEnd } from './parameter-name.js';
import { hostFlags, LOOPBACK_ADDRESS, LOOPBACK_NAME, METADATA, OBFUSCATED, PRIVATE_NETWORK } from './internal-host.js';
import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/** Where {@link SsrfAnalyser} reads a value from: a user's value, the request's own URL, or a request header. */
export type UrlFieldContext = 'value' | 'request-url' | 'header';

/**
 * Server-side request forgery (category `ssrf`): a value, or a parameter's value in a query string or
 * form body, that is a URL (nothing but spaces after it) naming a host the server should not fetch:
 * - `ssrf-metadata`: a cloud instance-metadata endpoint (`169.254.169.254`, `169.254.170.2`,
 *   `100.100.100.200`, `fd00:ec2::254`, `metadata.google.internal`), also as a bare host
 *   (`169.254.169.254/latest/meta-data/`; a one-label name such as `metadata` only in a URL's authority);
 * - `ssrf-internal-url`: an internal address (loopback, private, link-local, `0.0.0.0`, `[::]`,
 *   `localhost`; `internal-host.ts`);
 * - `ssrf-host-obfuscation`: such a host in a notation no client writes (`0x7f000001`, `2130706433`,
 *   `127.1`, `0`, `[::ffff:127.0.0.1]`, circled digits, `127.0.0.1.nip.io`), or named after `@` past
 *   a `#`, `?` or `\` where parsers disagree on the host (`http://a.example#@127.0.0.1/`, `http://a.example\@127.0.0.1/`);
 * - `ssrf-scheme`: a scheme only a fetch of internal services uses (`gopher://`, `dict://`,
 *   `tftp://`, `netdoc:/`, `jar:` around another URL);
 * - `ssrf-unc-path`: a UNC path to a host with a dot or an address (`\\203.0.113.5\share`), which a
 *   Windows server opens over SMB, authenticating to that host; not a private network's name
 *   (`\\fileserver.corp.example\share`, `\\nas.local\x`, `\\10.1.2.133\x`: a company share; but
 *   `\\x.corp.attacker.com\x`, a loopback share `\\127.0.0.1\x`, an administrative share `\\10.0.0.5\c$`,
 *   shared or link-local addresses and `\\?\UNC\host\share` are reported).
 * Not reported: a URL that prose goes on after (`http://localhost:3000 gives a 500`); a loopback or
 * private address written plainly in a return address (a parameter named `redirect_uri`,
 * `return_to`, `next`, `continue`, CAS `service`, ...: OAuth native apps are sent back to `http://127.0.0.1:port/`),
 * in a request header (`Referer`, `Origin`, `Host` of a developer's browser) or as the request's
 * own URL (`url.full`: a service on localhost); bare hosts other than metadata (`localhost`,
 * `10.0.0.5` in a host field). `localhost` by name, and a page at a loopback address and port as dev servers
 * print them (`http://127.0.0.1:8000/docs`, `[::1]`, `0.0.0.0`; not a port's root), score 4 unless the parameter's
 * name says it carries a URL to fetch. A URL starts a value or a parameter (`name=` at the start or after
 * `&`), so the analyser reads a parameter list whole ({@link readsParameters}).
 * Linear: one look at the start of each parameter, hosts at most 256 characters.
 */
export class SsrfAnalyser implements Analyser {
  readonly category = 'ssrf' as const;
  /** It reads each parameter of a list itself, with its name: not run again on a list's parts. */
  readonly readsParameters = true;
  /** The field of the next {@link analyse} ['value']: set by the detector. */
  context: UrlFieldContext = 'value';
  /** The last {@link analyse} left out an internal URL because of its {@link context} (its verdict depends on the field). */
  exempted = false;

  /** On plain text only a bare metadata host at the start can match (`169.254.169.254/latest`). */
  mayMatchPlain(plain: PlainValue): boolean {
    return bareMetadata(plain.text, 0) > 0;
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    this.exempted = false;
    this.colon = -1;
    this.runStart = -1;
    this.runEnd = -1;
    if (this.mayStart(text, 0) && this.at(text, 0, -1, hits)) return;
    for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
      if (!this.mayStart(text, eq + 1)) continue;
      const name = parameterAt(text, eq);
      if (name >= 0 && this.at(text, eq + 1, name, hits)) return;
    }
  }

  /** The first `:` at or after the last position asked about ({@link mayStart}; the text's length when none). */
  private colon = -1;

  /**
   * A URL, UNC path or bare metadata host can start at `i` (after up to 8 spaces): `//`, `\\`, the first
   * character of a metadata host, or a letter with a `:` within 16 characters. Positions are asked in
   * increasing order, so the `:` is sought once per text.
   */
  private mayStart(text: string, i: number): boolean {
    const from = i;
    while (i < text.length && i - from < 8 && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (c === 47 || c === 92) return text.charCodeAt(i + 1) === c;
    if (c === 49 || c === 91) return true;
    if (c < 97 || c > 122) return false;
    if (c === 109 || c === 105) return true;
    if (this.colon < i) {
      const k = text.indexOf(':', i);
      this.colon = k < 0 ? text.length : k;
    }
    return this.colon - i <= 16 && this.colon < text.length;
  }

  /**
   * A URL, UNC path or bare metadata host starting the value or parameter at `i` (after up to 8 spaces),
   * the parameter's name at `name` (-1: the value's start). True when a rule hit.
   */
  private at(text: string, i: number, name: number, hits: HitList): boolean {
    const from = i;
    while (i < text.length && i - from < 8 && text.charCodeAt(i) === 32) i++;
    const start = i;
    const c = text.charCodeAt(i);
    if (c === 92 && text.charCodeAt(i + 1) === 92) return this.unc(text, start, hits);
    let k = i;
    while (k < text.length && k - i < 16 && schemeChar(text.charCodeAt(k), k === i)) k++;
    if (k > i && text.charCodeAt(k) === 58) {
      let s = k + 1;
      let slashes = 0;
      while (slashes < 3 && (text.charCodeAt(s) === 47 || text.charCodeAt(s) === 92)) {
        s++;
        slashes++;
      }
      // the payload such a URL carries spans lines and spaces (`gopher://host:6379/_set x%0d%0a...`): the scheme and a host suffice
      if (fetchScheme(text, i, k, s, slashes) && text.charCodeAt(s) > 32) {
        hits.add('ssrf-scheme', 'ssrf', SCORE.critical, start, Math.min(text.length, start + 60));
        return true;
      }
      if (slashes > 0) return this.url(text, start, s, name, hits);
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      return this.url(text, start, i + 2, name, hits);
    }
    const end = bareMetadata(text, i);
    if (end > 0 && this.wholeValue(text, end)) {
      hits.add('ssrf-metadata', 'ssrf', SCORE.critical, start, Math.min(text.length, start + 60));
      return true;
    }
    return false;
  }

  /** The URL at `start` whose authority starts at `a`. */
  private url(text: string, start: number, a: number, name: number, hits: HitList): boolean {
    const n = text.length;
    const limit = Math.min(n, a + 256);
    let e = a;
    let at = -1;
    while (e < limit) {
      const c = text.charCodeAt(e);
      if (c === 47 || c === 92 || c === 63 || c === 35 || c <= 32) break;
      if (c === 64) at = e;
      e++;
    }
    let flags = hostAt(text, at >= 0 ? at + 1 : a, e);
    // `#@host`, `?@host`, `\@host`: the host some parsers read, after the last `@` before the path
    const stop = text.charCodeAt(e);
    if (stop === 35 || stop === 63 || stop === 92) {
      let f = e + 1;
      let alt = -1;
      while (f < limit) {
        const c = text.charCodeAt(f);
        if (c === 47 || c === 92 || c <= 32) break;
        if (c === 64) alt = f;
        f++;
      }
      if (alt >= 0) {
        const g = hostAt(text, alt + 1, f);
        if (g !== 0) flags |= g | OBFUSCATED;
        e = f;
      }
    }
    if (flags === 0 || !this.wholeValue(text, e)) return false;
    const end = Math.min(n, start + 60);
    if ((flags & METADATA) !== 0) hits.add('ssrf-metadata', 'ssrf', SCORE.critical, start, end);
    if ((flags & OBFUSCATED) !== 0) hits.add('ssrf-host-obfuscation', 'ssrf', SCORE.critical, start, end);
    if ((flags & (METADATA | OBFUSCATED)) !== 0) return true;
    if (name >= 0 && returnAddress(text, name, start)) return false;
    if (this.context === 'header' || (this.context === 'request-url' && name < 0)) {
      this.exempted = true;
      return false;
    }
    // how people link their own machine (a developer's post, a link field): `localhost` by name, or a page on a dev server at the
    // loopback address it prints (`http://127.0.0.1:8000/docs`; a port's root `http://127.0.0.1:6379/` is a service): reported as
    // critical in a parameter that carries a URL to fetch
    const own = ((flags & LOOPBACK_NAME) !== 0 || ((flags & LOOPBACK_ADDRESS) !== 0 && pageOnPort(text, a, e))) && (name < 0 || !fetchName(text, name, start));
    hits.add('ssrf-internal-url', 'ssrf', own ? SCORE.error : SCORE.critical, start, end);
    return true;
  }

  /** The last run {@link wholeValue} scanned: from `runStart` to `runEnd` (its first space or next `&name=`), whole or not. */
  private runStart = -1;
  private runEnd = -1;
  private runWhole = false;

  /**
   * The URL ending at `e` is its value's or parameter's whole: only spaces, then the end or the next `&name=`.
   * Every URL inside one run (`?a=//10.0.0.1?a=//10.0.0.1...`) ends at the same place: the run's verdict is
   * kept, so each character is scanned once per value.
   */
  private wholeValue(s: string, e: number): boolean {
    if (e >= this.runStart && e <= this.runEnd) return this.runWhole;
    const n = s.length;
    let k = e;
    // the rest of the URL (path, query), to the first space or the next parameter
    while (k < n) {
      const c = s.charCodeAt(k);
      if (c <= 32 || (c === 38 && parameterNameEnd(s, k + 1) > 0)) break;
      k++;
    }
    this.runStart = e;
    this.runEnd = k;
    while (k < n && s.charCodeAt(k) <= 32) k++;
    this.runWhole = k === n || (s.charCodeAt(k) === 38 && parameterNameEnd(s, k + 1) > 0);
    return this.runWhole;
  }

  /** `\\host\share` with a host that has a dot (a name or an address) or is an IPv6 literal. */
  private unc(text: string, start: number, hits: HitList): boolean {
    let h = start + 2;
    // the Win32 extended forms `\\?\UNC\host\share` and `\\.\UNC\host\share` open the same SMB connection
    const dev = text.charCodeAt(h);
    if (
      (dev === 63 || dev === 46) &&
      text.charCodeAt(h + 1) === 92 &&
      (text.charCodeAt(h + 2) | 32) === 117 &&
      (text.charCodeAt(h + 3) | 32) === 110 &&
      (text.charCodeAt(h + 4) | 32) === 99 &&
      text.charCodeAt(h + 5) === 92
    )
      h += 6;
    const limit = Math.min(text.length, h + 256);
    let e = h;
    let dots = 0;
    while (e < limit) {
      const c = text.charCodeAt(e);
      if (c === 46) dots++;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 58 || c === 91 || c === 93 || c === 64)) break;
      e++;
    }
    if (e === h || (dots === 0 && text.charCodeAt(h) !== 91) || text.charCodeAt(e) !== 92 || !isShareChar(text.charCodeAt(e + 1))) return false;
    // a share on a company server (`\\fileserver.corp.example\share\doc.pdf`, `\\10.1.2.133\Projects`): where documents are,
    // not a host outside; a loopback share (`\\127.0.0.1\c$`) reads the server's own disk, and an administrative share
    // (`\\10.0.0.5\c$`, `admin$`, `ipc$`) is no document's place: both reported
    if (!adminShare(text, e + 1) && (privateName(text, h, e) || privateNetworkAddress(hostFlags(text, h, e)) || uniqueLocalLiteralName(text, h, e))) return false;
    if (!this.wholeValue(text, e)) return false;
    hits.add('ssrf-unc-path', 'ssrf', SCORE.critical, start, Math.min(text.length, start + 60));
    return true;
  }
}

/** Flags of the host in the authority `s[a, e)` (after any userinfo): up to the port's `:` (an IPv6 literal keeps its brackets). */
function hostAt(s: string, a: number, e: number): number {
  const close = s.charCodeAt(a) === 91 ? 93 : 58;
  let h = a;
  while (h < e && s.charCodeAt(h) !== close) h++;
  return hostFlags(s, a, close === 93 && h < e ? h + 1 : h);
}

/** The authority `s[a, e)` ends in a port (`:8000`) and a path of at least one segment follows it (`/docs`): a page on a server. */
function pageOnPort(s: string, a: number, e: number): boolean {
  let k = e;
  while (k > a && s.charCodeAt(k - 1) >= 48 && s.charCodeAt(k - 1) <= 57) k--;
  if (k === e || s.charCodeAt(k - 1) !== 58) return false;
  const c = s.charCodeAt(e + 1);
  return s.charCodeAt(e) === 47 && c > 32 && c !== 38 && c !== 63 && c !== 35;
}

/** Schemes used to reach internal services and files through a fetch: `gopher://`, `dict://`, `tftp://`, `netdoc:/`, `jar:` + a URL. */
function fetchScheme(s: string, i: number, colon: number, after: number, slashes: number): boolean {
  const len = colon - i;
  if (len === 6 && s.startsWith('gopher', i)) return slashes >= 2;
  if (len === 4 && (s.startsWith('dict', i) || s.startsWith('tftp', i))) return slashes >= 2;
  if (len === 6 && s.startsWith('netdoc', i)) return slashes >= 1;
  if (len === 3 && s.startsWith('jar', i) && slashes === 0) {
    let k = after;
    while (k < s.length && k - after < 10 && s.charCodeAt(k) >= 97 && s.charCodeAt(k) <= 122) k++;
    return k > after && s.charCodeAt(k) === 58;
  }
  return false;
}

/**
 * End of a bare metadata host at `i` (`169.254.169.254`, `metadata.google.internal`, `[fd00:ec2::254]`,
 * written plainly: a bare number such as `2852039166` is an id) followed by the end, `/` or `:`, else -1.
 */
function bareMetadata(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 49) {
    if (!s.startsWith('169.254.', i) && !s.startsWith('100.100.', i)) return -1;
  } else if (c === 109) {
    // a one-label name (`metadata`, `instance-data`) is a host only in a URL's authority: bare, it is the word
    if (!s.startsWith('metadata.', i)) return -1;
  } else if (c === 105) {
    if (!s.startsWith('instance-data.', i)) return -1;
  } else if (c !== 91 || !s.startsWith('[fd00:ec2:', i)) {
    return -1;
  }
  const bracket = s.charCodeAt(i) === 91;
  let e = i;
  const limit = Math.min(s.length, i + 64);
  while (e < limit) {
    const d = s.charCodeAt(e);
    if (d === 47 || d <= 32 || d === 38 || (d === 58 && !bracket) || (d === 93 && bracket)) break;
    e++;
  }
  if (bracket && s.charCodeAt(e) === 93) e++;
  const flags = hostFlags(s, i, e);
  return (flags & METADATA) !== 0 && (flags & OBFUSCATED) === 0 ? e : -1;
}

/**
 * Labels that mark a private network's names (`fileserver.corp.example`, `nas.home.arpa`, `dc1.ad.internal`):
 * multicast DNS `local`, `home.arpa`'s `home`, and the private domains companies name (`corp`, `internal`,
 * `intranet`, `lan`, `localdomain`, `private`).
 */
const PRIVATE_LABELS = ['local', 'home', 'corp', 'internal', 'intranet', 'lan', 'localdomain', 'private'] as const;

/** Top-level labels no public DNS answers for, besides the private ones: `arpa` (of `home.arpa`) and the names reserved for documentation and tests. */
const RESERVED_TOP_LABELS = ['arpa', 'example', 'test', 'invalid'] as const;

/**
 * The host name `s[h, e)` is a private network's: a label after the first is one of
 * {@link PRIVATE_LABELS}, and every label after that one is private or reserved too, so the name
 * cannot sit under a public domain (`fileserver.corp.example` is; `x.corp.attacker.com` is not).
 */
function privateName(s: string, h: number, e: number): boolean {
  let inPrivate = false;
  for (let dot = s.indexOf('.', h); dot >= 0 && dot < e; ) {
    const next = s.indexOf('.', dot + 1);
    const end = next < 0 || next > e ? e : next;
    if (isLabel(s, dot + 1, end, PRIVATE_LABELS)) inPrivate = true;
    else if (inPrivate && !isLabel(s, dot + 1, end, RESERVED_TOP_LABELS)) inPrivate = false;
    dot = next;
  }
  return inPrivate;
}

/** Flags of {@link hostFlags} of a company network's address written plainly (`10.1.2.133`, `[fd00::5]`): not obfuscated. */
function privateNetworkAddress(flags: number): boolean {
  return (flags & PRIVATE_NETWORK) !== 0 && (flags & OBFUSCATED) === 0;
}

/** The share name at `s[i]` ends in `$` (`c$`, `admin$`, `ipc$`: Windows' administrative and hidden shares). */
function adminShare(s: string, i: number): boolean {
  let k = i;
  const limit = Math.min(s.length, i + 81);
  while (k < limit && s.charCodeAt(k) !== 92 && s.charCodeAt(k) !== 47 && s.charCodeAt(k) > 32) k++;
  return k > i && s.charCodeAt(k - 1) === 36;
}

/** `s[i]` starts an IPv6 unique local address (`fc..`, `fd..`). */
function uniqueLocal(s: string, i: number): boolean {
  const c = s.charCodeAt(i + 1) | 32;
  return (s.charCodeAt(i) | 32) === 102 && (c === 99 || c === 100);
}

/** `s[h, e)` is Windows' UNC spelling of a unique local address (`fd00--1.ipv6-literal.net`: `-` for `:`). */
function uniqueLocalLiteralName(s: string, h: number, e: number): boolean {
  const suffix = '.ipv6-literal.net';
  return e - h > suffix.length && s.startsWith(suffix, e - suffix.length) && uniqueLocal(s, h);
}

/** `s[a, e)` is one of `labels`. */
function isLabel(s: string, a: number, e: number, labels: readonly string[]): boolean {
  for (const label of labels) if (e - a === label.length && s.startsWith(label, a)) return true;
  return false;
}

/** Parts of the names of parameters that carry a URL for the server to fetch (`url`, `image_uri`, `webhook`, `feedSrc`, `proxy`). */
const FETCH_NAMES = ['url', 'uri', 'src', 'hook', 'feed', 'endpoint', 'proxy', 'fetch', 'host'] as const;

/** The parameter name `s[k, eq)` says it carries a URL to fetch. */
function fetchName(s: string, k: number, eq: number): boolean {
  for (; k < eq; k++) for (const name of FETCH_NAMES) if (s.startsWith(name, k)) return true;
  return false;
}

/** Parameter names of a return address (where a client is sent back, not a URL the server fetches). */
const RETURN_NAMES = ['redirect', 'return', 'next', 'continue', 'relaystate', 'goto', 'service'] as const;

/** Where the name of the parameter whose `=` is at `eq` starts (1 to 32 name characters at the text's start or after `&` or `?`), or -1. */
function parameterAt(s: string, eq: number): number {
  let k = eq;
  while (k > 0 && k > eq - 33 && isNameChar(s.charCodeAt(k - 1))) k--;
  return k < eq && (k === 0 || s.charCodeAt(k - 1) === 38 || s.charCodeAt(k - 1) === 63) ? k : -1;
}

/** The parameter name `s[k, eq)` is a return address's (`redirect_uri`, `returnTo`, `next`). */
function returnAddress(s: string, k: number, eq: number): boolean {
  for (; k < eq; k++) for (const name of RETURN_NAMES) if (s.startsWith(name, k)) return true;
  return false;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93;
}

function schemeChar(c: number, first: boolean): boolean {
  if (c >= 97 && c <= 122) return true;
  return !first && ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46);
}

function isShareChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c === 45;
}
