/**
 * What a URL's host names, as a server fetching it would resolve it: an internal address (loopback,
 * `0.0.0.0/8`, private, link-local, shared `100.64/10`, IPv6 unspecified, loopback, unique-local and
 * link-local) in any notation a URL parser accepts, or a cloud instance-metadata endpoint. IPv4 is
 * read as WHATWG URL parsers and `inet_aton` read it: one to four parts, each decimal, `0x` hex or
 * `0` octal, the last filling the remaining bytes (`127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`,
 * `0`); IPv6 with `::`, a zone (`%25eth0`) and a trailing dotted quad; an IPv4 address inside IPv6
 * (`::ffff:127.0.0.1`, `::127.0.0.1`, `64:ff9b::a9fe:a9fe`) is read as that address. Compatibility
 * characters an IDNA mapping folds (circled digits and letters, ideographic full stops) are folded first.
 * No regular expressions; reads at most 256 characters.
 */

/** Flag of {@link hostFlags}: the host is an internal address or a loopback name (`localhost`, `*.localhost`). */
export const INTERNAL = 1;
/** Flag of {@link hostFlags}: the host is a cloud instance-metadata endpoint (`169.254.169.254`, `fd00:ec2::254`, `metadata.google.internal`). */
export const METADATA = 2;
/**
 * Flag of {@link hostFlags}: written in a notation no ordinary client writes (not a dotted quad
 * without leading zeros, `::1`, `::` or a plain name): an integer, hex or octal IPv4, a short form,
 * IPv4 inside IPv6, a trailing dot, folded compatibility characters, a wildcard-DNS name that spells
 * an address (`127.0.0.1.nip.io`). Set only with {@link INTERNAL} or {@link METADATA}.
 */
export const OBFUSCATED = 4;

/** Flag of {@link hostFlags}: a loopback name (`localhost`, `*.localhost`), how people write links to their own machine. */
export const LOOPBACK_NAME = 8;

/** Flag of {@link hostFlags}: a loopback address as dev servers print it (`127.0.0.1`, `0.0.0.0`, `[::1]`, `[::]`; also set with {@link OBFUSCATED}). */
export const LOOPBACK_ADDRESS = 16;

/**
 * Flag of {@link hostFlags}: an address in a range a company numbers its own network from: RFC 1918's
 * 10/8, 172.16/12 and 192.168/16, or an IPv6 unique local address (fc00::/7). Not the shared (100.64/10),
 * link-local or 0/8 ranges. Set with {@link INTERNAL}.
 */
export const PRIVATE_NETWORK = 32;

const MAX_HOST = 256;

/**
 * The flags ({@link INTERNAL}, {@link METADATA}, {@link OBFUSCATED}) of the host `s[start, end)`
 * (lower-case; an IPv6 literal with its brackets), 0 for any other host.
 */
export function hostFlags(s: string, start: number, end: number): number {
  if (end - start > MAX_HOST || end <= start) return 0;
  // most hosts are ASCII names (`www.example.com`): told apart without copying them
  const c = s.charCodeAt(start);
  if (c >= 97 && c <= 122 && asciiRange(s, start, end)) {
    const e = s.charCodeAt(end - 1) === 46 ? end - 1 : end;
    const f = namedFlags(s, start, e);
    return f === 0 ? 0 : e < end ? f | OBFUSCATED : f;
  }
  let host = s.slice(start, end);
  let odd = 0;
  if (!isAscii(host)) {
    host = foldCompatibility(host);
    odd = OBFUSCATED;
  }
  if (host.charCodeAt(0) === 91) {
    const close = host.indexOf(']');
    return close > 1 ? withOdd(ipv6Flags(host, 1, close), odd) : 0;
  }
  if (host.charCodeAt(host.length - 1) === 46) {
    host = host.slice(0, -1);
    odd = OBFUSCATED;
  }
  const v4 = parseIpv4(host, 0, host.length);
  if (v4 >= 0) return withOdd(ipv4Flags(v4), odd | (canonicalIpv4(host) ? 0 : OBFUSCATED));
  return withOdd(nameFlags(host), odd);
}

function withOdd(flags: number, odd: number): number {
  return flags === 0 ? 0 : flags | odd;
}

