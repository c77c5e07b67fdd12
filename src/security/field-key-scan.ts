/** Positions of a record's key order whose key and class are remembered. */
const MEMO_KEYS = 16;
/** Longest key remembered (a longer one is classified each time). */
const MEMO_KEY_LENGTH = 128;

/** A key under which a field can be (a field's name or its first segment). */
const FIELD = 1;
/** A key under a wildcard prefix (`http.request.header.x`). */
const PREFIXED = 2;

/**
 * One pass over a record's keys for the injection detector: whether a key is one under which a field
 * can be (`keys`: the fields' names and their first segments) or lies under a wildcard prefix
 * (`http.request.header.`), the keys under a prefix collected in the record's order (at most
 * `maxFound + 1`).
 *
 * A key's class depends on its text alone, so the key seen last at each of the first
 * {@link MEMO_KEYS} positions of a record's key order is remembered with its class: records built
 * the same way (an access line's attributes, an application's log call) repeat their keys, which are
 * then compared (the same string: one pointer comparison) instead of looked up in the set and tested
 * against every prefix. Bounded: {@link MEMO_KEYS} keys of at most {@link MEMO_KEY_LENGTH} characters.
 */
export class FieldKeyScan {
  /** Keys under a prefix found by the last {@link scan} (its first {@link found} entries; callers blank them after use). */
  readonly prefixed: string[] = [];
  /** How many keys of the last record {@link prefixed} holds (not updated when there are no prefixes and a field key is found). */
  found = 0;
  private readonly memoKeys: string[] = new Array<string>(MEMO_KEYS).fill('');
  private readonly memoClass = new Uint8Array(MEMO_KEYS);

  constructor(
    private readonly keys: ReadonlySet<string>,
    private readonly prefixes: readonly string[],
    private readonly maxFound: number,
  ) {}

  /**
   * True when a key of `attrs` is in `keys` or under a prefix, or when `attrs` is not a plain object
   * (a field can then be a getter on its prototype, which for-in does not list).
   */
  scan(attrs: Readonly<Record<string, unknown>>): boolean {
    const noPrefixes = this.prefixes.length === 0;
    const memoKeys = this.memoKeys;
    const memoClass = this.memoClass;
    const found = this.prefixed;
    let n = 0;
    let any = false;
    let k = 0;
    for (const key in attrs) {
      let c: number;
      if (k < MEMO_KEYS && memoKeys[k] === key) {
        c = memoClass[k];
      } else {
        c = this.classOf(key);
        if (k < MEMO_KEYS && key.length <= MEMO_KEY_LENGTH) {
          memoKeys[k] = key;
          memoClass[k] = c;
        }
      }
      k++;
      if ((c & FIELD) !== 0) {
        if (noPrefixes) return true;
        any = true;
      }
      if ((c & PREFIXED) !== 0 && n <= this.maxFound) found[n++] = key;
    }
    this.found = n;
    return any || n > 0 || !isPlainObject(attrs);
  }

  private classOf(key: string): number {
    let c = this.keys.has(key) ? FIELD : 0;
    const prefixes = this.prefixes;
    for (let i = 0; i < prefixes.length; i++) {
      if (key.length > prefixes[i].length && key.startsWith(prefixes[i])) {
        c |= PREFIXED;
        break;
      }
    }
    return c;
  }
}

/** An object literal, a parsed JSON object or an object without prototype (its fields are all own keys that for-in lists). */
function isPlainObject(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
}
