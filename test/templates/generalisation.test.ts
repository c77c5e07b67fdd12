// Held-out cases (written for these tests, not taken from any corpus) for the error classes seen on
// logs the miner was never tuned on, and template text as people read it.
import { describe, expect, it } from 'vitest';
import { TemplateMiner } from '../../src/templates/index.js';

function ids(lines: string[], miner = new TemplateMiner()): string[] {
  return lines.map((l) => miner.add(l).id);
}

describe('templates that generalise', () => {
  it('a quoted request line keeps its method: GET, POST and DELETE are three templates', () => {
    const miner = new TemplateMiner();
    const got = ids(
      [
        '192.0.2.10 - - "GET /v2/carts/81 HTTP/1.1" 200 931',
        '192.0.2.11 - - "POST /v2/carts/82/items HTTP/1.1" 201 77',
        '192.0.2.12 - - "DELETE /v2/carts/83 HTTP/1.1" 204 0',
        '192.0.2.13 - - "GET /v2/users/4 HTTP/2.0" 200 12',
        '192.0.2.14 - - "POST /v2/login HTTP/1.1" 401 3',
      ],
      miner,
    );
    expect(got).toEqual(['T1', 'T2', 'T3', 'T1', 'T2']);
    expect(miner.get('T3')?.template).toBe('<*> - - "DELETE <*> HTTP/<*>" <*>');
    // A quoted value that is not a request line is still one parameter.
    expect(new TemplateMiner().add('label set to "blue steel" by admin').template).toBe('label set to "<*>" by admin');
  });

  it('one differing capitalised word tells two events apart; a varying lower-case word is a parameter', () => {
    const got = ids([
      '[instance: 5f0e] VM Started (Lifecycle Event)',
      '[instance: 5f0e] VM Paused (Lifecycle Event)',
      '[instance: 77aa] VM Resumed (Lifecycle Event)',
      '[instance: 77ab] VM Paused (Lifecycle Event)',
    ]);
    expect(got).toEqual(['T1', 'T2', 'T3', 'T2']);
    const miner = new TemplateMiner();
    expect(ids(['Login failed for user mallory from 198.51.100.7', 'Login failed for user trent from 198.51.100.8'], miner)).toEqual(['T1', 'T1']);
    expect(miner.get('T1')?.template).toBe('Login failed for user <*> from <*>');
    // The option turns it off.
    expect(ids(['Pump Started on line 4', 'Pump Stopped on line 5'], new TemplateMiner({ splitOnWord: false }))).toEqual(['T1', 'T1']);
  });

  it('hex values are one parameter, wherever they sit in a token', () => {
    const miner = new TemplateMiner();
    const got = ids(['driver returned 0xc0000700 for irp 0x7f', 'driver returned 0x1 for irp 0xdeadbeef', 'status NTSTATUS:0xc000000dL seen', 'status NTSTATUS:0x5L seen'], miner);
    expect(got).toEqual(['T1', 'T1', 'T2', 'T2']);
    expect(miner.get('T1')?.template).toBe('driver returned <*> for irp <*>');
    expect(miner.get('T2')?.template).toBe('status NTSTATUS:<*> seen');
    expect(miner.get('T2')?.template).not.toContain('xc');
  });

  it('a parameter in first position does not split a template', () => {
    const miner = new TemplateMiner();
    const got = ids(
      [
        'vault.exe - session to 203.0.113.4:443 closed after 12 s',
        'mailer.exe - session to 203.0.113.9:25 closed after 3 s',
        'backup-agent - session to 203.0.113.5:873 closed after 40 s',
        'vault.exe - session to 203.0.113.4:443 closed after 2 s',
      ],
      miner,
    );
    expect(new Set(got).size).toBe(1);
    expect(miner.get(got[0])?.template).toBe('<*> - session to <*>:<*> closed after <*> s');
    // Two plain words in first position are two events, as the parse tree has them.
    expect(new Set(ids(['opening channel to broker 7 now', 'closing channel to broker 8 now'])).size).toBe(2);
  });

  it('template text keeps punctuation and units', () => {
    const miner = new TemplateMiner();
    miner.add('throttled: rate=120, burst=40 over 5 seconds');
    const r = miner.add('throttled: rate=7, burst=3 over 12 seconds');
    expect(r.template).toBe('throttled: rate=<*>, burst=<*> over <*> seconds');
    expect(r.parameters).toEqual(['7', '3', '12 seconds']);
    expect(new TemplateMiner().add('queue depth (42 items) at slot [7]').template).toBe('queue depth (<*> items) at slot [<*>]');
    const names = new TemplateMiner();
    expect(names.add('link up on eth1 speed 1000').template).toBe('link up on eth1 speed <*>');
    expect(names.add('link up on eth3 speed 100').template).toBe('link up on <*> speed <*>');
  });

  it('template text survives a restart (forms saved beside the text)', () => {
    const miner = new TemplateMiner();
    for (const l of ['link up on eth1 speed 1000', 'job blk_-42 moved to rack r7', 'job blk_99 moved to rack r8', 'took 5 seconds, done']) miner.add(l);
    const again = new TemplateMiner();
    again.restore(JSON.parse(JSON.stringify(miner.toJSON())));
    expect(again.templates()).toEqual(miner.templates());
    for (const l of ['link up on eth1 speed 10', 'job blk_7 moved to rack r9', 'took 9 seconds, done']) {
      expect(again.add(l).id).toBe(miner.add(l).id);
    }
  });
});
