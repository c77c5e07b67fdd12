import { KeyTable } from '../core/key-table.js';

/**
 * Per-client values (any JS value) in the policy of the security detectors (brute force, scanner,
 * which keep their typed state in a `KeyStateTable` with the same policy): the core {@link KeyTable},
 * a segmented LRU of at most `capacity` clients with O(1) operations, with the ghost set on.
 *
 * - New clients enter probation. A client the detector promotes (a second failure within the
 *   window: an active attacker) moves to the protected segment, which may fill 80% of the capacity.
 * - When the table is full, the least recently used probation client goes first, so a flood of
 *   distinct clients that fail once each only churns probation and cannot push out a client that is
 *   failing repeatedly: that would take more than 80% of `capacity` distinct clients that each fail
 *   twice within the window, between two attempts of the attacker.
 * - The ghost set remembers the hashes of the last `capacity` clients evicted from probation: a
 *   client that comes back after being pushed out is admitted straight into protected.
 */
export class ClientTable<V> extends KeyTable<V> {
  /** @param capacity maximum number of clients (>= 1). */
  constructor(capacity: number) {
    super(capacity);
  }
}
