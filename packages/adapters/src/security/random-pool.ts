import { randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from the CSPRNG in 64 KiB blocks. One call per nonce costs microseconds (a call into OpenSSL
 * and an allocation each); an import seals several values per row. Every byte is handed out once and copied, so a
 * refill never changes a nonce or key already given.
 */
export class RandomPool {
  private readonly block = Buffer.allocUnsafeSlow(64 * 1024);
  private offset = this.block.length;

  take(length: number): Buffer {
    if (length > this.block.length) throw new RangeError('request larger than the pool block');
    if (this.offset + length > this.block.length) {
      randomFillSync(this.block);
      this.offset = 0;
    }
    const out = Buffer.allocUnsafe(length);
    this.block.copy(out, 0, this.offset, this.offset + length);
    // Zero what was handed out, so the pool never holds a copy of a key it gave away.
    this.block.fill(0, this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}

/** The process's pool: nonces and fresh subject keys. */
export const randomPool = new RandomPool();
