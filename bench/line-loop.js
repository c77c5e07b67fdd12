// The floor of `npm run bench:scan` in Node: read a file as a stream and split it into lines with
// `indexOf('\n')` and `slice` (the UTF-8 decoding included), doing nothing with them. Prints the
// line count. Run as a child process by bench/scan-throughput.js, like the CLI (start-up included).
//
//   node bench/line-loop.js <file>
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const decoder = new StringDecoder('utf8');
let carry = '';
let lines = 0;
let chars = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 16 })) {
  const text = carry + decoder.write(chunk);
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    chars += text.slice(start, nl).length;
    lines++;
    start = nl + 1;
  }
  carry = text.slice(start);
}
if (carry.length > 0) lines++;
process.stdout.write(`${lines} ${chars}\n`);
