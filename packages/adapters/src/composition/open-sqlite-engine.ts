import { getHeapStatistics } from 'node:v8';
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { DomainError, type Authenticator, type Clock, type KeyStore } from '@vaxledger/domain';
import { FileKeyStore } from '../security/file-key-store.ts';
import { SubjectCipher } from '../security/subject-cipher.ts';
import { HealthCardSigner } from '../security/health-card-signer.ts';
import { SqliteEventStore } from '../stores/sqlite-event-store.ts';
import { SqliteProjectionStore } from '../stores/sqlite-projection-store.ts';
import { EligibilitySnapshots } from '../stores/eligibility-snapshots.ts';
import { checkStoreFile, createMarkedFile, keyFileRefused, recordedKeyFile, recordKeyFile, removeNewStore, STORE_APPLICATION_ID } from '../stores/store-file.ts';
import { Engine, type EngineOptions } from '@vaxledger/application';
import { openScratchProjectionStore } from '../stores/scratch-projection-store.ts';
import { csvFileReaders } from './file-readers.ts';
import { openpgpPrintFiles } from '../security/openpgp-print-files.ts';

export interface OpenSqliteEngineOptions {
  /** The database file. */
  readonly file: string;
  /** The municipality; may be left out when the store holds exactly one. */
  readonly tenant?: string;
  /**
   * Create the store, with its key file, when the file does not exist (only `init` should). An existing file is
   * opened as always: it must be a store, with its own key file.
   */
  readonly create?: boolean;
  readonly clock?: Clock;
  /**
   * Where keys and secret hashes live; by default the file `<file>.keys` beside the database, never inside it, which
   * must be the store's own (its fingerprint is recorded in the store). A host's own key store is its to keep.
   */
  readonly keyStore?: KeyStore;
  /**
   * Required: see EngineOptions.authenticator. Either one, or a factory given the key store (and the clock): the CLI
   * passes `secretAuthenticator`, so that secrets and the lockout live in the store's own key file.
   */
  readonly authenticator: Authenticator | ((keyStore: KeyStore, options: { clock?: Clock }) => Authenticator);
  /**
   * How many just-written events the catch-up after an append may read from memory instead of reading and opening
   * them again (about 1.5 KB each, held only until that catch-up). Default: {@link defaultRecentEvents}, from the
   * process's heap limit.
   */
  readonly recentEvents?: number;
  /** See EngineOptions.erasureSteps (a test seam). */
  readonly erasureSteps?: EngineOptions['erasureSteps'];
}

/**
 * Events a catch-up may read from memory after an append, by default: one for every 20 KB of the heap limit (about
 * 7 % of it held at most), between 10,000 and 1,100,000 (a full extract of a city of a million and its moves). Fixed
 * at 1,100,000, the cache crowded a default Node heap (~4 GB here): a 1,000,000-row import took 303 s against 217 s
 * with 200,000 held; with a 12 GB heap, holding them all saved about 20 s of its catch-up.
 */
export function defaultRecentEvents(heapLimitBytes: number = getHeapStatistics().heap_size_limit): number {
  return Math.max(10_000, Math.min(1_100_000, Math.floor(heapLimitBytes / 20_000)));
}

/**
 * Opens the embedded store and its projections: the default way to run the engine on one machine. A file that is not
 * a vaxledger store is refused and left as it was; so is a store whose key file is missing or another store's.
 */
