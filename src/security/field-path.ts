const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** Reads a fixed list of fields of one record at a time (see {@link FieldSet}). */
export interface FieldReader {
  readonly names: readonly string[];
  /** Read the fields of `attributes` from now on (the object is not kept beyond `release`). */
  bind(attributes: Readonly<Record<string, unknown>>): void;
  /** The value of field `i` in the bound attributes, undefined when absent. */
  get(i: number): unknown;
  /** Forget the bound attributes (the watcher reuses event objects: keep no reference to one). */
  release(): void;
}

/**
 * A fixed list of fields read from every record as the core `getField` reads one (the flat key
 * first, as OTel writes it, then the dotted path through nested objects, as JSON loggers write it),
 * with the names split once at construction and the first path segment (`url` of `url.path`,
 * `url.query`, ...) looked up once per record for all the fields that share it.
 */
export class FieldSet implements FieldReader {
  readonly names: readonly string[];
  private readonly paths: (readonly string[])[];
  /** Index into `roots` of each field's first segment, -1 for a name without a dot. */
  private readonly rootOf: Int32Array;
  private readonly roots: string[] = [];
  /** `attributes[root]` of the bound record, per root. */
  private readonly rootValues: unknown[] = [];
  private attributes: Readonly<Record<string, unknown>> = EMPTY;

  constructor(names: readonly string[]) {
    this.names = names.slice();
    this.paths = names.map((n) => n.split('.'));
    this.rootOf = new Int32Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const path = this.paths[i];
      if (path.length < 2) {
        this.rootOf[i] = -1;
        continue;
      }
      let k = this.roots.indexOf(path[0]);
      if (k < 0) {
        k = this.roots.length;
        this.roots.push(path[0]);
        this.rootValues.push(undefined);
      }
      this.rootOf[i] = k;
    }
  }

  bind(attributes: Readonly<Record<string, unknown>>): void {
    this.attributes = attributes;
    for (let k = 0; k < this.roots.length; k++) this.rootValues[k] = attributes[this.roots[k]];
  }

  get(i: number): unknown {
    const flat = this.attributes[this.names[i]];
    if (flat !== undefined) return flat;
    const k = this.rootOf[i];
    if (k < 0) return undefined;
    let cur = this.rootValues[k];
    const path = this.paths[i];
    for (let j = 1; j < path.length; j++) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[path[j]];
    }
    return cur;
  }

  release(): void {
    this.attributes = EMPTY;
    for (let k = 0; k < this.rootValues.length; k++) this.rootValues[k] = undefined;
  }
}

/**
 * The injection detector's default fields, read as {@link FieldSet} reads them but with literal
 * property names: each read site keeps its own inline cache, so records that share a shape (OTel
 * attributes built the same way every time) cost a few nanoseconds instead of a generic lookup per
 * name. `names` lists the fields in the order of `get`.
 */
export class DefaultInjectionFields implements FieldReader {
  static readonly NAMES: readonly string[] = [
    'url.path',
    'url.query',
    'url.full',
    'url.original',
    'user_agent.original',
    'req.url',
    'req.originalUrl',
    'meta.req.url',
    'meta.req.originalUrl',
    'http.request.body',
    'http.request.body.content',
    'req.body',
    'meta.req.body',
    'http.request.header',
    'req.headers',
    'meta.req.headers',
  ];
  readonly names = DefaultInjectionFields.NAMES;
  private attributes: Readonly<Record<string, unknown>> = EMPTY;
  private url: unknown;
  private userAgent: unknown;
  private http: unknown;
  private req: unknown;
  /** `meta.req` (express-winston), undefined when absent. */
  private metaReq: unknown;

  bind(attributes: Readonly<Record<string, unknown>>): void {
    this.attributes = attributes;
    this.url = attributes.url;
    this.userAgent = attributes.user_agent;
    this.http = attributes.http;
    this.req = attributes.req;
    const meta = attributes.meta;
    this.metaReq = isObject(meta) ? meta.req : undefined;
  }

  get(i: number): unknown {
    const a = this.attributes;
    switch (i) {
      case 0: {
        const v = a['url.path'];
        return v !== undefined || !isObject(this.url) ? v : this.url.path;
      }
      case 1: {
        const v = a['url.query'];
        return v !== undefined || !isObject(this.url) ? v : this.url.query;
      }
      case 2: {
        const v = a['url.full'];
        return v !== undefined || !isObject(this.url) ? v : this.url.full;
      }
      case 3: {
        const v = a['url.original'];
        return v !== undefined || !isObject(this.url) ? v : this.url.original;
      }
      case 4: {
        const v = a['user_agent.original'];
        return v !== undefined || !isObject(this.userAgent) ? v : this.userAgent.original;
      }
      case 5: {
        const v = a['req.url'];
        return v !== undefined || !isObject(this.req) ? v : this.req.url;
      }
      case 6: {
        const v = a['req.originalUrl'];
        return v !== undefined || !isObject(this.req) ? v : this.req.originalUrl;
      }
      case 7: {
        const v = a['meta.req.url'];
        return v !== undefined || !isObject(this.metaReq) ? v : this.metaReq.url;
      }
      case 8: {
        const v = a['meta.req.originalUrl'];
        return v !== undefined || !isObject(this.metaReq) ? v : this.metaReq.originalUrl;
      }
      case 9: {
        const v = a['http.request.body'];
        if (v !== undefined || !isObject(this.http)) return v;
        const request = this.http.request;
        return isObject(request) ? request.body : undefined;
      }
      case 10:
        // flat only: a nested `http.request.body.content` is read with its parent (field 9)
        return a['http.request.body.content'];
      case 11: {
        const v = a['req.body'];
        return v !== undefined || !isObject(this.req) ? v : this.req.body;
      }
      case 12: {
        const v = a['meta.req.body'];
        return v !== undefined || !isObject(this.metaReq) ? v : this.metaReq.body;
      }
      case 13: {
        const v = a['http.request.header'];
        if (v !== undefined || !isObject(this.http)) return v;
        const request = this.http.request;
        return isObject(request) ? request.header : undefined;
      }
      case 14: {
        const v = a['req.headers'];
        return v !== undefined || !isObject(this.req) ? v : this.req.headers;
      }
      case 15: {
        const v = a['meta.req.headers'];
        return v !== undefined || !isObject(this.metaReq) ? v : this.metaReq.headers;
      }
      default:
        return undefined;
    }
  }

  release(): void {
    this.attributes = EMPTY;
    this.url = this.userAgent = this.http = this.req = this.metaReq = undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}
