import Database from 'better-sqlite3';
import type { FloorRow } from './fixtures.ts';
import { applyStorePragmas, EVENTS_TABLE_DDL } from '@vaxledger/adapters';

/**
 * The raw floor: plain better-sqlite3 with the same `events` columns and unique indexes as our store
 * (position INTEGER PRIMARY KEY, id UNIQUE, UNIQUE(stream, revision)), WAL, synchronous=FULL, precomputed rows,
 * one transaction per batch. Nothing else: no checks, no hashing, no head row.
 */
export class RawFloor {
  readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly insertBatch: (rows: readonly FloorRow[]) => void;

  constructor(file: string) {
    this.db = new Database(file);
    // The same durability and tuning settings as our store: the floor is this machine's limit, not another configuration.
    applyStorePragmas(this.db);
    this.db.exec(EVENTS_TABLE_DDL);
    this.insert = this.db.prepare(
      `INSERT INTO events (position, id, tenant, stream, revision, type, schema_version, recorded_at, content_hash, metadata, data, chain_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insert = this.insert;
    this.insertBatch = this.db.transaction((rows: readonly FloorRow[]) => {
      for (const r of rows) {
        insert.run(r.position, r.id, r.tenant, r.stream, r.revision, r.type, r.schemaVersion, r.recordedAt, r.contentHash, r.metadata, r.data, r.chainHash);
      }
    }).immediate;
  }

  /** One durable transaction (BEGIN IMMEDIATE … COMMIT, fsync of the WAL) per call. */
  write(rows: readonly FloorRow[]): void {
    this.insertBatch(rows);
  }

  close(): void {
    this.db.close();
  }
}

/** The raw read floor: the same rows paged by position, data and metadata parsed; nothing else. */
export function rawReadAll(file: string, pageSize: number, onEvent: (data: unknown, metadata: unknown) => void): number {
  const db = new Database(file, { readonly: true });
  try {
    const page = db.prepare<[number, number], { position: number; data: string; metadata: string } & Record<string, unknown>>(
      'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    let after = 0;
    let count = 0;
    for (;;) {
      const rows = page.all(after, pageSize);
      for (const r of rows) onEvent(JSON.parse(r.data), JSON.parse(r.metadata));
      count += rows.length;
      if (rows.length < pageSize) return count;
      after = rows[rows.length - 1]!.position;
    }
  } finally {
    db.close();
  }
}
