/**
 * A client's certificate refused in a TLS handshake (mutual TLS): the client failed to authenticate,
 * as a refused password is (OpenSSL's `peer did not return a certificate` and `certificate verify
 * failed` on an accepted connection, Go's `client didn't provide a certificate` and `failed to verify
 * client certificate`, nginx's `client SSL certificate verify error`). Not a refusal: a protocol
 * mismatch (`wrong version number`, `http request`: no credential was offered), the peer refusing
 * ours (`remote error: tls: bad certificate`, `SSL_connect`, `our client certificate rejected by …`,
 * `server … did not present a certificate`: our side is the client), our own certificate issuance
 * (`did not obtain a certificate`). Linear, bounded
 * look-arounds, no regex.
 */

/**
 * Phrases (case-insensitive, 12 characters or more) of a refused client certificate, each checked
 * by {@link tlsRefusalAccepted}. Part of the generic checked phrases (generic-auth-failure.ts).
 */
export const TLS_REFUSAL_PHRASES: readonly string[] = ['a certificate', 'certificate verify', 'client certificate'];

/** Whether TLS phrase `k` of {@link TLS_REFUSAL_PHRASES} at `at` is a client's certificate refused. Reads at most 120 characters before it and 60 after. */
export function tlsRefusalAccepted(k: number, text: string, at: number): boolean {
  if (k === 0) {
    // `peer did not return a certificate`, `client didn't provide a certificate`, `did not present a certificate`:
    // a peer's handshake offering none (not `did not obtain a certificate`, our own issuance), the peer not a server we connected to
    const w = folded(text, at - 48, at);
    return offeredNone(w) && w.indexOf('server') < 0 && w.indexOf('upstream') < 0;
  }
  if (k === 1) {
    // `certificate verify failed` / `error` on a connection we accepted from a client
    const after = folded(text, at + 18, at + 26);
    return (after.startsWith(' failed') || after.startsWith(' error')) && incoming(text, at);
  }
  // `failed to verify client certificate`, `bad client certificate`, `Empty client certificate chain`,
  // `client certificate rejected` / `… verification failed` / `… is invalid`
  // not ours refused by the peer (`our client certificate rejected by 192.0.2.1:8443`)
  const before = folded(text, at - 18, at);
  if (before.endsWith('our ') || before.endsWith('my ')) return false;
  if (before.endsWith('verify ') || before.endsWith('bad ') || before.endsWith('invalid ') || before.endsWith('empty ') || before.endsWith('untrusted ')) return true;
  const after = folded(text, at + 18, at + 60);
  return (after.startsWith(' rejected') && !after.startsWith(' rejected by')) || after.startsWith(' verification failed') || after.startsWith(' is invalid') || after.startsWith(' invalid');
}

/** A peer offering no certificate in a handshake: `did not ` / `didn't ` and a verb of offering, before `a certificate`. */
const NONE_OFFERED: readonly string[] = ['return ', 'provide ', 'present ', 'send '].flatMap((verb) => [`did not ${verb}`, `didn't ${verb}`]);

/** `w` (folded, the text before `a certificate`) ends with one of {@link NONE_OFFERED}. */
function offeredNone(w: string): boolean {
  for (const words of NONE_OFFERED) if (w.endsWith(words)) return true;
  return false;
}

/**
 * The handshake is a client's, one we accepted: the word `client` in the 120 characters before `at`
 * (`Error accepting a client connection: …`, `Client connection from 192.0.2.1 failed: …`, `client
 * SSL certificate verify error`), and not our own connect (`SSL_connect`, `connecting to`). A peer
 * not named a client (a monitoring agent's `failed to accept an incoming connection: from
 * 192.0.2.1: TLS handshake returned error code 1: certificate verify failed`, a cluster member) is
 * left out: the side whose certificate failed is not said.
 */
function incoming(text: string, at: number): boolean {
  const w = folded(text, at - 120, at);
  return w.indexOf('client') >= 0 && w.indexOf('ssl_connect') < 0 && w.indexOf('connecting to') < 0;
}

/** `text[from, to)` in lower case, clamped (only on a phrase's match, never per record). */
function folded(text: string, from: number, to: number): string {
  return text.slice(from < 0 ? 0 : from, to).toLowerCase();
}
