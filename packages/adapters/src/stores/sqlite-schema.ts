import type { Database } from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

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
    CREATE TABLE IF NOT EXISTS projection_docs (
      projection TEXT NOT NULL,
      key TEXT NOT NULL,
      position INTEGER NOT NULL,
      doc TEXT NOT NULL,
      PRIMARY KEY (projection, key)
    ) WITHOUT ROWID;
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
}
