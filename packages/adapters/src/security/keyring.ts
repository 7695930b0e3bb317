const KEY_BYTES = 32;
const KEYS_PER_BLOCK = 2048;
const DESTROYED = -1;

/**
 * One tenant's subject keys held in memory: subject → slot, the key bytes in shared 64 KiB blocks. A city holds a
 * million keys; as a million buffers (each its own ArrayBuffer, as decrypt() returns them) or even a million views,
 * they were objects that every full garbage collection walked, while an engine read or wrote anything.
 */
export class Keyring {
  private readonly slots = new Map<string, number>();
  private blocks: Buffer[] = [];
  private used = 0;

  has(subject: string): boolean {
    return this.slots.has(subject);
  }

  /** The subject's key; null when it was destroyed; undefined when it is not loaded here. */
  get(subject: string): Uint8Array | null | undefined {
    const slot = this.slots.get(subject);
    if (slot === undefined) return undefined;
    if (slot === DESTROYED) return null;
    const offset = (slot % KEYS_PER_BLOCK) * KEY_BYTES;
    return this.blocks[Math.floor(slot / KEYS_PER_BLOCK)]!.subarray(offset, offset + KEY_BYTES);
  }

  /** Keeps a copy of `key` for the subject. */
  set(subject: string, key: Uint8Array): void {
    if (key.length !== KEY_BYTES) throw new Error('a subject key is 32 bytes');
    this.forget(subject);
    const slot = this.used++;
    if (slot % KEYS_PER_BLOCK === 0) this.blocks.push(Buffer.allocUnsafeSlow(KEYS_PER_BLOCK * KEY_BYTES));
    this.blocks[Math.floor(slot / KEYS_PER_BLOCK)]!.set(key, (slot % KEYS_PER_BLOCK) * KEY_BYTES);
    this.slots.set(subject, slot);
  }

  /** Marks the subject's key destroyed, zeroing the bytes held for it. */
  setDestroyed(subject: string): void {
    this.forget(subject);
    this.slots.set(subject, DESTROYED);
  }

  /** Lets go of every key, zeroing the bytes. */
  clear(): void {
    for (const block of this.blocks) block.fill(0);
    this.blocks = [];
    this.used = 0;
    this.slots.clear();
  }

  private forget(subject: string): void {
    this.get(subject)?.fill(0);
  }
}
