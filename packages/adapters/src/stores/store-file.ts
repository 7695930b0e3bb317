import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { DomainError } from '@vaxledger/domain';

/**
 * What marks a SQLite file as a vaxledger store: its header's application_id (SQLite's own way to name a file's
 * kind, offset 68), set when `init` creates it. Read from the header, without SQLite opening the file: opening a file
 * that is not a store, even read-only, may leave a -wal and -shm beside it.
 */
export const STORE_APPLICATION_ID = 0x56784c67; // "VxLg"
/** The key file's mark (see FileKeyStore). */
export const KEY_FILE_APPLICATION_ID = 0x56784b79; // "VxKy"

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface SqliteHeader {
  readonly applicationId: number;
  /** Write and read versions both 2: the file is in WAL mode. */
  readonly wal: boolean;
}

/** The SQLite header of a file, or null when it is not a SQLite file (empty, text, anything else). */
export function readSqliteHeader(file: string): SqliteHeader | null {
  const bytes = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, bytes, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !bytes.subarray(0, 16).equals(SQLITE_MAGIC)) return null;
  return { applicationId: bytes.readUInt32BE(68), wal: bytes[18] === 2 && bytes[19] === 2 };
}

/** Creates an empty SQLite file marked with `applicationId`, readable by its owner only; fails if the file exists. */
export function createMarkedFile(file: string, applicationId: number): void {
  // 'wx': never an existing file; 0600 from the first byte (SQLite gives the -wal and -shm the same mode).
  closeSync(openSync(file, 'wx', 0o600));
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma(`application_id = ${applicationId}`);
  } finally {
    db.close();
  }
}

export const notAStore = (file: string) =>
  new DomainError('not-a-store', `${file} is not a vaxledger store (create one with \`vaxledger init\`); nothing was changed`);

export const keyFileRefused = (keysFile: string) =>
  new DomainError('key-file-refused', `the key file ${keysFile} is missing or belongs to another store: restore it from backup`);

/**
 * Refuses, changing nothing, a file that is not a vaxledger store. A store made before stores were marked has no
 * application_id: it is recognized by its tables, read through SQLite; a -wal or -shm that this look made beside a
 * file that then turns out not to be a store is removed.
 */
export function checkStoreFile(file: string): { readonly marked: boolean } {
  if (!existsSync(file)) throw new DomainError('no-store', `no store at ${file} (run \`vaxledger init\` first)`);
  const header = readSqliteHeader(file);
  if (header === null) throw notAStore(file);
  if (header.applicationId === STORE_APPLICATION_ID) return { marked: true };
  // Every store is in WAL mode (sqlite-pragmas.ts): a file that is not, or is marked as something else, is not one.
  if (header.applicationId !== 0 || !header.wal) throw notAStore(file);
  const beside = ['-wal', '-shm'].map((s) => `${file}${s}`).filter((f) => !existsSync(f));
  let isStore = false;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
      isStore = ['events', 'store_head', 'projection_docs', 'store_meta'].every((t) => tables.has(t));
    } finally {
      db.close();
    }
  } catch {
    isStore = false;
  }
  if (!isStore) {
    for (const f of beside) rmSync(f, { force: true });
    throw notAStore(file);
  }
  return { marked: false };
}

/** The fingerprint of the key file recorded in the store (null in a store made before it was recorded). */
export function recordedKeyFile(db: Database.Database): string | null {
  return db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'key_file'").get()?.value ?? null;
}

export function recordKeyFile(db: Database.Database, fingerprint: string): void {
  db.prepare("INSERT INTO store_meta (key, value) VALUES ('key_file', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(fingerprint);
}

/** Removes a store that was just created and never used (an `init` that was refused), with its key file if it has one. */
export function removeNewStore(file: string, withKeyFile = true): void {
  const files = [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, ...(withKeyFile ? [`${file}.keys`, `${file}.keys-journal`] : [])];
  for (const f of files) rmSync(f, { force: true });
}
