import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createEngine, csvFileReaders, EligibilitySnapshots, FileKeyStore, MemoryEventStore, MemoryKeyStore, openScratchProjectionStore, secretAuthenticator,
  SqliteEventStore, SqliteProjectionStore, SubjectCipher, type Engine, type EngineOptions, type EligibilitySnapshotStore, type FileReaders,
} from '@vaxledger/adapters';
import type { KitOptions, PropertyName } from '@vaxledger/adapters/testing';
import type { EventCodec, EventStore, EventToAppend, KeyStore, StoredRowReader } from '@vaxledger/domain';
import { MemoryProjectionStore, type ProjectionStore } from '@vaxledger/projections';
import { ADMIN_SECRET } from './healthy-hosts.ts';

// The parts the gallery of broken hosts (../broken-hosts/) is made of: a healthy host in memory or on SQLite whose
// engine options a case patches, and wrappers around the real store, projection store and file readers. Nothing here
// changes the library: every flaw goes in through what a host composes its engine of.

/** What each file of the gallery exports. */
export interface BrokenHostCase {
  readonly name: string;
  readonly description: string;
  readonly expectedProperty: PropertyName;
  /** The host, given a folder of its own for any files it keeps. */
  readonly host: (folder: string) => KitOptions;
  /** The property that must still pass on the host (a cheap one by default); null when the flaw breaks them all. */
  readonly control?: PropertyName | null;
}

export const credentials: KitOptions['credentials'] = (id) => (id === 'admin.sato' ? { secret: ADMIN_SECRET } : undefined);

type Store = EventStore & StoredRowReader;

/** What a patch is given: the parts of the engine about to be made (shared between the tenants of one store). */
export interface MemoryParts {
  readonly tenant: string;
  readonly store: Store;
  readonly keyStore: MemoryKeyStore;
  readonly projectionStore: ProjectionStore;
}

/**
 * A healthy host in memory (secrets checked, personal items sealed) whose engine options `patch` changes. `wrapStore`
 * and `wrapProjections` wrap the store and projection store once per shared store, as a host's adapter would.
 */
export function memoryHostWith(patch: (parts: MemoryParts) => Partial<EngineOptions> = () => ({}), wrap: { store?: (s: Store) => Store; projections?: (p: ProjectionStore) => ProjectionStore } = {}): KitOptions {
  return {
    credentials,
    engine: async (tenant, shared: { store?: Store; keyStore?: MemoryKeyStore; projectionStore?: ProjectionStore }) => {
      shared.store ??= wrap.store ? wrap.store(new MemoryEventStore()) : new MemoryEventStore();
      shared.keyStore ??= new MemoryKeyStore();
      shared.projectionStore ??= wrap.projections ? wrap.projections(new MemoryProjectionStore()) : new MemoryProjectionStore();
      const parts: MemoryParts = { tenant, store: shared.store, keyStore: shared.keyStore, projectionStore: shared.projectionStore };
      const engine = createEngine({
        store: parts.store, projectionStore: parts.projectionStore, tenant, keyStore: parts.keyStore, cipher: new SubjectCipher(parts.keyStore),
        authenticator: secretAuthenticator(parts.keyStore), ...patch(parts),
      });
      await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
      return engine;
    },
  };
}

/** What a SQLite host may change: the key store, the event codec, the snapshot store, or any other engine option. */
export interface SqlitePatch {
  readonly keyStore?: (file: string, create: boolean) => KeyStore & FileKeyStore;
  /** The codec the event store seals with (the real cipher given); `null`: no codec at all. */
  readonly codec?: ((cipher: SubjectCipher) => EventCodec) | null;
  readonly snapshots?: (real: EligibilitySnapshots, folder: string) => EligibilitySnapshotStore;
  readonly engine?: (keyStore: KeyStore) => Partial<EngineOptions>;
}

/**
 * A healthy SQLite host composed by hand from the adapters' parts, as openSqliteEngine composes it (a store file and
 * its key file in one folder per store, reopened as a new process would), with the patch's parts in place.
 */
