/**
 * An `ArrayBuffer` of `bytes` for the per-key state of `keys` keys, reserved up front: address space
 * whose memory the kernel commits page by page as it is first written, so a table sized for
 * `maxKeys` costs memory in proportion to the keys it has held, and is never copied as keys arrive.
 * Throws a `RangeError` naming `maxKeys` when the address space cannot be reserved (a `maxKeys` far
 * beyond what the machine could hold).
 */
export function reserve(bytes: number, keys: number): ArrayBuffer {
  try {
    return new ArrayBuffer(bytes);
  } catch {
    throw new RangeError(`maxKeys ${keys}: cannot reserve ${Math.ceil(bytes / 2 ** 20)} MiB of address space for the per-key state; lower maxKeys`);
  }
}
