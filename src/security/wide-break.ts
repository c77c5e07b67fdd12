/**
 * Wide characters a Latin-1 header writer truncates to a line break: a character above U+00FF whose low
 * byte is CR or LF (`嘍` U+560D, `嘊` U+560A). Two in a row, or one between ASCII text and an ASCII letter
 * (`x嘊Set-Cookie:`), are read as a line break; one inside CJK text stays (`上` U+4E0A is one of the
 * commonest characters). Only the header-injection analyser reads text folded this way: to a shell or a
 * SQL parser the character is no line break (`Linux上ls -la显示什么` is a question, not two commands).
 */

/** A character above U+00FF whose low byte is CR or LF. */
export function isWideBreak(c: number): boolean {
  return c > 0xff && ((c & 0xff) === 10 || (c & 0xff) === 13);
}

/** `s` with each wide line break (see the file's comment) turned into `\n`, a pair into one; `s` itself when it has none. Linear. */
export function foldWideBreaks(s: string): string {
  let out = '';
  let from = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isWideBreak(c)) continue;
    const pair = isWideBreak(s.charCodeAt(i + 1));
    if (!pair && !((i === 0 || s.charCodeAt(i - 1) < 128) && isLetter(s.charCodeAt(i + 1)))) continue;
    out += `${s.slice(from, i)}\n`;
    if (pair) i++;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
