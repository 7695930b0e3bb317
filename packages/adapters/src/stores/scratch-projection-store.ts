import Database from 'better-sqlite3';
import { SqliteProjectionStore } from './sqlite-projection-store.ts';
import type { DocCodec } from '@vaxledger/domain';
import type { SubjectCipher } from '../security/subject-cipher.ts';

/**
 * A projection store in a temporary SQLite file, for `verify` to rebuild a city's projections without holding them
 * in memory. Documents are sealed with the store's cipher, as in the store itself, so no personal item rests in
 * clear in the temporary file. It is SQLite's anonymous temporary database (an empty file name): SQLite removes the
 * file's name as soon as it has opened it (in SQLITE_TMPDIR, TMPDIR or /tmp), so the pages live only as long as the
 * process, and a `verify` that is killed leaves nothing behind. Nothing in it needs to survive a crash: no journal on
 * disk, no fsync.
 */
export function openScratchProjectionStore(cipher?: DocCodec): { readonly store: SqliteProjectionStore; dispose(): void } {
  const db = new Database('');
  let store: SqliteProjectionStore;
  try {
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -65536');
    // The engine hands back the codec of its own keys (SubjectCipher.forVerification): this adapter's cipher.
    store = new SqliteProjectionStore(db, cipher as SubjectCipher | undefined);
  } catch (error) {
    db.close();
    throw error;
  }
  return { store, dispose: () => db.close() };
}
