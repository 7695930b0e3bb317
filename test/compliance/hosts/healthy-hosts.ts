import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createEngine, FileKeyStore, MemoryEventStore, MemoryKeyStore, openSqliteEngine, secretAuthenticator, SubjectCipher, type Engine } from '@vaxledger/adapters';
import { openEsdbEngine } from '@vaxledger/adapters/eventstoredb';
import type { KitOptions } from '@vaxledger/adapters/testing';
import { MemoryProjectionStore } from '@vaxledger/projections';
import { hostAuthenticated } from '@vaxledger/domain';
import { EsdbDouble } from '../../support/esdb-double.ts';

/** The administrator's secret on every healthy host: they all check secrets (secretAuthenticator), as the CLI does. */
export const ADMIN_SECRET = 'kit-admin-secret-0123';
const credentials: KitOptions['credentials'] = (id) => (id === 'admin.sato' ? { secret: ADMIN_SECRET } : undefined);

/** What a host writes to run the kit: on the embedded SQLite store, one folder per store, reopened as a new process would. */
export function sqliteHost(root: string): KitOptions {
  const folders = new WeakMap<Engine, string>();
  const open = async (folder: string, tenant: string) => {
    const engine = await openSqliteEngine({ file: join(folder, 'store.db'), tenant, create: true, authenticator: (keyStore) => secretAuthenticator(keyStore) });
    folders.set(engine, folder);
    return engine;
  };
  return {
    credentials,
    engine: async (tenant, shared: { folder?: string }) => {
      shared.folder ??= join(root, randomUUID());
      mkdirSync(shared.folder, { recursive: true });
      const engine = await open(shared.folder, tenant);
      await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
      return engine;
    },
    dataFolder: (engine) => folders.get(engine),
    reopen: async (engine) => {
      await engine.close();
      return open(folders.get(engine)!, engine.tenant);
    },
  };
}

/** On EventStoreDB (the double of the server): the host keeps its key file and each engine's projection file in a folder. */
export function esdbHost(root: string): KitOptions {
  const places = new WeakMap<Engine, { folder: string; server: EsdbDouble }>();
  let n = 0;
  const open = async (folder: string, server: EsdbDouble, tenant: string) => {
    const keysFile = join(folder, 'keys.db');
    const keyStore = new FileKeyStore(keysFile, { create: !existsSync(keysFile) });
    const engine = await openEsdbEngine({ client: server.client(), tenant, keyStore, projectionFile: join(folder, `projections-${tenant}-${n++}.db`), authenticator: secretAuthenticator(keyStore) });
    places.set(engine, { folder, server });
    return engine;
  };
  return {
    credentials,
    engine: async (tenant, shared: { folder?: string; server?: EsdbDouble }) => {
      shared.folder ??= join(root, randomUUID());
      shared.server ??= new EsdbDouble();
      mkdirSync(shared.folder, { recursive: true });
      const engine = await open(shared.folder, shared.server, tenant);
      await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
      return engine;
    },
    dataFolder: (engine) => places.get(engine)?.folder,
    reopen: async (engine) => {
      const { folder, server } = places.get(engine)!;
      await engine.close();
      return open(folder, server, engine.tenant);
    },
  };
}

/**
 * In memory: the event store, projections and keys all in memory, the events sealed by the subject cipher's keys as
 * on SQLite (so erasure runs). Nothing is on disk: what the kit reads at rest is what the store holds
 * (`heldBytes`), and a reopen is what a host keeping those bytes would do — a new engine over the rows read back
 * from them and the same keys, its projections rebuilt.
 */
export function memoryHost(): KitOptions {
  const places = new WeakMap<Engine, { store: MemoryEventStore; keyStore: MemoryKeyStore }>();
  const open = (tenant: string, store: MemoryEventStore, keyStore: MemoryKeyStore, projections = new MemoryProjectionStore()) => {
    const engine = createEngine({
      store, projectionStore: projections, tenant, keyStore, cipher: new SubjectCipher(keyStore), authenticator: secretAuthenticator(keyStore),
    });
    places.set(engine, { store, keyStore });
    return engine;
  };
  return {
    credentials,
    engine: async (tenant, shared: { store?: MemoryEventStore; projections?: MemoryProjectionStore; keyStore?: MemoryKeyStore }) => {
      shared.keyStore ??= new MemoryKeyStore();
      shared.store ??= new MemoryEventStore({ codec: new SubjectCipher(shared.keyStore) });
      shared.projections ??= new MemoryProjectionStore();
      const engine = open(tenant, shared.store, shared.keyStore, shared.projections);
      await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
      return engine;
    },
    heldBytes: (engine) => {
      const place = places.get(engine);
      return place && { 'events.jsonl': place.store.heldBytes() };
    },
    reopen: async (engine) => {
      const { store, keyStore } = places.get(engine)!;
      const bytes = store.heldBytes();
      await engine.close();
      return open(engine.tenant, MemoryEventStore.fromHeldBytes(bytes, { codec: new SubjectCipher(keyStore) }), keyStore);
    },
  };
}

/** A host on hostAuthenticated that says so: its authentication property checks that a secret is refused. */
export function hostVouches(): KitOptions {
  return {
    authentication: 'host-vouches',
    engine: async (tenant) => {
      const engine = createEngine({ store: new MemoryEventStore(), tenant, authenticator: hostAuthenticated });
      await engine.initTenant('admin.sato');
      return engine;
    },
  };
}
