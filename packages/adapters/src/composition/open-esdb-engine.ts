import Database from 'better-sqlite3';
import { DomainError, type Authenticator, type Clock, type KeyStore } from '@vaxledger/domain';
import { createEngine, type Engine } from '@vaxledger/application';
import { SubjectCipher } from '../security/subject-cipher.ts';
import { HealthCardSigner } from '../security/health-card-signer.ts';
import { SqliteProjectionStore } from '../stores/sqlite-projection-store.ts';
import { applyStorePragmas } from '../stores/sqlite-pragmas.ts';
import { openScratchProjectionStore } from '../stores/scratch-projection-store.ts';
import { csvFileReaders } from './file-readers.ts';
import { openpgpPrintFiles } from '../security/openpgp-print-files.ts';
import { EsdbEventStore, type EsdbClient } from '../stores/esdb/esdb-event-store.ts';

export interface OpenEsdbEngineOptions {
  /** `esdb://host:2113?tls=false`, or a cluster's connection string; or `client`, a client already made. */
  readonly connectionString?: string;
  readonly client?: EsdbClient;
  /** Names the store's streams in the database (default `vaxledger`): one database can hold several stores. */
  readonly prefix?: string;
  readonly tenant: string;
  /**
   * The subjects' keys. Every engine process of the store must share them (one key store behind the port, e.g. the
   * city's HSM or key service): a key made by one process has to open the events in every other.
   */
  readonly keyStore: KeyStore;
  /**
   * A local SQLite file for this process's projections: a cache of the log, caught up on open and rebuilt from the
   * log when lost. In memory when not given (rebuilt at every start).
   */
  readonly projectionFile?: string;
  readonly clock?: Clock;
  /** Required: see EngineOptions.authenticator. */
  readonly authenticator: Authenticator;
}

/** The engine on EventStoreDB: events sealed per subject, as on the embedded store, in the shared database. */
export async function openEsdbEngine(options: OpenEsdbEngineOptions): Promise<Engine> {
  if (!options.authenticator) throw new DomainError('no-authenticator', 'openEsdbEngine needs an authenticator: secretAuthenticator(keyStore), the host\'s own, or hostAuthenticated');
  const cipher = new SubjectCipher(options.keyStore);
  const storeOptions = { codec: cipher, ...(options.prefix ? { prefix: options.prefix } : {}), ...(options.clock ? { clock: options.clock } : {}) };
  if (!options.client && !options.connectionString) throw new DomainError('no-store', 'openEsdbEngine needs a connectionString or a client');
  const store = options.client
    ? await EsdbEventStore.open(options.client, storeOptions)
    : await EsdbEventStore.connect(options.connectionString!, storeOptions);
  let projectionStore: SqliteProjectionStore | undefined;
  let projectionDb: Database.Database | undefined;
  if (options.projectionFile) {
    projectionDb = new Database(options.projectionFile);
    applyStorePragmas(projectionDb);
    projectionStore = new SqliteProjectionStore(projectionDb, cipher);
  }
  const engine = createEngine({
    store, tenant: options.tenant, keyStore: options.keyStore, cipher, privateProjections: true, authenticator: options.authenticator,
    certificateSigner: new HealthCardSigner(options.keyStore),
    fileReaders: csvFileReaders, printFiles: openpgpPrintFiles, ...(projectionStore ? { verifyScratch: openScratchProjectionStore } : {}),
    ...(projectionStore ? { projectionStore } : {}), ...(options.clock ? { clock: options.clock } : {}),
  });
  if (projectionDb) {
    // The projection file is this helper's own: it is closed with the engine.
    const closeEngine = engine.close.bind(engine);
    const db = projectionDb;
    engine.close = async () => {
      await closeEngine();
      db.close();
    };
  }
  // As on the embedded store: an erasure another process recorded but did not finish is finished before any read.
  try {
    await engine.finishErasures();
  } catch (error) {
    await engine.close();
    throw error;
  }
  return engine;
}
