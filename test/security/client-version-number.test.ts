import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// A 4-part version number reads like an IPv4 address (`23.8.9.54`); after `version` or a `v` it is a
// program's version, not the client (auth10; ClickHouse's `(version 23.8.9.54 (official build))`). Lines
// written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('a version number is not the client', () => {
  it.each([
    'clickhouse-server[1]: 2026.12.01 10:00:00.000000 [ 1 ] {} <Error> DynamicQueryHandler: Code: 516. DB::Exception: bob: Authentication failed: password is incorrect, or there is no user with such name.. (AUTHENTICATION_FAILED) (version 23.8.9.54 (official build))',
    'app[1]: login failed for bob, version: 1.2.3.4',
    'app[1]: login failed for bob (agent v10.2.3.4)',
    'app[1]: login failed for bob [Version=5.6.7.8]',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    // the client beside a version keeps its key
    ['app[1]: login failed for bob 203.0.113.5 (client v1.2.3.4)', '203.0.113.5'],
    ['app[1]: login failed for bob via 203.0.113.7 version 1.2.3.4', '203.0.113.7'],
    // a user name `version` or `v` right before the address does not hide it
    ['app[1]: login failed for version 203.0.113.6', '203.0.113.6'],
    ['app[1]: login failed for user v 203.0.113.8', '203.0.113.8'],
    ['app[1]: login failed for bob version 203.0.113.9', '203.0.113.9'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});
