// The record of key `i` of the per-key benches (bench/keys-scaling.js, bench/keys-paired.js), built as
// an application builds it, at emit: a failed login for bruteForce, a 404 probe for the scanner, a
// 200 request for spike's groupBy (`client.address`).

/** The record kind of a bench row: 1 bruteForce, 2 scanner, 0 spike. */
export const keyRecordKind = (row) => (row === 'bruteForce' ? 1 : row === 'scanner' ? 2 : 0);

/** The record of key `i` of kind `kind` (see {@link keyRecordKind}) at `time`, epoch ms. */
export function keyRecord(kind, i, time) {
  const client = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
  const attributes =
    kind === 1
      ? { 'client.address': client, 'event.outcome': 'failure', 'event.action': 'login' }
      : kind === 2
        ? { 'client.address': client, 'http.response.status_code': 404, 'url.path': `/probe/${i % 9}` }
        : { 'client.address': client, 'http.response.status_code': 200 };
  const message = kind === 1 ? `login for user u${i % 97} from ${client} rejected` : `GET /probe/${i % 9} ${kind === 2 ? 404 : 200} from ${client}`;
  return { time, severityNumber: 9, severityText: 'INFO', message, attributes, eventName: '' };
}