export function sqliteHostWith(root: string, patch: SqlitePatch = {}): KitOptions {
  const folders = new WeakMap<Engine, string>();
  const open = async (folder: string, tenant: string, create: boolean) => {
    const keysFile = join(folder, 'store.db.keys');
    const keyStore = patch.keyStore ? patch.keyStore(keysFile, create) : new FileKeyStore(keysFile, { create });
    const cipher = new SubjectCipher(keyStore);
    const codec = patch.codec === null ? undefined : patch.codec ? patch.codec(cipher) : cipher;
    const store = SqliteEventStore.open(join(folder, 'store.db'), codec ? { codec } : {});
    const real = new EligibilitySnapshots(store.db, cipher);
    const engine = createEngine({
      store, projectionStore: new SqliteProjectionStore(store.db, cipher), tenant, keyStore, cipher, verifyScratch: openScratchProjectionStore,
      eligibilitySnapshots: patch.snapshots ? patch.snapshots(real, folder) : real, fileReaders: csvFileReaders,
      authenticator: secretAuthenticator(keyStore), ...patch.engine?.(keyStore),
    });
    await engine.finishErasures();
    folders.set(engine, folder);
    return engine;
  };
  return {
    credentials,
    engine: async (tenant, shared: { folder?: string }) => {
      const created = shared.folder === undefined;
      shared.folder ??= join(root, randomUUID());
      mkdirSync(shared.folder, { recursive: true });
      const engine = await open(shared.folder, tenant, created);
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

/**
 * A store adapter that rewrites what is appended: each event through `rewrite` (dropped when it returns null, refused
 * when it throws), everything else as the real store does.
 */
export function rewritingStore(inner: Store, rewrite: (event: EventToAppend, stream: string) => EventToAppend | null): Store {
  const kept = (stream: string, events: readonly EventToAppend[]) => events.map((e) => rewrite(e, stream)).filter((e): e is EventToAppend => e !== null);
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'append') {
        return async (stream: string, events: readonly EventToAppend[], options: Parameters<Store['append']>[2]) => {
          const left = kept(stream, events);
          return left.length > 0 ? target.append(stream, left, options) : { nextRevision: 0n, position: (await target.head()).position };
        };
      }
      if (prop === 'appendMulti') {
        return (appends: Parameters<Store['appendMulti']>[0]) => {
          const left = appends.map((a) => ({ ...a, events: kept(a.stream, a.events) })).filter((a) => a.events.length > 0);
          return left.length > 0 ? target.appendMulti(left) : Promise.resolve([]);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A projection store adapter whose `scan` of one projection ignores the tenant part of the prefix it is given (keys are
 * `tenant/…`): it gives the documents of every tenant whose key goes on as asked.
 */
export function scanIgnoringTenant(inner: ProjectionStore, projection: string): ProjectionStore {
  async function* anyTenant(name: string, rest: string, options: Parameters<ProjectionStore['scan']>[1]) {
    const { prefix: _p, ...others } = options ?? {};
    for await (const d of inner.scan(name, others)) if (d.key.slice(d.key.indexOf('/') + 1).startsWith(rest)) yield d;
  }
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'scan') {
        return (name: string, options?: Parameters<ProjectionStore['scan']>[1]) => {
          const prefix = options?.prefix;
          if (name !== projection || prefix === undefined || !prefix.includes('/')) return target.scan(name, options);
          return anyTenant(name, prefix.slice(prefix.indexOf('/') + 1), options);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** File readers that pass every file's text through `clean` before the real readers see it (a host's pre-cleaning). */
export function cleaningReaders(clean: (text: string) => string): FileReaders {
  const cleaned = (bytes: Uint8Array) => {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return new TextEncoder().encode(clean(text));
  };
  return {
    readRegistryFile: (bytes, o) => csvFileReaders.readRegistryFile(cleaned(bytes), o),
    readSlipFile: (bytes, o) => csvFileReaders.readSlipFile(cleaned(bytes), o),
    readVrsFile: (bytes, o) => csvFileReaders.readVrsFile(cleaned(bytes), o),
    readInquiryAnswerFile: (bytes, o) => csvFileReaders.readInquiryAnswerFile!(cleaned(bytes), o),
  };
}

/** Splits a CSV line into fields (quoted fields as csvFileBytes writes them). */
function fieldsOf(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out;
}

const lineOf = (fields: readonly string[]) => fields.map((f) => (/[",]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');

/** A cleaning that empties the cells of the columns whose header is one of `headers` (the file's header kept). */
export function emptyingColumns(headers: readonly string[]): (text: string) => string {
  return (text) => {
    const lines = text.split('\r\n');
    const header = fieldsOf(lines[0] ?? '');
    const at = header.map((h, i) => (headers.includes(h.trim()) ? i : -1)).filter((i) => i >= 0);
    if (at.length === 0) return text;
    return [lines[0]!, ...lines.slice(1).map((l) => (l === '' ? l : lineOf(fieldsOf(l).map((f, i) => (at.includes(i) ? '' : f)))))].join('\r\n');
  };
}

/**
 * An event codec that seals as the real cipher does, but leaves `item` of events of `type` in clear beside the sealed
 * part (the real cipher opens such an event as before: the clear item is overwritten by the sealed one).
 */
export function leavingInClear(cipher: SubjectCipher, type: string, item: string): EventCodec {
  return {
    prepare: (tenant, events, create) => cipher.prepare(tenant, events, create),
    prepareRows: (rows) => cipher.prepareRows(rows),
    seal: (tenant, stream, eventId, eventType, data) => {
      const sealed = cipher.seal(tenant, stream, eventId, eventType, data);
      const value = (data as Record<string, unknown>)[item];
      return eventType === type && value !== undefined ? { [item]: value, ...(sealed as object) } : sealed;
    },
    open: (tenant, stream, eventId, eventType, data) => cipher.open(tenant, stream, eventId, eventType, data),
    get generation() {
      return cipher.generation;
    },
  };
}
