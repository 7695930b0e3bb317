import { describe, it } from 'vitest';
import { join } from 'node:path';
import { createEngine, MemoryEventStore, MemoryKeyStore, openSqliteEngine, type Engine } from '@vaxledger/adapters';
import { openEsdbEngine } from '@vaxledger/adapters/eventstoredb';
import { runComplianceKit } from '@vaxledger/adapters/testing';
import { MemoryProjectionStore } from '@vaxledger/projections';
import { tempDir } from '../support/temp.ts';
import { EsdbDouble } from '../support/esdb-double.ts';
import { hostAuthenticated } from '@vaxledger/domain';

// What a host application writes to run the compliance kit against its configuration: a factory, a few lines.
describe('the compliance kit (@vaxledger/adapters/testing), run as a host would', () => {
  it('passes for engines on the in-memory store', async () => {
    await runComplianceKit({
      numRuns: 8,
      engine: async (tenant, shared: { store?: MemoryEventStore; projections?: MemoryProjectionStore }) => {
        shared.store ??= new MemoryEventStore();
        shared.projections ??= new MemoryProjectionStore();
        const engine = createEngine({ store: shared.store, projectionStore: shared.projections, tenant, authenticator: hostAuthenticated });
        await engine.initTenant('admin.sato');
        return engine;
      },
    });
  }, 300_000);

  it('passes for engines on the embedded SQLite store, files at rest included', async () => {
    const dir = tempDir();
    let n = 0;
    const files = new WeakMap<Engine, string>();
    await runComplianceKit({
      numRuns: 4,
      engine: async (tenant, shared: { file?: string }) => {
        shared.file ??= join(dir, `kit-${n++}.db`);
        const engine = await openSqliteEngine({ file: shared.file, tenant, create: true, authenticator: hostAuthenticated });
        await engine.initTenant('admin.sato');
        files.set(engine, shared.file);
        return engine;
      },
      databaseFile: (engine) => files.get(engine),
    });
  }, 300_000);

  it('passes for engines on the EventStoreDB store (over the double of the server: each engine a process of its own)', async () => {
    await runComplianceKit({
      numRuns: 4,
      engine: async (tenant, shared: { server?: EsdbDouble; keyStore?: MemoryKeyStore }) => {
        shared.server ??= new EsdbDouble();
        shared.keyStore ??= new MemoryKeyStore();
        const engine = await openEsdbEngine({ client: shared.server.client(), tenant, keyStore: shared.keyStore, authenticator: hostAuthenticated });
        await engine.initTenant('admin.sato');
        return engine;
      },
    });
  }, 300_000);
});
