/**
 * Subject keys in shared blocks: a key unwrapped by decrypt() is a buffer of its own, and a city's million of them,
 * each its own ArrayBuffer, made every garbage collection walk a million buffers while an engine held them.
 */
export class KeySlab {
  private block = Buffer.allocUnsafeSlow(0);
  private offset = 0;

  copyOf(key: Uint8Array): Uint8Array {
    if (this.offset + key.length > this.block.length) {
      this.block = Buffer.allocUnsafeSlow(64 * 1024);
      this.offset = 0;
    }
    const out = this.block.subarray(this.offset, this.offset + key.length);
    out.set(key);
    this.offset += key.length;
    return out;
  }
}
