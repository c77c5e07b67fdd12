/**
 * The fixed split of the injection payloads "beyond the corpora" into tuned and held-out rows,
 * decided before any tuning: a payload is held out when the 32-bit FNV-1a hash of its text is
 * divisible by 3 (about a third). Tests use only the tuned rows; `npm run bench:security` reports
 * both, side by side (`bench/security.js` computes the same hash).
 */
export function isHeldOut(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 3 === 0;
}
