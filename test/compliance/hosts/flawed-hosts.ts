import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createEngine as createBareEngine } from '@vaxledger/application';
import { createEngine, FileKeyStore, MemoryEventStore, MemoryKeyStore, openSqliteEngine, secretAuthenticator, SqliteEventStore, SubjectCipher, type Engine } from '@vaxledger/adapters';
import type { KitOptions } from '@vaxledger/adapters/testing';
import { hostAuthenticated, type EventStore, type StoredRowReader } from '@vaxledger/domain';
import { ALL_PROJECTIONS, MemoryProjectionStore } from '@vaxledger/projections';
import { ADMIN_SECRET, memoryHost, sqliteHost } from './healthy-hosts.ts';

// A few hosts each with one flaw, injected through the engine's options or the host's own code (never by editing the
// library), to show that each property of the kit can fail. The gallery of broken hosts is issue 22's other half.

const credentials: KitOptions['credentials'] = (id) => (id === 'admin.sato' ? { secret: ADMIN_SECRET } : undefined);

type Shared = { store?: EventStore & StoredRowReader; keyStore?: MemoryKeyStore; projections?: MemoryProjectionStore };

async function memoryEngine(tenant: string, shared: Shared, options: Partial<Parameters<typeof createEngine>[0]> = {}, init = true): Promise<Engine> {
  shared.store ??= new MemoryEventStore();
  shared.keyStore ??= new MemoryKeyStore();
  shared.projections ??= new MemoryProjectionStore();
  const engine = createEngine({
    store: shared.store, projectionStore: shared.projections, tenant, keyStore: shared.keyStore, cipher: new SubjectCipher(shared.keyStore),
    authenticator: secretAuthenticator(shared.keyStore), ...options,
  });
  if (init) await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
  return engine;
}

/** access: the host makes every operator it registers an administrator as well (a "convenience" of its admin screen). */
export function everyoneAdministrator(): KitOptions {
  const healthy = memoryHost();
  return {
    ...healthy,
    engine: async (tenant, shared) => {
      const engine = await healthy.engine(tenant, shared);
      const session = engine.session.bind(engine);
      engine.session = (id, purpose, creds) => {
        const s = session(id, purpose, creds);
        const register = s.registerOperator.bind(s);
        s.registerOperator = (operatorId, roles, purposes, options) => register(operatorId, [...roles, 'administrator'], purposes, options);
        return s;
      };
      return engine;
    },
  };
}

/** reads-logged: the host's store adapter drops the read records (RecordViewed) as noise. */
export function readsDropped(): KitOptions {
  return {
    credentials,
    engine: async (tenant, shared: { store?: EventStore & StoredRowReader }) => {
      const inner = new MemoryEventStore();
      shared.store ??= new Proxy(inner, {
        get(target, prop, receiver) {
          if (prop === 'appendMulti') {
            return (appends: Parameters<MemoryEventStore['appendMulti']>[0]) => {
              const kept = appends.map((a) => ({ ...a, events: a.events.filter((e) => e.type !== 'RecordViewed') })).filter((a) => a.events.length > 0);
              return kept.length > 0 ? target.appendMulti(kept) : Promise.resolve([]);
            };
          }
          if (prop === 'append') {
            return (stream: string, events: Parameters<MemoryEventStore['append']>[1], o: Parameters<MemoryEventStore['append']>[2]) => {
              const kept = events.filter((e) => e.type !== 'RecordViewed');
              return kept.length > 0 ? target.append(stream, kept, o) : Promise.resolve({ nextRevision: 0n, position: 0n });
            };
          }
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      return memoryEngine(tenant, shared);
    },
  };
}

/** tenants-isolated: the host keeps one engine per store, whatever tenant it is asked for (the first one's). */
export function tenantIgnored(): KitOptions {
  return {
    credentials,
    engine: async (tenant, shared: Shared & { engine?: Promise<Engine> }) => {
      shared.engine ??= memoryEngine(tenant, shared);
      return shared.engine;
    },
  };
}

/** nothing-at-rest: the host builds its SQLite engine by hand and forgets the cipher: events are stored in clear. */
export function unsealedSqlite(root: string): KitOptions {
  const folders = new WeakMap<Engine, string>();
  const open = async (folder: string, tenant: string) => {
    const keyStore = new MemoryKeyStore();
    const engine = createEngine({ store: SqliteEventStore.open(join(folder, 'store.db')), tenant, keyStore, authenticator: secretAuthenticator(keyStore) });
    folders.set(engine, folder);
    return engine;
  };
  return {
    credentials,
    engine: async (tenant) => {
      const folder = join(root, randomUUID());
      mkdirSync(folder, { recursive: true });
      const engine = await open(folder, tenant);
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

/** erasure: the host's key store forgets to destroy keys on disk (its destroy does nothing). */
export function keysNeverDestroyed(root: string): KitOptions {
  class KeepingKeyStore extends FileKeyStore {
    override async destroySubjectKey(): Promise<void> {}
  }
  const healthy = sqliteHost(root);
  const folders = new WeakMap<Engine, string>();
  const open = async (folder: string, tenant: string, create: boolean) => {
    const keyStore = new KeepingKeyStore(join(folder, 'keys.db'), { create });
    const engine = await openSqliteEngine({ file: join(folder, 'store.db'), tenant, create, keyStore, authenticator: secretAuthenticator(keyStore) });
    folders.set(engine, folder);
    return engine;
  };
  return {
    ...healthy,
    engine: async (tenant) => {
      const folder = join(root, randomUUID());
      mkdirSync(folder, { recursive: true });
      const engine = await open(folder, tenant, true);
      await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
      return engine;
    },
    dataFolder: (engine) => folders.get(engine),
    reopen: async (engine) => {
      await engine.close();
      return open(folders.get(engine)!, engine.tenant, false);
    },
  };
}

/** rebuild: a host's own reducer stamps the residents' documents with the time it ran (not from the events). */
export function clockInReducer(): KitOptions {
  const projections = ALL_PROJECTIONS.map((p) => (p.name !== 'residents' ? p : {
    ...p, evolve: (doc: unknown, event: Parameters<typeof p.evolve>[1], key: string) => {
      const next = p.evolve(doc as never, event, key);
      return next === undefined ? next : { ...next, projectedAt: new Date().toISOString() + Math.random() };
    },
  }));
  return { credentials, engine: (tenant, shared) => memoryEngine(tenant, shared, { projections: projections as typeof ALL_PROJECTIONS }) };
}

/** authentication: the host's authenticator lets any secret in. */
export function anySecretAccepted(): KitOptions {
  return { credentials, engine: (tenant, shared) => memoryEngine(tenant, shared, { authenticator: { authenticate: async () => 'ok' as const } }) };
}

/** my-number-refused: the host composes the engine from @vaxledger/application without file readers (imports all refused). */
export function noFileReaders(): KitOptions {
  return {
    credentials,
    engine: async (tenant, shared: { store?: MemoryEventStore; keyStore?: MemoryKeyStore }) => {
      shared.store ??= new MemoryEventStore();
      shared.keyStore ??= new MemoryKeyStore();
      const engine = createBareEngine({ store: shared.store, tenant, keyStore: shared.keyStore, cipher: new SubjectCipher(shared.keyStore), authenticator: secretAuthenticator(shared.keyStore) });
      await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
      return engine;
    },
  };
}

/** A host on hostAuthenticated that says so: its authentication property checks that a secret is refused. */
export function hostVouches(): KitOptions {
  return { authentication: 'host-vouches', engine: async (tenant) => {
    const engine = createEngine({ store: new MemoryEventStore(), tenant, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    return engine;
  } };
}
