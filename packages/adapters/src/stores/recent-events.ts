import type { RecordedEvent, StoredRow } from '@vaxledger/domain';

interface RecentRow {
  readonly row: StoredRow;
  /** The canonical plaintext of the data (what the row holds before sealing). */
  readonly plaintext: string;
}

/**
 * The events this store committed last, with their plaintext, in one contiguous run of positions. A projection
 * catch-up right after an append (every command does one) reads them from here instead of reading SQLite and
 * opening each sealed row again. Plaintext must not outlive a key: when the codec destroys one (erasure), its
 * generation changes and everything here is dropped.
 */
export class RecentEvents {
  private rows: RecentRow[] = [];
  private first = 0; // position of rows[0]
  private generation: number | undefined;

  constructor(private readonly capacity: number) {}

  /** Rows committed together, in position order. A run that does not follow on (another process wrote in between) starts afresh. */
  add(committed: readonly RecentRow[], generation: number | undefined): void {
    if (committed.length === 0 || this.capacity === 0) return;
    const start = Number(committed[0]!.row.position);
    if (this.rows.length === 0 || start !== this.first + this.rows.length || generation !== this.generation) {
      this.rows = [];
      this.first = start;
      this.generation = generation;
    }
    for (const r of committed) this.rows.push(r);
    if (this.rows.length > this.capacity) {
      const drop = this.rows.length - this.capacity;
      this.rows = this.rows.slice(drop);
      this.first += drop;
    }
  }

  /**
   * Up to `limit` events from `position` on, when that position is held here; an empty list otherwise.
   * Each read parses afresh, so a reader can never change what the next one gets.
   */
  read(position: number, limit: number, generation: number | undefined): RecordedEvent[] {
    if (generation !== this.generation) {
      this.rows = [];
      this.generation = generation;
      return [];
    }
    const from = position - this.first;
    if (from < 0 || from >= this.rows.length) return [];
    const out: RecordedEvent[] = [];
    for (let i = from; i < this.rows.length && out.length < limit; i++) {
      const { row, plaintext } = this.rows[i]!;
      out.push({
        id: row.id, type: row.type, schemaVersion: row.schemaVersion, tenant: row.tenant, stream: row.stream,
        revision: row.revision, globalPosition: row.position, recordedAt: row.recordedAt,
        data: JSON.parse(plaintext), metadata: JSON.parse(row.metadataText) as RecordedEvent['metadata'],
        contentHash: row.contentHash, chainHash: row.chainHash,
      });
    }
    return out;
  }

  clear(): void {
    this.rows = [];
  }
}
