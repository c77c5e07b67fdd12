/**
 * A server's refusal of a login it names by its protocol, then the client (auth11): `Failed SMTP login from
 * 192.0.2.1 with SASL method PLAIN`, `failed IMAP login from …`, `Failed login from …`, and a connection
 * refused for its password: `Rejected connection from 192.0.2.1:5123: Wrong certificate or password`,
 * `rejected connection from [2001:db8::1]:5123: Invalid server password`. No regex; reads at most 16
 * characters before the phrase and 80 after it.
 */

/** Phrases (case-insensitive, 12 characters or more). Part of the generic checked phrases. */
export const PROTOCOL_LOGIN_PHRASES: readonly string[] = [' login from ', 'rejected connection from '];

/**
 * Whether phrase `k` of {@link PROTOCOL_LOGIN_PHRASES} at `at` is a refused login: ` login from ` right after
 * `failed` or after `failed <PROTOCOL>` (2 to 8 capitals or digits: `SMTP`, `POP3`, `SASL`; not `Successful
 * SMTP login from`, not `failed user login from` in lower case, which names no protocol); `rejected connection
 * from <client>: <reason>` whose reason (its first 60 characters) names a password or a credential (not
 * `server full`, `version mismatch`: no credential refused).
 */
export function protocolLoginAccepted(k: number, text: string, at: number): boolean {
  if (k === 0) return failedBefore(text, at);
  const colon = text.indexOf(': ', at + 25);
  if (colon < 0 || colon > at + 25 + 48) return false;
  const reason = text.slice(colon + 2, colon + 62).toLowerCase();
  return reason.indexOf('password') >= 0 || reason.indexOf('credential') >= 0;
}

/** `failed` ends at `at`, or one protocol word (2 to 8 capitals or digits) and a space separate them. */
function failedBefore(text: string, at: number): boolean {
  if (endsWithFailed(text, at)) return true;
  let k = at;
  while (k > 0 && at - k < 9 && isProtocolChar(text.charCodeAt(k - 1))) k--;
  return at - k >= 2 && at - k <= 8 && text.charCodeAt(k - 1) === 32 && endsWithFailed(text, k - 1);
}

/** `failed` (any case) ends at `end`, at a word's start. */
function endsWithFailed(text: string, end: number): boolean {
  const s = end - 6;
  if (s < 0 || (s > 0 && isLetter(text.charCodeAt(s - 1)))) return false;
  return text.slice(s, end).toLowerCase() === 'failed';
}

function isProtocolChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
