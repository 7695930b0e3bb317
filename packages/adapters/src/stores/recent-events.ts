import { parseStoredMetadata, type RecordedEvent, type StoredRow } from '@vaxledger/domain';

interface RecentRow {
  readonly row: Omit<StoredRow, 'dataText'>;
  /** The canonical plaintext of the data (what the row holds before sealing). */
  readonly plaintext: string;
}

/**
 * The events this store committed last, with their plaintext, in one contiguous run of positions, until a reader
 * has passed them. A projection catch-up right after an append (the engine does one after every command) reads them
 * from here instead of reading SQLite and opening each sealed row again; once read, they are let go, so that memory
 * is held only between an append and the catch-up that follows. Plaintext must not outlive a key: when the codec
 * destroys one (erasure), its generation changes and everything here is dropped.
 */
export class RecentEvents {
  private rows: RecentRow[] = [];
  /** Index in `rows` of the first row still held (rows before it were read or trimmed). */
  private start = 0;
  private first = 0; // position of rows[start]
  private generation: number | undefined;

  constructor(private readonly capacity: number) {}

  private get size(): number {
    return this.rows.length - this.start;
  }

  /** Rows committed together, in position order. A run that does not follow on (another process wrote in between) starts afresh. */
  add(committed: readonly RecentRow[], generation: number | undefined): void {
    if (committed.length === 0 || this.capacity === 0) return;
    const begin = Math.max(0, committed.length - this.capacity);
    const start = Number(committed[begin]!.row.position);
    if (this.size === 0 || start !== this.first + this.size || generation !== this.generation) {
      this.rows = [];
      this.start = 0;
      this.first = start;
      this.generation = generation;
    }
    for (let i = begin; i < committed.length; i++) this.rows.push(committed[i]!);
    if (this.size > this.capacity) this.drop(this.size - this.capacity);
  }

  /**
   * Up to `limit` events from `position` on, when that position is held here; an empty list otherwise. What comes
   * before `position` is let go. Each read parses the data afresh (the shared metadata is frozen), so a reader can never
   * change what the next one gets.
   */
  read(position: number, limit: number, generation: number | undefined): RecordedEvent[] {
    if (generation !== this.generation) {
      this.clear();
      this.generation = generation;
      return [];
    }
    if (position < this.first || position >= this.first + this.size) return [];
    this.drop(position - this.first);
    const out: RecordedEvent[] = [];
    for (let i = this.start; i < this.rows.length && out.length < limit; i++) {
      const { row, plaintext } = this.rows[i]!;
      out.push({
        id: row.id, type: row.type, schemaVersion: row.schemaVersion, tenant: row.tenant, stream: row.stream,
        revision: row.revision, globalPosition: row.position, recordedAt: row.recordedAt,
        data: JSON.parse(plaintext), metadata: parseStoredMetadata(row.metadataText),
        contentHash: row.contentHash, chainHash: row.chainHash,
      });
    }
    return out;
  }

  clear(): void {
    this.rows = [];
    this.start = 0;
  }

  /** Lets go of the first `count` rows held; the array is compacted only now and then, not on every call. */
  private drop(count: number): void {
    if (count <= 0) return;
    this.start += count;
    this.first += count;
    if (this.start >= this.rows.length) this.clear();
    else if (this.start > 4096 && this.start * 2 > this.rows.length) {
      this.rows = this.rows.slice(this.start);
      this.start = 0;
    }
  }
}
