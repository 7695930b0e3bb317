import type { Database } from 'better-sqlite3';

/**
 * The durability and tuning settings of the embedded store: WAL with synchronous=FULL (a commit survives power loss),
 * a 64 MiB page cache so that the id and (stream, revision) indexes of a large store stay in memory, and checkpoints
 * every 16k pages rather than 1k so that fewer commits pay for one. The benchmark's raw floor uses the same
 * settings, so that it stays the physical limit of this machine and not a different configuration.
 */
export function applyStorePragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma('temp_store = MEMORY');
}
