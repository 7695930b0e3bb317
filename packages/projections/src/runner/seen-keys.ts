/**
 * Keys a catch-up wrote and then let go of from memory: exactly while they are few, then in a Bloom filter, so that a
 * city's rebuild (some 15,000,000 documents, each written once and let go) does not keep every key (~1 GB) in memory.
 * `mightHave` may answer yes for a key never added (one needless lookup in the store), never no for one that was.
 * Hand-written, not a package: forty lines on the hot path of every catch-up, where the packages that exist bring
 * half a dozen dependencies for features (serialisation, counting, scalable filters) this has no use for.
 */
export class SeenKeys {
  private exact: Set<string> | null = new Set();
  private bits: Int32Array | null = null;

  constructor(
    /** Keys kept exactly before switching to the filter (~80 B each). */
    private readonly exactLimit = 250_000,
    /** The filter's size in bits (2^28: 32 MiB; about one needless lookup in 2,000 at 15,000,000 keys). */
    private readonly filterBits = 2 ** 28,
  ) {}

  add(key: string): void {
    if (this.exact) {
      this.exact.add(key);
      if (this.exact.size <= this.exactLimit) return;
      this.bits = new Int32Array(this.filterBits / 32);
      for (const k of this.exact) this.set(k);
      this.exact = null;
      return;
    }
    this.set(key);
  }

  mightHave(key: string): boolean {
    if (this.exact) return this.exact.has(key);
    const [h1, h2] = hashes(key);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + i * h2) >>> 0 & (this.filterBits - 1);
      if ((this.bits![bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  private set(key: string): void {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < HASHES; i++) {
      const bit = (h1 + i * h2) >>> 0 & (this.filterBits - 1);
      this.bits![bit >>> 5]! |= 1 << (bit & 31);
    }
  }
}

const HASHES = 7;

/** Two independent 32-bit hashes of the key's UTF-16 units (FNV-1a and a multiplicative mix), for double hashing. */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [a >>> 0, (b | 1) >>> 0];
}
