/**
 * A server's refusal of a login it names by its protocol, then the client (auth11): `Failed SMTP login from
 * 192.0.2.1 with SASL method PLAIN`, `failed IMAP login from …`, `Failed POP3 authentication from …`, and a
 * connection refused for its password: `Rejected connection from 192.0.2.1:5123: Wrong certificate or
 * password`, `rejected connection from [2001:db8::1]:5123: Invalid server password`. No regex; reads at most
 * 80 characters after the phrase.
 */

/**
 * Phrases (case-insensitive, 12 characters or more). Part of the generic checked phrases. The protocols are named
 * (the mail, directory, chat and file-transfer protocols whose servers log logins so) rather than read as any word:
 * a phrase ` login from ` would end the phrase scan's window on `om `, which most lines hold (`from `), and cost
 * the scan of every record a tenth more; each of these ends on a triple few lines hold.
 */
export const PROTOCOL_LOGIN_PHRASES: readonly string[] = [
  'rejected connection from ',
  'failed smtp ',
  'failed imap ',
  'failed pop3 ',
  'failed sasl ',
  'failed ldap ',
  'failed xmpp ',
  'failed http ',
  'failed ftp l',
];

/**
 * Whether phrase `k` of {@link PROTOCOL_LOGIN_PHRASES} at `at` is a refused login: `failed <PROTOCOL> ` at a word's
 * start, then `login from ` / `authentication from ` (not `failed SMTP delivery`, not `Successful SMTP login from`);
 * `rejected connection from <client>: <reason>` whose reason (its first 60 characters) names a password or a
 * credential (not `Server is full`, `version mismatch`: no credential refused).
 */
export function protocolLoginAccepted(k: number, text: string, at: number): boolean {
  if (k > 0) {
    if (at > 0 && isLetter(text.charCodeAt(at - 1))) return false;
    const end = at + PROTOCOL_LOGIN_PHRASES[k].length;
    if (k === PROTOCOL_LOGIN_PHRASES.length - 1) return startsWithLower(text, end, 'ogin from ');
    return startsWithLower(text, end, 'login from ') || startsWithLower(text, end, 'authentication from ');
  }
  const colon = text.indexOf(': ', at + 25);
  if (colon < 0 || colon > at + 25 + 48) return false;
  const reason = text.slice(colon + 2, colon + 62).toLowerCase();
  return reason.indexOf('password') >= 0 || reason.indexOf('credential') >= 0;
}

/** `word` (lower case ASCII) at `i` in `text`, ignoring ASCII case. */
function startsWithLower(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(i + k);
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
