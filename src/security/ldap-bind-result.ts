/**
 * An LDAP server's access-log line for a refused simple bind: a bind response (`tag=97`, the
 * protocol's BindResponse, or the operation word `BIND`) whose result code is 49 (invalidCredentials)
 * as a field `err=49` or `result=49`: OpenLDAP slapd `RESULT tag=97 err=49`, 389 Directory Server
 * `RESULT err=49 tag=97`, OpenDJ / ForgeRock DS `BIND RES ... result=49`. Such a line names the
 * connection (`conn=N`), never the client: it counts only through the session join (session-join.ts),
 * which knows the connection's address. Reads the words of `text` from `from` to `end` (the caller's
 * bounded region before any quote); linear, no regex.
 */
export function ldapBindRefused(text: string, from: number, end: number): boolean {
  let result = false;
  let bind = false;
  let i = from;
  while (i < end) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < end && text.charCodeAt(i) !== 32) i++;
    const len = i - start;
    if (len === 6 && text.startsWith('err=49', start)) result = true;
    else if (len === 9 && text.startsWith('result=49', start)) result = true;
    else if (len === 6 && text.startsWith('tag=97', start)) bind = true;
    else if (len === 4 && text.startsWith('BIND', start)) bind = true;
    if (result && bind) return true;
  }
  return false;
}
