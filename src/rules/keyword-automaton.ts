/**
 * Multi-keyword substring search in one pass over the text (Aho–Corasick compiled to a DFA).
 * Case folding, when asked, is ASCII plus `toLowerCase` of other characters at construction; the
 * text is folded per character, so no lower-cased copy of the message is made.
 */
export class KeywordAutomaton {
  private readonly alphabet = new Map<number, number>();
  private readonly ascii = new Int16Array(128).fill(-1);
  private readonly delta: Int32Array;
  /** For each state, the index of the longest keyword ending there, or -1. */
  private readonly output: Int32Array;
  private readonly width: number;

  constructor(readonly keywords: readonly string[], readonly ignoreCase: boolean) {
    // Build the trie.
    const children: Map<number, number>[] = [new Map()];
    const out: number[] = [-1];
    keywords.forEach((kw, index) => {
      let s = 0;
      for (let i = 0; i < kw.length; i++) {
        const c = this.fold(kw.charCodeAt(i));
        this.symbol(c);
        let next = children[s].get(c);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          out.push(-1);
          children[s].set(c, next);
        }
        s = next;
      }
      if (out[s] < 0) out[s] = index;
    });
    // Breadth-first: failure links, folded into a full transition table.
    const width = this.alphabet.size + 1; // column 0: characters in no keyword
    const n = children.length;
    const delta = new Int32Array(n * width);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (const [c, next] of children[0]) {
      delta[this.alphabet.get(c)!] = next;
      queue.push(next);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      if (out[s] < 0) out[s] = out[fail[s]];
      for (let col = 0; col < width; col++) delta[s * width + col] = delta[fail[s] * width + col];
      for (const [c, next] of children[s]) {
        const col = this.alphabet.get(c)!;
        fail[next] = delta[fail[s] * width + col];
        delta[s * width + col] = next;
        queue.push(next);
      }
    }
    this.delta = delta;
    this.output = Int32Array.from(out);
    this.width = width;
  }

  /**
   * Index (into `keywords`) of the first keyword found in `text[0..limit)`, or -1. With
   * `wholeWord`, a hit must not have a letter, digit or `_` right before or after it.
   */
  find(text: string, limit: number, wholeWord = false): number {
    const { delta, output, width, ascii, alphabet } = this;
    const end = text.length < limit ? text.length : limit;
    let s = 0;
    for (let i = 0; i < end; i++) {
      let c = text.charCodeAt(i);
      let col: number;
      if (c < 128) {
        if (this.ignoreCase && c >= 65 && c <= 90) c += 32;
        col = ascii[c];
        if (col < 0) col = 0;
      } else {
        col = alphabet.get(this.ignoreCase ? this.fold(c) : c) ?? 0;
      }
      s = delta[s * width + col];
      const hit = output[s];
      if (hit >= 0) {
        if (!wholeWord) return hit;
        const start = i + 1 - this.keywords[hit].length;
        if (!isWordChar(text.charCodeAt(start - 1)) && !isWordChar(text.charCodeAt(i + 1))) return hit;
      }
    }
    return -1;
  }

  private fold(c: number): number {
    if (!this.ignoreCase) return c;
    if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
    const lower = String.fromCharCode(c).toLowerCase();
    return lower.length === 1 ? lower.charCodeAt(0) : c;
  }

  private symbol(c: number): void {
    if (this.alphabet.has(c)) return;
    const col = this.alphabet.size + 1;
    this.alphabet.set(c, col);
    if (c < 128) this.ascii[c] = col;
  }
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
