import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines: each chunk is decoded once as UTF-8 (invalid bytes become
 * U+FFFD, characters split across chunks are kept whole), `\n` ends a line and a trailing `\r` is
 * dropped. Lines longer than `maxLineLength` characters are cut there (counted in
 * {@link truncated}); a line is never held beyond that length.
 */
export class LineSplitter {
  /** Lines cut at `maxLineLength`. */
  truncated = 0;
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private carryCut = false;

  /** @param maxLineLength may be changed between chunks (the scanner lowers it once it knows an input is text) */
  constructor(
    public maxLineLength: number,
    private readonly onLine: (line: string) => void,
  ) {}

  /** Feed the next chunk; calls `onLine` for every line it completes. */
  push(chunk: Buffer): void {
    this.split(this.decoder.write(chunk));
  }

  /** End of input: the last line, if it had no `\n`. */
  end(): void {
    this.split(this.decoder.end());
    if (this.carry.length > 0 || this.carryCut) this.emit(this.carry);
    this.carry = '';
  }

  private split(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (this.carry.length > 0 || this.carryCut) {
        this.keep(text, start, nl);
        const line = this.carry;
        this.carry = '';
        this.emit(line);
      } else {
        this.emit(nl - start > this.maxLineLength ? this.cut(text, start) : text.slice(start, nl));
      }
      start = nl + 1;
    }
    if (start < text.length) this.keep(text, start, text.length);
  }

  private cut(text: string, start: number): string {
    this.carryCut = true;
    return text.slice(start, start + this.maxLineLength);
  }

  private keep(text: string, start: number, end: number): void {
    const room = this.maxLineLength - this.carry.length;
    if (end - start > room) {
      this.carryCut = true;
      if (room > 0) this.carry += text.slice(start, start + room);
    } else {
      this.carry += text.slice(start, end);
    }
  }

  private emit(line: string): void {
    if (this.carryCut) {
      this.carryCut = false;
      this.truncated++;
    } else if (line.charCodeAt(line.length - 1) === 13) {
      line = line.slice(0, -1);
    }
    this.onLine(line);
  }
}
