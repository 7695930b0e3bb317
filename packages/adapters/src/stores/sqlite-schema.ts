import type { Database } from 'better-sqlite3';
import { CURRENT_CHAIN_FORMAT, DomainError, type ChainFormat } from '@vaxledger/domain';

/**
 * 2: projection documents in a rowid table with a unique (projection, key) index instead of a WITHOUT ROWID table.
 * 3: the operation log is read from the events themselves; the copy earlier versions kept as projection documents
 *    (one per event, about a quarter of the file after a full registry import) is dropped.
 */
export const SCHEMA_VERSION = 3;

/** The events table: also what the benchmark's raw floor writes to, so the two have the same rows and unique indexes. */
export const EVENTS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  tenant TEXT NOT NULL,
  stream TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  recorded_at TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  metadata TEXT NOT NULL,
  data TEXT NOT NULL,
  chain_hash TEXT NOT NULL,
  UNIQUE (stream, revision)
)`;

/**
 * One table of events (position = rowid: gap-free, in commit order, because SQLite has one writer at a time),
 * the head of the hash chain, and the projections' documents and checkpoints in the same file, so a projection
 * commits its state and its checkpoint in one transaction.
 */
export function ensureSchema(db: Database): void {
  db.exec(`
    ${EVENTS_TABLE_DDL};
    CREATE TABLE IF NOT EXISTS store_head (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      position INTEGER NOT NULL,
      chain_hash TEXT NOT NULL
    );
    INSERT OR IGNORE INTO store_head (id, position, chain_hash) VALUES (1, 0, '${'0'.repeat(64)}');
    ${PROJECTION_DOCS_DDL};
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      projection TEXT PRIMARY KEY,
      position INTEGER NOT NULL,
      version INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS store_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    INSERT OR IGNORE INTO store_meta (key, value) VALUES ('schema_version', '${SCHEMA_VERSION}');
  `);
  migrate(db);
  ensureChainFormat(db);
}

/**
 * Marks how the store links its rows. A new store takes the current format; a store that already holds events
 * without the mark was written before formats were marked, in format 1, and keeps it.
 */
function ensureChainFormat(db: Database): void {
  if (db.prepare("SELECT 1 FROM store_meta WHERE key = 'chain_format'").get()) return;
  db.transaction(() => {
    const holdsEvents = db.prepare('SELECT 1 FROM events LIMIT 1').get() !== undefined;
    db.prepare("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('chain_format', ?)").run(String(holdsEvents ? 1 : CURRENT_CHAIN_FORMAT));
  }).immediate();
}

/** The store's chain format; a store without the mark (only ever one opened read-only before any write) is format 1. */
export function readChainFormat(db: Database): ChainFormat {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'chain_format'").get();
  const format = Number(row?.value ?? 1);
  if (format !== 1 && format !== 2) {
    // A newer version wrote this store, or the mark was changed: neither appending nor verifying can go on safely.
    throw new DomainError('unknown-chain-format', `store_meta.chain_format ${JSON.stringify(String(row?.value).slice(0, 10))} is not a chain format this version knows`, 'integrity');
  }
  return format;
}

/**
 * Documents live in a rowid table: a ledger document is kilobytes, and SQLite keeps WITHOUT ROWID rows inside the
 * key's B-tree, where rows that large split pages on every update. The unique index holds only the keys.
 */
export const PROJECTION_DOCS_DDL = `CREATE TABLE IF NOT EXISTS projection_docs (
  id INTEGER PRIMARY KEY,
  projection TEXT NOT NULL,
  key TEXT NOT NULL,
  position INTEGER NOT NULL,
  doc TEXT NOT NULL,
  UNIQUE (projection, key)
)`;

/** Brings a store written by an earlier version to this schema, in one transaction (documents are kept as they are). */
function migrate(db: Database): void {
  const row = db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'schema_version'").get();
  const version = Number(row?.value ?? SCHEMA_VERSION);
  if (version >= SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version < 2) {
      db.exec(`ALTER TABLE projection_docs RENAME TO projection_docs_v1;
        ${PROJECTION_DOCS_DDL};
        INSERT INTO projection_docs (projection, key, position, doc) SELECT projection, key, position, doc FROM projection_docs_v1 ORDER BY projection, key;
        DROP TABLE projection_docs_v1;`);
    }
    if (version < 3) {
      db.exec(`DELETE FROM projection_docs WHERE projection = 'oplog';
        DELETE FROM projection_checkpoints WHERE projection = 'oplog';`);
    }
    db.prepare("UPDATE store_meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  }).immediate();
}
