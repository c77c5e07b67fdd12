/**
 * A Kerberos KDC refusing a client's request, by the status name it logs after the client's address
 * (`AS_REQ (2 etypes {18 17}) 192.0.2.1: CLIENT_NOT_FOUND: bob@EXAMPLE.ORG for krbtgt/…`, `…:
 * LOCKED_OUT: …`; `PREAUTH_FAILED` is read by the phrase `authentication failed`). `NEEDED_PREAUTH`
 * (the first round of every login) and `UNKNOWN_SERVER` (a service ticket for a name that does not
 * exist: no credential refused) are not refusals. No regex; reads 2 characters around the name.
 */

/** Status names (case-insensitive; `: ` before the shorter one keeps every phrase 12 characters or more). Part of the generic checked phrases. */
export const KDC_REFUSAL_PHRASES: readonly string[] = ['client_not_found', ': locked_out'];

/** Whether KDC phrase `k` of {@link KDC_REFUSAL_PHRASES} at `at` is a status field: `: NAME:` (a name, not prose quoting it). */
export function kdcRefusalAccepted(k: number, text: string, at: number): boolean {
  const end = at + KDC_REFUSAL_PHRASES[k].length;
  if (text.charCodeAt(end) !== 58) return false;
  return k === 1 || (at >= 2 && text.charCodeAt(at - 1) === 32 && text.charCodeAt(at - 2) === 58);
}
