import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../src/templates/index.js';
import { Masking } from '../../src/templates/masking.js';
import { TokenBuffer, Tokenizer } from '../../src/templates/tokenize.js';

// A negative numeric id after an identifier prefix (HDFS `blk_-4411589101766563890`) is masked as
// the positive one is: the minus sign after `_` belongs to the number, so both have one token hash
// (one route, one template), both read as written until the id varies, then as `<*>`.

const tokenizer = new Tokenizer(new Masking(undefined, 'masking'), '', 2048);
function tokens(text: string): { hashes: number[]; display: string[] } {
  const buf = new TokenBuffer(64);
  tokenizer.tokenize(text, buf);
  const hashes: number[] = [];
  const display: string[] = [];
  for (let i = 0; i < buf.count; i++) {
    hashes.push(buf.hashes[i]);
    display.push(buf.displayText(text, i));
  }
  return { hashes, display };
}

describe('a negative id after an identifier prefix masks as a positive one', () => {
  const ids = ['blk_-4411589101766563890', 'job_-12', 'task_-7_3', 'id_-42'];

  it.each(ids)('%s: the same token hash as without the sign', (id) => {
    const neg = tokens(`Received block ${id} src: /10.250.14.38:37362`);
    const pos = tokens(`Received block ${id.replace('-', '')} src: /10.250.14.38:37362`);
    expect(neg.hashes).toEqual(pos.hashes);
    expect(neg.display[2]).toBe(id);
  });

  it('HDFS lines with negative and positive block ids make one template, the id a parameter', () => {
    const miner = new TemplateMiner();
    const lines = Array.from({ length: 80 }, (_, i) => `PacketResponder ${i % 3} for block blk_${i % 2 === 0 ? '-' : ''}${4411589101766563890n + BigInt(i * 7919)} terminating`);
    const results = lines.map((l) => miner.add(l));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(miner.templates()).toHaveLength(1);
    expect(results[79].template).toBe('PacketResponder <*> for block <*> terminating');
    expect(results[78].parameters).toEqual(['0', `blk_-${4411589101766563890n + BigInt(78 * 7919)}`]);
    // the id first, after a long run of positive ids: the same route
    const first = new TemplateMiner();
    for (let i = 0; i < 60; i++) first.add(`blk_${1000 + i} deleted from dn${i % 4}`);
    expect(first.add('blk_-4411589101766563890 deleted from dn1').id).toBe(first.add('blk_77 deleted from dn2').id);
    expect(first.templates()).toHaveLength(1);
  });

  it('with digits: token, a negative and a positive id are both <*> at once', () => {
    const miner = new TemplateMiner({ masking: { digits: 'token' } });
    expect(miner.add('Verification succeeded for blk_-4980916519894289629').template).toBe('Verification succeeded for <*>');
    expect(miner.add('Verification succeeded for blk_4980916519894289629').id).toBe('T1');
  });
});
