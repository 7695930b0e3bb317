import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteProjectionStore } from './sqlite-projection-store.ts';
import type { SubjectCipher } from '../security/subject-cipher.ts';

/**
 * A projection store in a temporary SQLite file, for `verify` to rebuild a city's projections without holding them
 * in memory. Documents are sealed with the store's cipher, as in the store itself, so no personal item rests in
 * clear in the temporary file; the folder is the owner's only (mkdtemp) and is removed by `dispose`. Nothing in it
 * needs to survive a crash: no journal on disk, no fsync.
 */
export function openScratchProjectionStore(cipher?: SubjectCipher): { readonly store: SqliteProjectionStore; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vaxledger-verify-'));
  let db: Database.Database | undefined;
  let store: SqliteProjectionStore;
  try {
    db = new Database(join(dir, 'rebuild.db'));
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -65536');
    store = new SqliteProjectionStore(db, cipher);
  } catch (error) {
    // Nothing is left behind when the file cannot be set up.
    db?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const opened = db;
  return {
    store,
    dispose: () => {
      opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
