// Issue 20, item 4: closing the engine never lies. close() during a call lets the call finish (its answer is true),
// refuses new calls with EngineClosedError, and a call cut off by the close's timeout says its outcome is unknown; a
// host that retries with the same requestId records the dose once, on every store.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EngineClosedError, hostAuthenticated, type EventStore, type StoredRowReader } from '@vaxledger/domain';
import { createEngine, MemoryEventStore, MemoryKeyStore, openSqliteEngine, SqliteEventStore, type Engine } from '@vaxledger/adapters';
import { EsdbEventStore } from '@vaxledger/adapters/eventstoredb';
import { EsdbDouble } from '../support/esdb-double.ts';
import { collect, TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir('vaxledger-close-');
const DOSE = { residentId: '000123', vaccine: 'mr', dose: 1, date: '2026-03-01', source: 'counter' } as const;

async function countOf(store: StoredRowReader, type: string): Promise<number> {
  return (await collect(store.readStoredRows(0n))).filter((r) => r.type === type).length;
}

async function sqliteEngine(file: string): Promise<Engine> {
  return openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
}

describe('close() during a call (SQLite store)', () => {
  it('lets the call finish with its true answer, then refuses new calls with EngineClosedError', async () => {
    const file = join(dir, `close-${randomUUID()}.db`);
    const engine = await sqliteEngine(file);
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000123', aResident(1));
    const call = s.recordVaccination(DOSE);
    const closed = engine.close();
    // Before the fix, the call failed with a raw TypeError although its event was committed.
    const answer = await call;
    await closed;
    expect(answer.recordId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(s.recordVaccination(DOSE)).rejects.toBeInstanceOf(EngineClosedError);
    await expect(engine.session('admin.sato', 'inquiry').viewLedger('000123')).rejects.toBeInstanceOf(EngineClosedError);
    await expect(engine.verify()).rejects.toBeInstanceOf(EngineClosedError);

    const store = SqliteEventStore.open(file);
    expect(await countOf(store, 'VaccinationRecorded')).toBe(1);
    await store.close();
  });

  it('a call still running when the wait runs out fails with EngineClosedError (outcome unknown); the retry with its requestId records the dose once', async () => {
    const file = join(dir, `timeout-${randomUUID()}.db`);
    const keyStore = new MemoryKeyStore();
    const open = () => openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated, keyStore });
    const engine = await open();
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'registration').registerResident('000123', aResident(1));
    const requestId = 'host-call-7f3a';
    const call = engine.session('admin.sato', 'registration').recordVaccination({ ...DOSE, requestId });
    await engine.close({ timeoutMs: 0 });
    const first = await call.then((value) => ({ value }), (error: unknown) => ({ error }));
    // Cut off (the store closed under it): not a raw error from a closed handle, and not a claim that nothing happened.
    expect('error' in first && first.error).toBeInstanceOf(EngineClosedError);
    expect((first as { error: EngineClosedError }).error.outcomeUnknown).toBe(true);
    // The host does not know whether it landed: it retries with the same requestId.
    const again = await open();
    const retried = await again.session('admin.sato', 'registration').recordVaccination({ ...DOSE, requestId });
    const twice = await again.session('admin.sato', 'registration').recordVaccination({ ...DOSE, requestId });
    expect(twice).toEqual(retried);
    expect(await countOf(again.store, 'VaccinationRecorded')).toBe(1);
    expect((await again.verify()).ok).toBe(true);
    await again.close();
  });
});

describe.each([
  ['memory', async (): Promise<EventStore & StoredRowReader> => new MemoryEventStore()],
  ['sqlite', async (): Promise<EventStore & StoredRowReader> => SqliteEventStore.open(join(dir, `retry-${randomUUID()}.db`))],
  ['EventStoreDB double', async (): Promise<EventStore & StoredRowReader> => EsdbEventStore.open(new EsdbDouble().client())],
] as const)('a retried call with a requestId (%s store)', (_name, open) => {
  it('is a no-op answering as the first call did; without one, the retry is refused as a duplicate dose', async () => {
    const store = await open();
    const engine = createEngine({ store, tenant: TENANT, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000123', aResident(1), { requestId: 'register-1' });
    await s.registerResident('000123', aResident(1), { requestId: 'register-1' });

    const first = await s.recordVaccination({ ...DOSE, requestId: 'dose-1' });
    const retry = await s.recordVaccination({ ...DOSE, requestId: 'dose-1' });
    expect(retry).toEqual(first);
    expect(await countOf(store, 'VaccinationRecorded')).toBe(1);
    await s.voidVaccination({ residentId: '000123', recordId: first.recordId, reason: 'duplicate', requestId: 'void-1' });
    await s.voidVaccination({ residentId: '000123', recordId: first.recordId, reason: 'duplicate', requestId: 'void-1' });
    expect(await countOf(store, 'VaccinationVoided')).toBe(1);
    // Unkeyed, the retry is a second call: the first records the dose again (the earlier record is void), and the
    // retry is refused as a duplicate of it (a doubt, never a second record without a reason).
    await s.recordVaccination(DOSE);
    await expect(s.recordVaccination(DOSE)).rejects.toMatchObject({ code: 'duplicate-dose' });
    expect(await countOf(store, 'VaccinationRecorded')).toBe(2);
    expect(await countOf(store, 'ResidentRegistered')).toBe(1);
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
  });
});