/** Flags of an IPv4 address (a 32-bit number). */
export function ipv4Flags(a: number): number {
  if (a === 0xa9fea9fe || a === 0xa9feaa02 || a === 0xa9feaa17 || a === 0x646464c8) return METADATA | INTERNAL;
  const o1 = Math.floor(a / 0x1000000);
  const o2 = Math.floor(a / 0x10000) & 0xff;
  if (o1 === 127 || a === 0) return INTERNAL | LOOPBACK_ADDRESS;
  if (o1 === 0) return INTERNAL;
  if (o1 === 10 || (o1 === 172 && o2 >= 16 && o2 <= 31) || (o1 === 192 && o2 === 168)) return INTERNAL | PRIVATE_NETWORK;
  if (o1 === 169 && o2 === 254) return INTERNAL;
  if (o1 === 100 && o2 >= 64 && o2 <= 127) return INTERNAL;
  return 0;
}

/** `s[start, end)` as an IPv4 address in any notation (see the file's comment), or -1. */
export function parseIpv4(s: string, start: number, end: number): number {
  let parts = 0;
  let value = 0;
  let i = start;
  while (i < end) {
    let j = i;
    while (j < end && s.charCodeAt(j) !== 46) j++;
    const part = parsePart(s, i, j);
    if (part < 0) return -1;
    parts++;
    if (parts > 4) return -1;
    const last = j >= end;
    if (last) {
      const room = 256 ** (5 - parts);
      if (part >= room) return -1;
      return value * room + part;
    }
    if (part > 255) return -1;
    value = value * 256 + part;
    i = j + 1;
    if (i >= end) return -1;
  }
  return -1;
}

/** One IPv4 part: decimal, `0x` hex (`0x` alone is 0) or `0`-led octal; -1 when it is not a number (or over 2^32). */
function parsePart(s: string, i: number, j: number): number {
  if (j <= i || j - i > 12) return -1;
  let radix = 10;
  if (j - i >= 2 && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120) {
    radix = 16;
    i += 2;
    if (i === j) return 0;
  } else if (j - i >= 2 && s.charCodeAt(i) === 48) {
    radix = 8;
    i++;
  }
  let v = 0;
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : 99;
    if (d >= radix) return -1;
    v = v * radix + d;
  }
  return v > 0xffffffff ? -1 : v;
}

/** Four decimal parts without leading zeros: how every client writes an address. */
function canonicalIpv4(s: string): boolean {
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dots++;
    else if (c < 48 || c > 57) return false;
    else if (c === 48 && (i === 0 || s.charCodeAt(i - 1) === 46) && i + 1 < s.length && s.charCodeAt(i + 1) !== 46) return false;
  }
  return dots === 3;
}

const groups = new Uint16Array(8);

/** Flags of the IPv6 literal `s[start, end)` (inside its brackets), 0 when it is not one. */
function ipv6Flags(s: string, start: number, end: number): number {
  const zone = s.indexOf('%', start);
  if (zone >= 0 && zone < end) end = zone;
  if (!parseIpv6(s, start, end)) return 0;
  const g = groups;
  const zero5 = g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0;
  if (zero5 && g[5] === 0 && g[6] === 0 && (g[7] === 0 || g[7] === 1)) return end - start === (g[7] === 0 ? 2 : 3) ? INTERNAL | LOOPBACK_ADDRESS : INTERNAL | LOOPBACK_ADDRESS | OBFUSCATED;
  // IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96): the IPv4 address inside
  if ((zero5 && (g[5] === 0xffff || g[5] === 0)) || (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0)) {
    const f = ipv4Flags(g[6] * 0x10000 + g[7]);
    return f === 0 ? 0 : f | OBFUSCATED;
  }
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0 && g[6] === 0 && (g[7] === 0x254 || g[7] === 0x23)) return METADATA | INTERNAL;
  if ((g[0] & 0xfe00) === 0xfc00) return INTERNAL | PRIVATE_NETWORK;
  if ((g[0] & 0xffc0) === 0xfe80) return INTERNAL;
  return 0;
}

