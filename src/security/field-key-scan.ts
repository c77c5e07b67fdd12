/** Positions of a record's key order whose key and class are remembered. */
const MEMO_KEYS = 16;
/** Longest key remembered (a longer one is classified each time). */
const MEMO_KEY_LENGTH = 128;
/** Fields told apart by {@link FieldKeyScan.fields}; with more, a record with any field key reads them all. */
const MASK_FIELDS = 30;
/** Every field may be present (more than {@link MASK_FIELDS} fields, or attributes that are not a plain object). */
export const ALL_FIELDS = -1;

/**
 * One pass over a record's keys for the injection detector: which fields the record can hold (a field
 * `a.b.c` can be under the flat key `a.b.c` or the nested object under `a`), and its keys under a
 * wildcard prefix (`http.request.header.`), collected in the record's order (at most `maxFound + 1`).
 *
 * A key's class depends on its text alone, so the key seen last at each of the first
 * {@link MEMO_KEYS} positions of a record's key order is remembered with its class: records built
 * the same way (an access line's attributes, an application's log call) repeat their keys, which are
 * then compared (the same string: one pointer comparison) instead of looked up and tested against
 * every prefix. Bounded: {@link MEMO_KEYS} keys of at most {@link MEMO_KEY_LENGTH} characters.
 */
export class FieldKeyScan {
  /**
   * After {@link scan}: bit i set when field i (of the `names` given) can be in the record, as for-in lists
   * its keys; {@link ALL_FIELDS} when every field is to be read.
   */
  fields = 0;
  /** Keys under a prefix found by the last {@link scan} (its first {@link found} entries; callers blank them after use). */
  readonly prefixed: string[] = [];
  /** How many keys of the last record {@link prefixed} holds. */
  found = 0;
  /** The fields each key can hold: a field's name, or a first segment shared by fields (`url` of `url.path`, `url.query`). */
  private readonly maskOf = new Map<string, number>();
  private readonly memoKeys: string[] = new Array<string>(MEMO_KEYS).fill('');
  /** Per remembered position: the key's fields mask, and whether it is under a prefix. */
  private readonly memoMask = new Int32Array(MEMO_KEYS);
  private readonly memoPrefixed = new Uint8Array(MEMO_KEYS);

  /**
   * @param names the fields read (exact names, then the parents of the wildcard fields)
   * @param prefixes the wildcard prefixes (`http.request.header.`)
   * @param maxFound keys under a prefix collected beyond the first (the detector reads at most this many)
   */
  constructor(
    names: readonly string[],
    private readonly prefixes: readonly string[],
    private readonly maxFound: number,
  ) {
    const many = names.length > MASK_FIELDS;
    names.forEach((name, i) => {
      const bit = many ? ALL_FIELDS : 1 << i;
      const dot = name.indexOf('.');
      for (const key of dot > 0 ? [name, name.slice(0, dot)] : [name]) this.maskOf.set(key, (this.maskOf.get(key) ?? 0) | bit);
    });
  }

  /** Whether field i can be in the record of the last {@link scan}. */
  has(i: number): boolean {
    const m = this.fields;
    return m === ALL_FIELDS || (i < MASK_FIELDS && (m & (1 << i)) !== 0);
  }

  /**
   * True when a key of `attrs` can hold a field or is under a prefix, or when `attrs` is not a plain object
   * (a field can then be a getter on its prototype, which for-in does not list: every field is then read).
   */
  scan(attrs: Readonly<Record<string, unknown>>): boolean {
    const memoKeys = this.memoKeys;
    const found = this.prefixed;
    let n = 0;
    let mask = 0;
    let k = 0;
    for (const key in attrs) {
      let m: number;
      let p: number;
      if (k < MEMO_KEYS && memoKeys[k] === key) {
        m = this.memoMask[k];
        p = this.memoPrefixed[k];
      } else {
        m = this.maskOf.get(key) ?? 0;
        p = this.underPrefix(key) ? 1 : 0;
        if (k < MEMO_KEYS && key.length <= MEMO_KEY_LENGTH) {
          memoKeys[k] = key;
          this.memoMask[k] = m;
          this.memoPrefixed[k] = p;
        }
      }
      k++;
      mask |= m;
      if (p !== 0 && n <= this.maxFound) found[n++] = key;
    }
    this.found = n;
    if (!isPlainObject(attrs)) {
      this.fields = ALL_FIELDS;
      return true;
    }
    this.fields = mask;
    return mask !== 0 || n > 0;
  }

  private underPrefix(key: string): boolean {
    const prefixes = this.prefixes;
    for (let i = 0; i < prefixes.length; i++) if (key.length > prefixes[i].length && key.startsWith(prefixes[i])) return true;
    return false;
  }
}

/** An object literal, a parsed JSON object or an object without prototype (its fields are all own keys that for-in lists). */
function isPlainObject(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}