export async function openSqliteEngine(options: OpenSqliteEngineOptions): Promise<Engine> {
  if (!options.authenticator) throw new DomainError('no-authenticator', 'openSqliteEngine needs an authenticator: secretAuthenticator, the host\'s own, or hostAuthenticated');
  const creating = options.create === true && !existsSync(options.file);
  // A key file without its database is some store's keys: never replaced, and never removed below.
  if (creating && !options.keyStore && existsSync(`${options.file}.keys`)) {
    throw new DomainError('key-file-exists', `${options.file}.keys exists already, without its store: restore the store beside it, or move it away`);
  }
  const marked = creating ? true : checkStoreFile(options.file).marked;
  if (creating) createMarkedFile(options.file, STORE_APPLICATION_ID);
  let keyStore: KeyStore | undefined;
  let store: SqliteEventStore | undefined;
  let engine: Engine | undefined;
  try {
    keyStore = options.keyStore ?? FileKeyStore.besideDatabase(options.file, { create: creating });
    // Personal items are sealed per subject, in events and projection documents alike: never at rest in clear.
    const cipher = new SubjectCipher(keyStore);
    // The engine catches its projections up right after each append: they read what it just wrote from memory.
    store = SqliteEventStore.open(options.file, { codec: cipher, recentEvents: options.recentEvents ?? defaultRecentEvents(), ...(options.clock ? { clock: options.clock } : {}) });
    if (keyStore instanceof FileKeyStore) bindKeyFile(store.db, keyStore);
    if (!marked) store.db.pragma(`application_id = ${STORE_APPLICATION_ID}`); // a store made before stores were marked
    const projectionStore = new SqliteProjectionStore(store.db, cipher);
    let tenant = options.tenant;
    if (tenant === undefined) {
      const tenants = tenantsOf(store);
      if (tenants.length !== 1) {
        throw new DomainError('tenant-required', tenants.length === 0 ? 'the store holds no tenant yet' : 'the store holds several tenants: name one with --tenant');
      }
      tenant = tenants[0]!;
    }
    const authenticator = typeof options.authenticator === 'function' ? options.authenticator(keyStore, options.clock ? { clock: options.clock } : {}) : options.authenticator;
    // Each CLI command is a new process: the eligibility index is kept sealed between them.
    const eligibilitySnapshots = new EligibilitySnapshots(store.db, cipher);
    engine = new Engine({
      store, projectionStore, tenant, keyStore, cipher, eligibilitySnapshots, fileReaders: csvFileReaders, printFiles: openpgpPrintFiles, verifyScratch: openScratchProjectionStore,
      // Certificates signed as SMART Health Cards, with the tenant's key kept (wrapped) in the same key file.
      certificateSigner: new HealthCardSigner(keyStore),
      ...(options.clock ? { clock: options.clock } : {}),
      authenticator, ...(options.erasureSteps ? { erasureSteps: options.erasureSteps } : {}),
    });
    // An erasure a crash interrupted after it was recorded is finished before anything else reads the store.
    await engine.finishErasures();
    return engine;
  } catch (error) {
    if (engine) {
      await engine.close();
      throw error;
    }
    await store?.close();
    if (!options.keyStore) (keyStore as FileKeyStore | undefined)?.close();
    // A store this call began to make is not left half made (nor a key file without its store).
    if (creating) removeNewStore(options.file, !options.keyStore);
    throw error;
  }
}

/**
 * A new store records its key file's fingerprint; an existing one refuses any other key file. A store made before
 * the fingerprint was recorded takes the key file it is opened with (which must exist: none is made for it).
 */
export function bindKeyFile(db: Database.Database, keyStore: FileKeyStore): void {
  const recorded = recordedKeyFile(db);
  if (recorded === null) {
    if (!db.readonly) recordKeyFile(db, keyStore.fingerprint);
  } else if (recorded !== keyStore.fingerprint) {
    throw keyFileRefused(keyStore.file);
  }
}

/**
 * Tenants are known by their operators: every tenant starts with `init`, which registers its administrator
 * (read from the operators projection, a few rows, rather than from the events).
 */
export function tenantsOf(store: SqliteEventStore): string[] {
  const rows = store.db.prepare<[], { tenant: string }>(
    "SELECT DISTINCT substr(key, 1, 6) AS tenant FROM projection_docs WHERE projection = 'operators' ORDER BY 1").all();
  return rows.map((r) => r.tenant);
}
