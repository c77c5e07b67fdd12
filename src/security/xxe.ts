import type { PlainValue } from './plain-text.js';
import { SCORE, type Analyser, type HitList } from './rule-hit.js';

/**
 * XML external entity analyser (category `xxe`): a document type declaration with an internal
 * subset (`<!DOCTYPE x [`), an entity declaration (`<!ENTITY`, with `SYSTEM` / `PUBLIC` or a
 * parameter entity `%`), XInclude (`xi:include`, the XInclude namespace) and XSLT documents that
 * read files (`document(`, `unparsed-text(`). User input has no reason to carry a DTD, so each is
 * critical. Linear: a handful of substring scans.
 */
export class XxeAnalyser implements Analyser {
  readonly category = 'xxe' as const;
  readonly matchesPlain = false;

  /** Every rule needs `<` or `:`: nothing is plain. */
  mayMatchPlain(_plain: PlainValue): boolean {
    return false;
  }

  analyse(text: string, _paranoia: number, hits: HitList): void {
    const n = text.length;
    // every rule needs a tag: one scan rules most values out
    const lt = text.indexOf('<');
    if (lt < 0) return;
    const entity = text.indexOf('<!entity', lt);
    if (entity >= 0) {
      hits.add('xxe-entity', 'xxe', SCORE.critical, entity, Math.min(n, entity + 80));
      return;
    }
    const doctype = text.indexOf('<!doctype', lt);
    if (doctype >= 0) {
      // an internal subset `[` or an external id before the declaration closes
      for (let k = doctype + 9; k < n && k < doctype + 200; k++) {
        const c = text.charCodeAt(k);
        if (c === 62 /* > */) break;
        if (c === 91 /* [ */ || text.startsWith('system', k) || text.startsWith('public', k)) {
          hits.add('xxe-doctype', 'xxe', SCORE.critical, doctype, Math.min(n, doctype + 80));
          return;
        }
      }
    }
    const xi = text.indexOf('xi:include');
    const ns = xi < 0 ? text.indexOf('www.w3.org/2001/xinclude') : xi;
    if (ns >= 0) {
      hits.add('xxe-xinclude', 'xxe', SCORE.critical, ns, Math.min(n, ns + 80));
      return;
    }
    const xsl = text.indexOf('<xsl:');
    if (xsl >= 0) {
      const read = Math.max(text.indexOf('document(', xsl), text.indexOf('unparsed-text', xsl), text.indexOf('php:function', xsl));
      hits.add('xxe-xslt', 'xxe', read >= 0 ? SCORE.critical : SCORE.error, xsl, Math.min(n, xsl + 80));
    }
  }
}
