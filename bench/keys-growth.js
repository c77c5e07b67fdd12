// The slowest single insert while a KeyTable fills to 1M keys (issue #14: growth must be bounded per
// record, not a rehash of the whole index inside one logging call). Inserts 1M distinct keys built
// as the keys-scaling bench builds them; prints the slowest inserts at the table's doublings (key
// counts that are powers of two, where the index doubles) and overall. Wall-clock time per insert
// (hrtime): a latency, not a throughput; the overall worst includes garbage-collection pauses.
//
//   node bench/keys-growth.js [--keys 1048576]     (build first: npm run build)
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { keys: { type: 'string', default: String(1 << 20) } } });
const n = Number(values.keys);
const { KeyTable } = await import('../dist/core/key-table.js');
const table = new KeyTable(n, { ghost: false });
let worstAtDoubling = [0, 0];
let worst = [0, 0];
for (let i = 0; i < n; i++) {
  const key = `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
  const t0 = process.hrtime.bigint();
  if (table.nodeOf(key) < 0) table.insert(key);
  const ns = Number(process.hrtime.bigint() - t0);
  if (ns > worst[1]) worst = [i, ns];
  if ((i & (i - 1)) === 0 && ns > worstAtDoubling[1]) worstAtDoubling = [i, ns];
}
const ms = (ns) => (ns / 1e6).toFixed(2);
console.log(`${n.toLocaleString('en')} keys: slowest insert at a doubling ${ms(worstAtDoubling[1])} ms (key ${worstAtDoubling[0]}); slowest overall ${ms(worst[1])} ms (key ${worst[0]})`);
