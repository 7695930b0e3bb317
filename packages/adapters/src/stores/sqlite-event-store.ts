import Database from 'better-sqlite3';
import {
  DomainError, recordedEventOf, systemClock, type AppendResult, type Clock, type EventStore, type EventToAppend, type ExpectedRevision,
  type ReadAllOptions, type ReadStreamOptions, type RecordedEvent, type StoredRow, type StoreHead, type StreamAppend, type EventCodec, type ChainFormat,
  GENESIS_HASH, type StoredRowFilter, type StoredRowReader,
} from '@vaxledger/domain';
import { PreparedEvents, validateStreamName } from './append-transaction.ts';
import { SqliteAppendWriter } from './sqlite-append-writer.ts';

import { ensureSchema, readChainFormat } from './sqlite-schema.ts';
import { RecentEvents } from './recent-events.ts';
import { applyStorePragmas } from './sqlite-pragmas.ts';

export interface SqliteEventStoreOptions {
  readonly clock?: Clock;
  /** How long a writer waits for another process's write lock (ms). */
  readonly busyTimeoutMs?: number;
  readonly readonly?: boolean;
  /** Seals personal items at rest (per-subject encryption); without it data is stored as canonical JSON. */
  readonly codec?: EventCodec;
  /**
   * Events kept in memory after commit until a reader has passed them (RecentEvents), for a host that reads what it
   * appended right away, as the engine's catch-up does. 0 (the default) keeps none.
   */
  readonly recentEvents?: number;
}

interface QueuedPart {
  readonly stream: string;
  readonly tenant: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedRevision;
}

/** A unit of work in the commit queue: its parts are stored together or not at all. */
interface PendingAppend {
  readonly parts: readonly QueuedPart[];
  readonly resolve: (r: AppendResult[]) => void;
  readonly reject: (e: unknown) => void;
}

interface RowRecord {
  position: number; id: string; tenant: string; stream: string; revision: number; type: string;
  schema_version: number; recorded_at: string; content_hash: string; metadata: string; data: string; chain_hash: string;
}

const toStoredRow = (r: RowRecord): StoredRow => ({
  position: BigInt(r.position), id: r.id, tenant: r.tenant, stream: r.stream, revision: BigInt(r.revision), type: r.type,
  schemaVersion: r.schema_version, recordedAt: r.recorded_at, contentHash: r.content_hash, metadataText: r.metadata,
  dataText: r.data, chainHash: r.chain_hash,
});

/**
 * The embedded, durable default: one SQLite file, WAL, synchronous=FULL.
 *
 * Appends that arrive while a transaction is being prepared are committed together (group commit): each keeps its own
 * expected-revision check inside a savepoint, so one caller's conflict never fails another's, and one fsync serves all.
 */
export class SqliteEventStore implements EventStore, StoredRowReader {
  readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly codec: EventCodec | undefined;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly stmt;
  private readonly recent: RecentEvents;
  private readonly recentCapacity: number;
  private readonly format: ChainFormat;
  private readonly writer: SqliteAppendWriter;

