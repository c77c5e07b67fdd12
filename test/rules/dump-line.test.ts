import { describe, expect, it } from 'vitest';
import { isDumpLine } from '../../src/rules/dump-line.js';
import { Rule } from '../../src/rules/rule.js';
import { ev, one } from './helpers.js';

describe('isDumpLine', () => {
  it('recognises the lines of a register or state dump', () => {
    for (const line of [
      'instruction address: 0x00004ed8',
      'Machine State Register: 0x0002f900',
      'machine check: i-fetch......................0',
      'size of scratchpad portion of L3.........0 (0M)',
      'problem state (0=sup,1=usr).......0',
      'special purpose registers:',
      'r24=0x0ffea4c8 r25=0x00000003 r26=0x00000000 r27=0x00000000',
      'fpr29=0xffffffff ffffffff ffffffff ffffffff',
      'lr:00004ed8 cr:22000024 xer:20000002 ctr:00000000',
      'RIP: 0x00007f3a1c2b4e10',
      '  RSP: ffffb1c3c0a3bd68  ',
      'Machine State Register: 0x0002f900\r',
      // a field's name, not a statement: a leader-dot table row, a register's value
      'program interrupt: imprecise exception......0',
      'byte ordering exception.....................0',
      'exception syndrome register: 0x00800000',
      'Error Status Register: 0x00000004',
    ])
      expect(isDumpLine(line), line).toBe(true);
  });

  it('never takes a report for a dump line', () => {
    for (const line of [
      'data TLB error interrupt',
      'Error code: 0x80004005',
      'error register dump failed: 0x1',
      'register: 0x1 failed',
      'Checking for errors... failed',
      'rts: kernel terminated for reason 1004',
      'Lustre mount FAILED : bglio11 : point /p/gb1',
      'ciod: Error loading /home/a/b: invalid or missing program image',
      'ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569',
      'mod_jk child init 1 -2',
      'connection reset: 12',
      'errno=5 fd=3',
      'replication: lost connection to replica store-2 while shipping segment 48227: connection reset by peer',
      'disk usage: 97%',
      'x',
      'status: degraded',
      `${'a'.repeat(200)}: 0x1`,
    ])
      expect(isDumpLine(line), line).toBe(false);
  });
});

describe('isDumpLine: the last character', () => {
  // a dump line ends with a value's digit or hex digit, a heading's `:` or a note's `)`; any other
  // last character is no dump line, read at once (the shapes themselves are not scanned)
  it('keeps every ending a dump line can have', () => {
    for (const line of ['lr:00004ed8 ctr:0000000A', 'lr:00004ed8 ctr:0000000a', 'r2=0x0 r3=0xDEADBEEF', 'r2=0x0 r3=0xdeadbeef  ', 'count: 7', 'registers:', 'size of L3......0 (0M)', 'r1=1 r2=-3'])
      expect(isDumpLine(line), line).toBe(true);
  });
  it('rejects a dump shape followed by any other character', () => {
    for (const end of ['g', 'G', 'z', '.', ',', ';', '!', ']', '"', "'", '%', '/', '-', '_', '=', '\u00e9'])
      for (const line of ['instruction address: 0x00004ed8', 'r24=0x0ffea4c8 r25=0x00000003', 'machine check: i-fetch......0']) expect(isDumpLine(line + end), line + end).toBe(false);
  });
});

describe('Rule.level and dump lines', () => {
  const fatal = (message: string) => ev(message, { severityNumber: 21, severityText: 'FATAL' });
  it('does not match the lines of a dump by default, matches them with dumpLines', () => {
    const r = Rule.level('ERROR', { group: false });
    expect(one(r, fatal('instruction address: 0x00004ed8'))).toHaveLength(0);
    expect(one(r, fatal('data storage interrupt'))).toHaveLength(1);
    const all = Rule.level('ERROR', { group: false, dumpLines: true });
    expect(one(all, fatal('instruction address: 0x00004ed8'))).toHaveLength(1);
  });
  it('rejects a dumpLines that is not a boolean, naming it', () => {
    expect(() => Rule.level('ERROR', { dumpLines: 'yes' as unknown as boolean })).toThrow(/level\.dumpLines/);
  });
});
