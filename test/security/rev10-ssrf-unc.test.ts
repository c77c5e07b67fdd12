import { describe, expect, it } from 'vitest';
import { InjectionDetector } from '../../src/security/injection-detector.js';

// rev10: review of the lead's UNC exemptions (c1eca83: a private name only when every label after the private one
// is private or reserved; b16f5ba: a share at a private network's address written plainly is a company share).
// Values written for these tests.
const d = new InjectionDetector();
const rules = (v: string) => d.score(v).rules.filter((r) => r.startsWith('ssrf'));

describe('rev10 S1: an administrative share ($) at a private address is no document share (b16f5ba made it quiet)', () => {
  it.each(['\\\\10.0.0.5\\C$', '\\\\10.0.0.5\\admin$', '\\\\10.0.0.5\\ipc$', '\\\\192.168.1.20\\c$\\users', '\\\\10.0.0.5\\c$\\windows\\win.ini'])('%s', (v) => {
    expect(rules(v)).toContain('ssrf-unc-path');
  });
});

describe("rev10 S2: shared, link-local and this-network ranges are no company's addressing plan (b16f5ba made them quiet)", () => {
  it.each(['\\\\100.100.100.100\\x', '\\\\100.64.0.1\\x', '\\\\169.254.1.1\\x', '\\\\0.1.2.3\\x'])('%s', (v) => {
    expect(rules(v)).toContain('ssrf-unc-path');
  });
});

describe('rev10 S3: the Win32 extended UNC form opens SMB to the host too (quiet before and after)', () => {
  it.each(['\\\\?\\UNC\\attacker.com\\share', '\\\\?\\unc\\203.0.113.5\\share'])('%s', (v) => {
    expect(rules(v)).toContain('ssrf-unc-path');
  });
});

describe("rev10 S4: Windows' literal name of a private IPv6 address is a company share like the address (still reported)", () => {
  it('\\\\fd00--1.ipv6-literal.net\\x', () => {
    expect(rules('\\\\fd00--1.ipv6-literal.net\\x')).toEqual([]);
  });
  it('the public one stays reported', () => {
    expect(rules('\\\\2001-db8--1.ipv6-literal.net\\x')).toContain('ssrf-unc-path');
  });
});