  constructor(readonly file: string, options: SqliteEventStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.codec = options.codec;
    this.recentCapacity = options.recentEvents ?? 0;
    this.recent = new RecentEvents(this.recentCapacity);
    this.db = new Database(file, { readonly: options.readonly ?? false });
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 15000}`);
    if (!options.readonly) {
      applyStorePragmas(this.db);
      ensureSchema(this.db);
    }
    const db = this.db;
    try {
      this.format = readChainFormat(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.writer = new SqliteAppendWriter(db, this.format, this.recentCapacity);
    this.stmt = {
      streamRevision: db.prepare<[string], { r: number | null }>('SELECT max(revision) AS r FROM events WHERE stream = ?'),
      head: db.prepare<[], { position: number; chain_hash: string }>('SELECT position, chain_hash FROM store_head WHERE id = 1'),
      readStream: db.prepare<[string, number, number], RowRecord>(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?'),
      readAll: db.prepare<[number, number], RowRecord>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      // Filtered in SQLite (instr on the stored text) so that only matching rows cross into JavaScript; each with the
      // chain hash of the row before it, looked up by position.
      readMatching: db.prepare<[Record<string, unknown>], RowRecord & { previous_chain_hash: string | null }>(
        `SELECT e.*, (SELECT p.chain_hash FROM events AS p WHERE p.position = e.position - 1) AS previous_chain_hash FROM events AS e
         WHERE e.position > $after AND e.tenant = $tenant
           AND ($data IS NULL OR instr(e.data, $data) > 0) AND ($metadata IS NULL OR instr(e.metadata, $metadata) > 0)
           AND ($typeIs IS NULL OR e.type = $typeIs) AND ($typeIsNot IS NULL OR e.type <> $typeIsNot)
         ORDER BY e.position LIMIT $limit`),
      readBackward: db.prepare<[number, number], RowRecord>('SELECT * FROM events WHERE position < ? ORDER BY position DESC LIMIT ?'),
      readAllTenant: db.prepare<[number, string, number], RowRecord>(
        'SELECT * FROM events WHERE position > ? AND tenant = ? ORDER BY position LIMIT ?'),
    };
  }

  static open(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    return new SqliteEventStore(file, options);
  }

  async append(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return (await this.appendMulti([{ stream, events, expectedRevision: options.expectedRevision }]))[0]!;
  }

  async appendMulti(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) throw new DomainError('store-closed', 'the event store is closed');
    const tenants = appends.map((a) => validateStreamName(a.stream));
    if (this.codec) {
      // One key-store round trip (and one durable write of new keys) per tenant, however many streams the unit has.
      const byTenant = new Map<string, EventToAppend[]>();
      appends.forEach((a, i) => {
        const list = byTenant.get(tenants[i]!) ?? [];
        for (const e of a.events) list.push(e);
        byTenant.set(tenants[i]!, list);
      });
      for (const [tenant, events] of byTenant) await this.codec.prepare(tenant, events, true);
    }
    // Serialised, hashed and sealed by the writer, event by event (PreparedEvents says why).
    const parts: QueuedPart[] = appends.map((a, i) => ({ stream: a.stream, tenant: tenants[i]!, events: a.events, expected: a.expectedRevision }));
    return new Promise((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate lets every append issued in this turn of the event loop join one transaction.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let written: ReturnType<SqliteAppendWriter['writeGroup']>;
    try {
      const units = batch.map((p) => p.parts.map((part) => ({
        stream: part.stream, tenant: part.tenant, expected: part.expected, prepared: new PreparedEvents(part.stream, part.events, this.codec),
      })));
      written = this.writer.writeGroup(units, () => this.clock.now());
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.recent.add(written.committed, this.codec?.generation);
    batch.forEach((p, i) => {
      const o = written.outcomes[i]!;
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  /** Opens a page of stored rows (fetching the keys it needs first). */
  private async decodePage(rows: readonly StoredRow[]): Promise<RecordedEvent[]> {
    if (this.codec) await this.codec.prepareRows(rows);
    return rows.map((r) => recordedEventOf(r, this.codec));
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    let from = Number(options.fromRevision ?? 0n);
    const pageSize = 1000;
    for (;;) {
      const rows = this.stmt.readStream.all(stream, from, pageSize);
      yield* await this.decodePage(rows.map(toStoredRow));
      if (rows.length < pageSize) return;
      from = rows[rows.length - 1]!.revision + 1;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = Number(options.afterPosition ?? 0n);
    const pageSize = options.pageSize ?? 2000;
    for (;;) {
      // What this store committed last is still in memory: no SQLite read, no opening of sealed rows.
      const recent = options.tenant ? [] : this.recent.read(after + 1, pageSize, this.codec?.generation);
      if (recent.length > 0) {
        yield* recent;
        after = Number(recent[recent.length - 1]!.globalPosition);
        continue;
      }
      const rows = options.tenant ? this.stmt.readAllTenant.all(after, options.tenant, pageSize) : this.stmt.readAll.all(after, pageSize);
      yield* await this.decodePage(rows.map(toStoredRow));
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  async *readStoredRows(afterPosition = 0n, tenant?: string, pageSize = 2000): AsyncIterable<StoredRow> {
    let after = Number(afterPosition);
    for (;;) {
      const rows = tenant ? this.stmt.readAllTenant.all(after, tenant, pageSize) : this.stmt.readAll.all(after, pageSize);
      for (const r of rows) yield toStoredRow(r);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  async *readStoredRowsMatching(filter: StoredRowFilter, pageSize = 2000): AsyncIterable<{ row: StoredRow; previousChainHash: string }> {
    let after = 0;
    for (;;) {
      const rows = this.stmt.readMatching.all({
        after, tenant: filter.tenant, data: filter.dataContains ?? null, metadata: filter.metadataContains ?? null,
        typeIs: filter.typeIs ?? null, typeIsNot: filter.typeIsNot ?? null, limit: pageSize,
      });
      for (const r of rows) yield { row: toStoredRow(r), previousChainHash: r.previous_chain_hash ?? GENESIS_HASH };
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.position;
    }
  }

  async *readStoredRowsBackward(beforePosition?: bigint, pageSize = 2000): AsyncIterable<StoredRow> {
    let before = beforePosition === undefined ? Number.MAX_SAFE_INTEGER : Number(beforePosition);
    for (;;) {
      const rows = this.stmt.readBackward.all(before, pageSize);
      for (const r of rows) yield toStoredRow(r);
      if (rows.length < pageSize) return;
      before = rows[rows.length - 1]!.position;
    }
  }

  async streamRevision(stream: string): Promise<bigint | null> {
    const r = this.stmt.streamRevision.get(stream)?.r;
    return r === null || r === undefined ? null : BigInt(r);
  }

  async head(): Promise<StoreHead> {
    const h = this.stmt.head.get()!;
    return { position: BigInt(h.position), chainHash: h.chain_hash };
  }

  chainFormat(): ChainFormat {
    return this.format;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already queued are committed before the file closes.
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    this.db.close();
  }
}
