import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { phraseNotAFailure, userBeforeNotFound } from '../../src/security/auth-failure.js';
import { ev } from './helpers.js';
import { countWork } from './work-counter.js';

/** A message whose failure phrases are all exempt (inside a logged command or a quoted request), then `pad` plain characters. */
const exempt = (lead: string, pad: number): string => `${lead}${'Failed password '.repeat(130)}${'a'.repeat(pad)}`;

describe('the not-a-failure checks read a bounded window, whatever follows the phrase', () => {
  it.each(['COMMAND=/bin/x ', '"GET /x '])('work per exempt phrase does not grow with the message past the scanned prefix (%s)', (lead) => {
    const d = new BruteForceDetector({});
    const out: Signal[] = [];
    const work = (pad: number): number => countWork(() => d.observe(ev({}, exempt(lead, pad), 0), out));
    const small = work(4096);
    const large = work(1 << 18);
    // a few linear passes over the record are fine; a pass per exempt phrase (130 of them) is not
    expect((large - small) / ((1 << 18) - 4096), `${small} -> ${large}`).toBeLessThanOrEqual(16);
    expect(out).toHaveLength(0);
  });

  it('keeps its answers: a counter reset and a remote server near the phrase, a dropped connection', () => {
    const reset = 'pam_faillock(sshd:auth): Consecutive login failures for user bob reset by root';
    expect(phraseNotAFailure(reset, reset.indexOf('login failures'))).toBe(true);
    const far = `Consecutive login failures for user bob ${'x'.repeat(120)} reset by root`;
    expect(phraseNotAFailure(far, far.indexOf('login failures'))).toBe(false);
    const drop = 'sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2: Connection reset by peer';
    expect(phraseNotAFailure(drop, drop.indexOf('Failed password'))).toBe(false);
    const smtp = 'postfix/smtp[1]: SASL authentication failed; server mx.example.com[192.0.2.9] said: 535';
    expect(phraseNotAFailure(smtp, smtp.indexOf('authentication failed'))).toBe(true);
    const before = `server mx.example.com[192.0.2.9] ${'x'.repeat(200)} authentication failed`;
    expect(phraseNotAFailure(before, before.indexOf('authentication failed'))).toBe(false);
  });
});

describe('a counter reset is the line ending in `reset by <name>`, not a user name holding the words', () => {
  it.each(['sshd[1]: Failed password for invalid user reset by root from 192.0.2.7 port 22 ssh2', 'sshd[1]: Invalid user x reset by admin from 192.0.2.7 port 22'])('still a failure: %s', (line) => {
    const d = new BruteForceDetector({});
    const out: Signal[] = [];
    for (let i = 0; i < 6; i++) d.observe(ev({}, line, i * 1000), out);
    expect(out).toHaveLength(1);
  });

  it('a pam_faillock reset still is not one', () => {
    const d = new BruteForceDetector({});
    const out: Signal[] = [];
    for (let i = 0; i < 6; i++) d.observe(ev({}, 'pam_faillock(sshd:auth): Consecutive login failures for user bob reset by root\n', i * 1000), out);
    expect(out).toHaveLength(0);
  });
});

describe('`user ... not found: ` reads back over its 80 characters only', () => {
  it('work per occurrence does not grow with the text before it', () => {
    const d = new BruteForceDetector({});
    const out: Signal[] = [];
    const work = (pad: number): number => countWork(() => d.observe(ev({}, `${' not found: '.repeat(160)}${'a'.repeat(pad)}`, 0), out));
    const small = work(4096);
    const large = work(1 << 18);
    expect((large - small) / ((1 << 18) - 4096), `${small} -> ${large}`).toBeLessThanOrEqual(16);
    expect(userBeforeNotFound('user bob not found: /x', 8)).toBe(true);
    expect(userBeforeNotFound(`user bob ${'x'.repeat(80)} not found: /x`, 90)).toBe(false);
    expect(userBeforeNotFound(`user bob ${'x'.repeat(66)} not found: /x`, 75)).toBe(true);
  });
});
