import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import type { EventToAppend } from '@vaxledger/domain';
import type { FloorRow } from './fixtures.ts';
import { applyStorePragmas, EVENTS_TABLE_DDL, PROJECTION_DOCS_DDL, SUBJECT_KEYS_DDL } from '@vaxledger/adapters';

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

/**
 * The hashing floor: the raw floor plus the least serialisation and hashing that issue #2 asks of every stored event,
 * done inside the timed write: the data serialised (plain JSON.stringify, which costs no more than any canonical form),
 * a SHA-256 content hash over type, schema version, stream and data, the batch's metadata serialised and hashed once,
 * and a SHA-256 link to the previous row. No checks, no head row, one transaction per batch. Whatever a store keeps on
 * top of the raw floor, a store that keeps content hashes and a hash chain cannot be faster than this.
 */
export class HashingFloor {
  private readonly raw: RawFloor;
  private position = 0;
  private chain = '0'.repeat(64);

  constructor(file: string) {
    this.raw = new RawFloor(file);
  }

  write(stream: string, tenant: string, events: readonly EventToAppend[], revisionBefore: number): void {
    const recordedAt = new Date().toISOString();
    const metadata = events.length > 0 ? JSON.stringify(events[0]!.metadata) : '';
    const metadataHash = hash('sha256', metadata, 'hex');
    let revision = revisionBefore;
    const rows: FloorRow[] = events.map((e) => {
      const data = JSON.stringify(e.data);
      const contentHash = hash('sha256', `${e.type}\n${e.schemaVersion}\n${stream}\n${data}`, 'hex');
      this.position++;
      revision++;
      this.chain = hash('sha256', `${this.chain}\n${this.position}\n${e.id}\n${stream}\n${revision}\n${e.type}\n${recordedAt}\n${contentHash}\n${metadataHash}`, 'hex');
      return {
        position: this.position, id: e.id, tenant, stream, revision, type: e.type, schemaVersion: e.schemaVersion, recordedAt,
        contentHash, metadata, data, chainHash: this.chain,
      };
    });
    this.raw.write(rows);
  }

  close(): void {
    this.raw.close();
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

/** Rows copied raw, and the seconds the inserts and the commit took. */
export interface TimedCopy {
  readonly rows: number;
  readonly seconds: number;
}

/** Rows read into memory per step of a copy: a million-row table is never in memory at once. */
const COPY_CHUNK = 100_000;

/**
 * Copies every row of a table into another database in one transaction, timing only the inserts and the commit: the
 * rows are read in chunks of {@link COPY_CHUNK} (keyset pages of `select`, whose parameters are the last row's first
 * `keyColumns` values, then the limit) between the timed stretches. `skip` leading columns are not inserted.
 */
function timedCopy(from: Database.Database, select: { first: string; next: string; keyColumns: number; skip?: number }, to: Database.Database, insert: string): TimedCopy {
  const first = from.prepare(select.first).raw();
  const next = from.prepare(select.next).raw();
  const statement = to.prepare(insert);
  const skip = select.skip ?? 0;
  let rows = 0;
  let seconds = 0;
  let started = performance.now();
  to.exec('BEGIN IMMEDIATE');
  seconds += performance.now() - started;
  let page = first.all(COPY_CHUNK) as unknown[][];
  while (page.length > 0) {
    started = performance.now();
    for (const r of page) statement.run(...(skip === 0 ? r : r.slice(skip)));
    seconds += performance.now() - started;
    rows += page.length;
    const last = page[page.length - 1]!;
    page = page.length < COPY_CHUNK ? [] : next.all(...last.slice(0, select.keyColumns), COPY_CHUNK) as unknown[][];
  }
  started = performance.now();
  to.exec('COMMIT');
  seconds += performance.now() - started;
  return { rows, seconds: seconds / 1000 };
}

/** A fresh database at `target` with the store's pragmas and its events and projection_docs tables. */
function floorStore(target: string): Database.Database {
  const db = new Database(target);
  applyStorePragmas(db);
  db.exec(`${EVENTS_TABLE_DDL}; ${PROJECTION_DOCS_DDL};`);
  return db;
}

const DOCS_PAGE = {
  first: 'SELECT id, projection, key, position, doc FROM projection_docs ORDER BY id LIMIT ?',
  next: 'SELECT id, projection, key, position, doc FROM projection_docs WHERE id > ? ORDER BY id LIMIT ?',
  keyColumns: 1,
  skip: 1,
};
const INSERT_DOC = 'INSERT INTO projection_docs (projection, key, position, doc) VALUES (?, ?, ?, ?)';

/**
 * The floor of writing a store's projection documents: every document in `source` copied with plain better-sqlite3
 * into a fresh file at `target` (the same table and unique index, the store's pragmas), in one transaction.
 */
export function docsWriteFloor(source: string, target: string): TimedCopy {
  const src = new Database(source, { readonly: true });
  const db = floorStore(target);
  try {
    return timedCopy(src, DOCS_PAGE, db, INSERT_DOC);
  } finally {
    src.close();
    db.close();
  }
}

/** Seconds the raw floor took to write what a registry import wrote: each table in one transaction, as the import does. */
export interface WriteFloor {
  readonly events: number;
  readonly docs: number;
  readonly keys: number;
  readonly eventsSeconds: number;
  readonly docsSeconds: number;
  readonly keysSeconds: number;
}

/**
 * The floor of an import's writes: the event rows, projection documents and subject keys found in `source` (a store
 * an import just wrote) copied into fresh files at `target` with plain better-sqlite3: the same tables and unique
 * indexes, the store's pragmas (WAL, synchronous=FULL) and the key file's (rollback journal, synchronous=FULL), one
 * BEGIN IMMEDIATE…COMMIT per table. Rows are read in chunks between the timed inserts; only the inserts and commits are timed. No
 * parsing, checks, hashing, sealing or projecting: what the disk and SQLite cost for the same bytes, nothing else.
 */
export function registryWriteFloor(source: string, target: string): WriteFloor {
  const src = new Database(source, { readonly: true });
  const srcKeys = new Database(`${source}.keys`, { readonly: true });
  const db = floorStore(target);
  const keys = new Database(`${target}.keys`);
  try {
    keys.pragma('journal_mode = DELETE');
    keys.pragma('synchronous = FULL');
    keys.pragma('cache_size = -65536');
    keys.exec(SUBJECT_KEYS_DDL);
    const e = timedCopy(src, {
      first: 'SELECT * FROM events ORDER BY position LIMIT ?', next: 'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?', keyColumns: 1,
    }, db, 'INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const d = timedCopy(src, DOCS_PAGE, db, INSERT_DOC);
    const k = timedCopy(srcKeys, {
      first: 'SELECT tenant, subject, wrapped FROM subject_keys ORDER BY tenant, subject LIMIT ?',
      next: 'SELECT tenant, subject, wrapped FROM subject_keys WHERE (tenant, subject) > (?, ?) ORDER BY tenant, subject LIMIT ?', keyColumns: 2,
    }, keys, 'INSERT INTO subject_keys (tenant, subject, wrapped) VALUES (?, ?, ?)');
    return { events: e.rows, docs: d.rows, keys: k.rows, eventsSeconds: e.seconds, docsSeconds: d.seconds, keysSeconds: k.seconds };
  } finally {
    for (const d of [src, srcKeys, db, keys]) d.close();
  }
}