/** Parse `s[start, end)` as IPv6 into {@link groups}; false when it is not an address. */
function parseIpv6(s: string, start: number, end: number): boolean {
  groups.fill(0);
  let n = 0;
  let gap = -1;
  let i = start;
  if (s.charCodeAt(i) === 58 && s.charCodeAt(i + 1) === 58) {
    gap = 0;
    i += 2;
    if (i === end) return true;
  }
  while (i < end) {
    if (n >= 8) return false;
    let j = i;
    let v = 0;
    while (j < end && j - i < 5 && hexDigit(s.charCodeAt(j)) >= 0) v = v * 16 + hexDigit(s.charCodeAt(j++));
    if (j < end && s.charCodeAt(j) === 46) {
      // a trailing dotted quad: two groups
      const v4 = n <= 6 ? parseIpv4(s, i, end) : -1;
      if (v4 < 0 || !canonicalIpv4(s.slice(i, end))) return false;
      groups[n++] = Math.floor(v4 / 0x10000);
      groups[n++] = v4 & 0xffff;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups[n++] = v;
    if (j === end) break;
    if (s.charCodeAt(j) !== 58) return false;
    j++;
    if (s.charCodeAt(j) === 58) {
      if (gap >= 0) return false;
      gap = n;
      j++;
      if (j === end) break;
    } else if (j === end) {
      return false;
    }
    i = j;
  }
  if (gap < 0) return n === 8;
  if (n >= 8) return false;
  // move the groups after `::` to the end
  const after = n - gap;
  for (let k = 0; k < after; k++) {
    groups[7 - k] = groups[n - 1 - k];
    groups[n - 1 - k] = 0;
  }
  return true;
}

function hexDigit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
}

/** Loopback and metadata names at `s[start, end)` (lower-case ASCII, no trailing dot). */
function namedFlags(s: string, start: number, end: number): number {
  if (isName(s, start, end, 'localhost') || (end - start > 10 && s.startsWith('.localhost', end - 10))) return INTERNAL | LOOPBACK_NAME;
  if (isName(s, start, end, 'localhost.localdomain') || isName(s, start, end, 'ip6-localhost') || isName(s, start, end, 'ip6-loopback')) return INTERNAL | LOOPBACK_NAME;
  for (const m of METADATA_NAMES) if (isName(s, start, end, m)) return METADATA | INTERNAL;
  return 0;
}

const METADATA_NAMES = ['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal'] as const;

function isName(s: string, start: number, end: number, name: string): boolean {
  return end - start === name.length && s.startsWith(name, start);
}

function asciiRange(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Loopback and metadata names, and names of wildcard DNS services that spell an internal address in their first labels. */
function nameFlags(h: string): number {
  if (h === 'localhost' || h.endsWith('.localhost') || h === 'localhost.localdomain' || h === 'ip6-localhost' || h === 'ip6-loopback') return INTERNAL | LOOPBACK_NAME;
  for (const m of METADATA_NAMES) if (h === m) return METADATA | INTERNAL;
  return spelledAddress(h);
}

/**
 * `127.0.0.1.nip.io`, `10-0-0-1.sslip.io`: a dotted or dashed quad (decimal) opening a name of at least
 * two more labels, the form of wildcard DNS names that resolve to the address they spell.
 */
function spelledAddress(h: string): number {
  // dotted: the fourth dot ends the quad
  let dots = 0;
  let k = 0;
  while (k < h.length && dots < 4) {
    const c = h.charCodeAt(k);
    if (c === 46) dots++;
    else if (c < 48 || c > 57) break;
    k++;
  }
  if (dots === 4 && h.indexOf('.', k) > k) {
    const v4 = parseIpv4(h, 0, k - 1);
    if (v4 >= 0 && canonicalIpv4(h.slice(0, k - 1))) return withOdd(ipv4Flags(v4), OBFUSCATED);
  }
  // dashed: the first label is `a-b-c-d`
  const dot = h.indexOf('.');
  if (dot > 6 && h.indexOf('.', dot + 1) > dot + 1) {
    let dashes = 0;
    for (let i = 0; i < dot; i++) {
      const c = h.charCodeAt(i);
      if (c === 45) dashes++;
      else if (c < 48 || c > 57) return 0;
    }
    if (dashes !== 3) return 0;
    const dotted = h.slice(0, dot).replaceAll('-', '.');
    const v4 = parseIpv4(dotted, 0, dotted.length);
    if (v4 >= 0 && canonicalIpv4(dotted)) return withOdd(ipv4Flags(v4), OBFUSCATED);
  }
  return 0;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Circled digits and letters to ASCII, ideographic and half-width full stops to `.` (the IDNA mapping of a host). */
function foldCompatibility(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x2460 && c <= 0x2468) out += String.fromCharCode(49 + c - 0x2460);
    else if (c === 0x24ea || c === 0x24ff) out += '0';
    else if (c >= 0x24d0 && c <= 0x24e9) out += String.fromCharCode(97 + c - 0x24d0);
    else if (c >= 0x24b6 && c <= 0x24cf) out += String.fromCharCode(97 + c - 0x24b6);
    else if (c === 0x3002 || c === 0xff61 || c === 0xff0e) out += '.';
    else out += s[i];
  }
  return out;
}
