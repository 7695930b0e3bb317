import type Database from 'better-sqlite3';
import type { AppendResult, ChainFormat, ExpectedRevision, StoredRow, StoreHead } from '@vaxledger/domain';
import { applyAppend, type AppendTransaction, type PreparedEvent } from './append-transaction.ts';

/** The events of one stream within a unit, prepared as the writer reaches them (PreparedEvents). */
export interface GroupPart {
  readonly stream: string;
  readonly tenant: string;
  readonly expected: ExpectedRevision;
  readonly prepared: Iterable<PreparedEvent>;
}

/** A caller's unit: its parts are stored together or not at all. */
export type GroupUnit = readonly GroupPart[];

export type UnitOutcome = { readonly ok: true; readonly value: AppendResult[] } | { readonly ok: false; readonly error: unknown };

export interface CommittedRow {
  /** The row as stored, without its stored data text: the plaintext is what readers of recent events need. */
  readonly row: Omit<StoredRow, 'dataText'>;
  /** The data before sealing. */
  readonly plaintext: string;
}

/**
 * Writes groups of units to the events table in one transaction each (group commit): every unit keeps its own
 * expected-revision check inside a savepoint, so one caller's conflict never fails another's, and one fsync serves
 * all. It needs only a connection: the store keeps its reading half, this class the writing half.
 */
export class SqliteAppendWriter {
  private readonly stmt;

  /** `keep`: how many of the last committed rows to hand back (for RecentEvents). */
  constructor(private readonly db: Database.Database, private readonly format: ChainFormat, private readonly keep: number) {
    this.stmt = {
      streamRevision: db.prepare<[string], { r: number | null }>('SELECT max(revision) AS r FROM events WHERE stream = ?'),
      findById: db.prepare<[string], { stream: string; content_hash: string; position: number; revision: number }>(
        'SELECT stream, content_hash, position, revision FROM events WHERE id = ?'),
      head: db.prepare<[], { position: number; chain_hash: string }>('SELECT position, chain_hash FROM store_head WHERE id = 1'),
      recordedAt: db.prepare<[number], { recorded_at: string }>('SELECT recorded_at FROM events WHERE position = ?'),
      setHead: db.prepare<[number, string]>('UPDATE store_head SET position = ?, chain_hash = ? WHERE id = 1'),
      insert: db.prepare(
        `INSERT INTO events (position, id, tenant, stream, revision, type, schema_version, recorded_at, content_hash, metadata, data, chain_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`),
    };
  }

  /**
   * One durable transaction for the group. A unit's failure is its outcome; a failure of the transaction itself
   * (the lock, the disk) rolls everything back and is thrown.
   */
  writeGroup(units: readonly GroupUnit[], clock: () => Date): { outcomes: UnitOutcome[]; committed: CommittedRow[] } {
    const outcomes: UnitOutcome[] = [];
    const db = this.db;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Read once the write lock is held: a wait for another process's lock must not date the rows before it.
      const now = clock();
      const tx = this.transaction();
      for (const unit of units) {
        const headBefore = tx.head();
        const insertedBefore = tx.insertedCount();
        db.exec('SAVEPOINT append');
        try {
          outcomes.push({ ok: true, value: unit.map((part) => applyAppend(tx, part.stream, part.tenant, part.prepared, part.expected, now)) });
          db.exec('RELEASE append');
        } catch (error) {
          db.exec('ROLLBACK TO append');
          db.exec('RELEASE append');
          tx.setHead(headBefore);
          tx.forgetAfter(insertedBefore);
          outcomes.push({ ok: false, error });
        }
      }
      tx.writeHead();
      db.exec('COMMIT');
      return { outcomes, committed: tx.lastInserted() };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  /** The append rules' view of one write transaction. The head row is written once, at the end (writeHead). */
  private transaction(): AppendTransaction & {
    writeHead(): void;
    /** How many rows this transaction has inserted so far. */
    insertedCount(): number;
    /** Forgets the rows inserted after `count` (a savepoint rolled them back). */
    forgetAfter(count: number): void;
    /** The last rows inserted (at most about twice `keep`), in position order. */
    lastInserted(): CommittedRow[];
  } {
    const s = this.stmt;
    let head: StoreHead | null = null;
    let headMoved = false;
    // Only the tail matters to RecentEvents: older rows of a large unit are let go as it is written.
    const keep = this.keep;
    let inserted: CommittedRow[] = [];
    let dropped = 0;
    return {
      chainFormat: this.format,
      insertedCount: () => dropped + inserted.length,
      forgetAfter: (count) => {
        if (count - dropped >= 0) inserted.length = Math.min(inserted.length, count - dropped);
        else {
          inserted = [];
          dropped = count;
        }
      },
      lastInserted: () => inserted,
      streamRevision: (stream) => {
        const r = s.streamRevision.get(stream)?.r;
        return r === null || r === undefined ? null : BigInt(r);
      },
      findById: (id) => {
        const r = s.findById.get(id);
        return r ? { stream: r.stream, contentHash: r.content_hash, position: BigInt(r.position), revision: BigInt(r.revision) } : null;
      },
      head: () => {
        if (!head) {
          const h = s.head.get()!;
          head = { position: BigInt(h.position), chainHash: h.chain_hash };
        }
        return head;
      },
      headRecordedAt: () => {
        const position = head?.position ?? BigInt(s.head.get()!.position);
        return position === 0n ? null : (s.recordedAt.get(Number(position))?.recorded_at ?? null);
      },
      tryInsert: (row, plaintext) => {
        const done = s.insert.run(
          Number(row.position), row.id, row.tenant, row.stream, Number(row.revision), row.type, row.schemaVersion,
          row.recordedAt, row.contentHash, row.metadataText, row.dataText, row.chainHash,
        ).changes === 1;
        if (done && keep > 0) {
          inserted.push({
            row: {
              position: row.position, id: row.id, tenant: row.tenant, stream: row.stream, revision: row.revision, type: row.type,
              schemaVersion: row.schemaVersion, recordedAt: row.recordedAt, contentHash: row.contentHash, metadataText: row.metadataText,
              chainHash: row.chainHash,
            },
            plaintext,
          });
          if (inserted.length > 2 * keep) {
            dropped += inserted.length - keep;
            inserted = inserted.slice(inserted.length - keep);
          }
        } else if (done) dropped++;
        return done;
      },
      setHead: (h) => {
        head = h;
        headMoved = true;
      },
      writeHead: () => {
        if (headMoved && head) s.setHead.run(Number(head.position), head.chainHash);
      },
    };
  }
}
