import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/** Protocols a JNDI lookup can reach out with. */
const JNDI_PROTOCOLS = ['ldap', 'ldaps', 'rmi', 'dns', 'iiop', 'corba', 'nds', 'nis', 'http', 'https'] as const;

/** Log4j lookups that read secrets or the environment (used to exfiltrate through a JNDI URL). */
const DATA_LOOKUPS = [
  '${env:',
  '${sys:',
  '${java:',
  '${ctx:',
  '${main:',
  '${web:',
  '${docker:',
  '${k8s:',
  '${spring:',
  '${bundle:',
  '${log4j:',
  '${jvmrunargs',
  '${hostname',
  '${base64:',
  '${sd:',
  '${marker:',
  '${map:',
  '${event:',
] as const;

/**
 * JNDI / Log4Shell analyser. Runs on text whose nested lookups were already unwrapped by the
 * normaliser (`${${lower:j}ndi:...}` reads `${jndi:...}`): flags `${jndi:` and a `jndi:` followed by
 * a protocol (`jndi:ldap:`, `jndi:rmi:`, ...), and, at a lower score, data lookups such as
 * `${env:AWS_SECRET_ACCESS_KEY}` that have no place in user input.
 */
export class JndiAnalyser implements Analyser {
  readonly category = 'jndi' as const;
  readonly matchesPlain = false;

  /** A lookup needs `jndi` followed by `:`, a data lookup `${`: neither is plain. */
  mayMatchPlain(_plain: PlainValue): boolean {
    return false;
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    let at = text.indexOf('jndi');
    while (at >= 0) {
      let j = at + 4;
      while (j < text.length && text.charCodeAt(j) === 32) j++;
      if (text.charCodeAt(j) === 58 /* : */) {
        const lookup = at >= 2 && text.charCodeAt(at - 1) === 123 && text.charCodeAt(at - 2) === 36;
        let proto = false;
        for (const p of JNDI_PROTOCOLS) {
          if (text.startsWith(p, j + 1) && text.charCodeAt(j + 1 + p.length) === 58) {
            proto = true;
            break;
          }
        }
        if (lookup || proto) {
          hits.add('jndi-lookup', 'jndi', SCORE.critical, Math.max(0, at - 2), Math.min(text.length, at + 60));
          return;
        }
      }
      at = text.indexOf('jndi', at + 4);
    }
    if (text.indexOf('${') < 0) return;
    for (const l of DATA_LOOKUPS) {
      const i = text.indexOf(l);
      if (i >= 0) {
        hits.add('jndi-data-lookup', 'jndi', SCORE.error, i, Math.min(text.length, i + 60));
        return;
      }
    }
  }
}
