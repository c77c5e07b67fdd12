import { describe, expect, it } from 'vitest';
import { TemplateMiner, type MaskingOptions } from '../../src/templates/index.js';

/** Template and parameters of one message on a fresh miner. */
function mask(message: string, masking?: MaskingOptions): { template: string; parameters: string[] } {
  const r = new TemplateMiner({ masking }).add(message);
  return { template: r.template, parameters: r.parameters };
}

describe('masking', () => {
  it.each([
    ['retry 3 of 5', 'retry <*> of <*>', ['3', '5']],
    ['took 0.25 s', 'took <*> s', ['0.25 s']],
    ['sent 1.2 KB (1234 bytes) ok', 'sent <*> KB (<*> bytes) ok', ['1.2 KB (1234 bytes)']],
    ['lifetime <1 sec', 'lifetime <*> sec', ['<1 sec']],
    ['ptr 0x7ffe12 freed', 'ptr <*> freed', ['0x7ffe12']],
    ['hash deadbeefcafe ok', 'hash <*> ok', ['deadbeefcafe']],
    ['request 123e4567-e89b-12d3-a456-426614174000 done', 'request <*> done', ['123e4567-e89b-12d3-a456-426614174000']],
    ['peer 10.0.0.1:5432 reset', 'peer <*>:<*> reset', ['10.0.0.1:5432']],
    ['addr fe80::1ff:fe23:4567:890a up', 'addr <*> up', ['fe80::1ff:fe23:4567:890a']],
    ['[2001:db8::1]:443 closed', '<*> closed', ['[2001:db8::1]:443']],
    ['mail to bob@example.com failed', 'mail to <*> failed', ['bob@example.com']],
    ['fetch https://example.com/a?b=1 ok', 'fetch <*> ok', ['https://example.com/a?b=1']],
    ['open /var/log/app.log failed', 'open <*> failed', ['/var/log/app.log']],
    ['open ./conf/app.yaml', 'open <*>', ['./conf/app.yaml']],
    ['resolve ns.example.com failed', 'resolve <*> failed', ['ns.example.com']],
    ['proxy proxy.cse.example.hk:5070 open', 'proxy <*>:<*> open', ['proxy.cse.example.hk:5070']],
    ['value "hello world" set', 'value "<*>" set', ['hello world']],
    ["key 'abc' set", "key '<*>' set", ['abc']],
    ['uid=0 euid=1000 user=root tty=', 'uid=<*> euid=<*> user=root tty=', ['0', '1000']],
    ['rhost=10.1.2.3 path=/tmp/x', 'rhost=<*> path=<*>', ['10.1.2.3', '/tmp/x']],
    ['at Fri Jun 17 07:07:00 2005 end', 'at <*> end', ['Fri Jun 17 07:07:00 2005']],
    // a token with digits reads as written until it varies (see 'template text' below)
    ['node dn228 is up', 'node dn228 is up', []],
    ['delete blk_-42 blk_7 blk_9 now', 'delete <*> now', ['blk_-42 blk_7 blk_9']],
    // punctuation around a parameter is kept
    ['CE sym 3, at 0x1234, mask 0x01', 'CE sym <*>, at <*>, mask <*>', ['3', '0x1234', '0x01']],
    ['(dcr 0x123) detected', '(dcr <*>) detected', ['0x123']],
    ['status (softheader=0x1b) ok', 'status (softheader=<*>) ok', ['0x1b']],
    ['lifetime <1 sec', 'lifetime <*> sec', ['<1 sec']],
    ['by LOGIN(uid=0)', 'by LOGIN(uid=<*>)', ['0']],
    ['host () unknown', 'host <*> unknown', ['()']],
    ['Checking disk space', 'Checking disk space', []],
  ])('%s', (message, template, parameters) => {
    expect(mask(message)).toEqual({ template, parameters });
  });

  it('plain words, class names and short paths stay', () => {
    expect(mask('org.apache.spark.SparkContext started').template).toBe('org.apache.spark.SparkContext started');
    expect(mask('GET /login done').template).toBe('GET /login done');
    expect(mask("Couldn't authenticate user").template).toBe("Couldn't authenticate user");
    expect(mask('May the force be').template).toBe('May the force be');
  });

  it('options switch rules off', () => {
    expect(mask('node dn228 up', { digits: 'token' }).template).toBe('node <*> up');
    expect(mask('node dn228 up', { digits: false }).template).toBe('node dn228 up');
    expect(mask('user=root', { keyValue: 'all' }).template).toBe('user=<*>');
    expect(mask('uid=0', { keyValue: false, digits: false, numbers: false }).template).toBe('uid=0');
    expect(mask('retry 3 4 5', { collapse: false }).template).toBe('retry <*> <*> <*>');
    expect(mask('took 5 ms', { units: false }).template).toBe('took <*> ms');
    expect(mask('at Fri Jun 17', { dates: false }).template).toBe('at Fri Jun <*>');
    expect(mask('say "hi there"', { quoted: false }).template).toBe('say "hi there"');
    expect(mask('open /var/log/x', { path: false }).template).toBe('open /var/log/x');
    expect(mask('resolve ns.example.com', { hostnames: false }).template).toBe('resolve ns.example.com');
  });

  it('user rules mask whole tokens (anchored)', () => {
    const masking = { rules: [{ pattern: /ORD-[A-Z]+/ }, { pattern: 'tenant_[a-z]+' }] };
    expect(mask('order ORD-ABC for tenant_acme', masking).template).toBe('order <*> for <*>');
    expect(mask('order xORD-ABC', masking).template).toBe('order xORD-ABC');
  });
});
