// Issue 20, item 3: a command stops when its operator does. An operator deactivated by another process while their
// command (an import of a whole file) is under way must not have it committed: the standing is checked again inside the
// write transaction of the commit, the batch stays absent, and the refusal is logged as denied.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AccessDeniedError, hostAuthenticated, type EventStore, type StoredRowReader, type StreamAppend } from '@vaxledger/domain';
import { createEngine, MemoryEventStore, openSqliteEngine, SqliteEventStore, type Engine } from '@vaxledger/adapters';
import { EsdbEventStore } from '@vaxledger/adapters/eventstoredb';
import { collect, TENANT } from '../../support/events.ts';
import { aResident } from '../../support/residents.ts';
import { tempDir } from '../../support/temp.ts';
import { onLines, REPO_ROOT, spawnTs } from '../../support/child.ts';
import { EsdbDouble } from '../../support/esdb-double.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../../support/files.ts';

const dir = tempDir('vaxledger-standing-');
const ROWS = 3_000;

function registryFile(rows: number): Uint8Array {
  const lines = [REGISTRY_HEADER];
  for (let i = 1; i <= rows; i++) {
    lines.push(registryRow({ id: String(i).padStart(7, '0'), kana: 'シケン タロウ', kanji: '試験 太郎', birth: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? '1' : '2', address: `仙台市青葉区試験町${i}` }));
  }
  return csvBytes(lines);
}

async function census(store: StoredRowReader) {
  const rows = await collect(store.readStoredRows(0n));
  return {
    registered: rows.filter((r) => r.type === 'ResidentRegistered').length,
    batches: rows.filter((r) => r.type === 'ImportBatchRecorded').length,
    deniedDeactivated: rows.filter((r) => r.type === 'AccessDenied' && r.dataText.includes('"deactivated"') && r.metadataText.includes('clerk.suzuki')).length,
  };
}

async function withClerk(engine: Engine): Promise<void> {
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'administration').registerOperator('clerk.suzuki', ['registration'], ['registration']);
}

/**
 * The store as the clerk's engine sees it, with another engine (another process, on the same store) deactivating the
 * clerk at the worst moment: after the clerk's standing was read for the commit, just before the commit is written.
 */
function deactivatingAtCommit<S extends EventStore>(inner: S, other: () => Engine): S {
  let done = false;
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'appendMulti') {
        return async (appends: readonly StreamAppend[]) => {
          const writesClerk = appends.some((a) => a.events.some((e) => e.metadata.operatorId === 'clerk.suzuki' && e.type !== 'AccessDenied'));
          if (!done && writesClerk) {
            done = true;
            await other().session('admin.sato', 'administration').deactivateOperator('clerk.suzuki', '人事異動');
          }
          return target.appendMulti(appends);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each([
  ['memory', async (): Promise<EventStore & StoredRowReader> => new MemoryEventStore()],
  ['sqlite', async (): Promise<EventStore & StoredRowReader> => SqliteEventStore.open(join(dir, `in-process-${randomUUID()}.db`))],
  ['EventStoreDB double', async (): Promise<EventStore & StoredRowReader> => EsdbEventStore.open(new EsdbDouble().client())],
] as const)('an operator deactivated by another engine just before the commit (%s store)', (_name, open) => {
  it('refuses a command: nothing recorded, the refusal logged as denied', async () => {
    const inner = await open();
    const other = createEngine({ store: inner, tenant: TENANT, authenticator: hostAuthenticated });
    await withClerk(other);
    await other.session('admin.sato', 'registration').registerResident('000123', aResident(1));
    const clerk = createEngine({ store: deactivatingAtCommit(inner, () => other), tenant: TENANT, authenticator: hostAuthenticated });
    const attempt = clerk.session('clerk.suzuki', 'registration').recordVaccination({ residentId: '000123', vaccine: 'mr', dose: 1, date: '2026-03-01', source: 'counter' });
    await expect(attempt).rejects.toMatchObject({ name: 'AccessDeniedError', reason: 'deactivated' });
    const rows = await collect(inner.readStoredRows(0n));
    expect(rows.filter((r) => r.type === 'VaccinationRecorded')).toEqual([]);
    expect((await census(inner)).deniedDeactivated).toBe(1);
    await clerk.close();
  });

  it('refuses an import: the batch stays absent, the refusal logged as denied', async () => {
    const inner = await open();
    const other = createEngine({ store: inner, tenant: TENANT, authenticator: hostAuthenticated });
    await withClerk(other);
    const clerk = createEngine({ store: deactivatingAtCommit(inner, () => other), tenant: TENANT, authenticator: hostAuthenticated });
    await expect(clerk.session('clerk.suzuki', 'registration').importRegistry(registryFile(200), { fileName: 'weekly.csv' }))
      .rejects.toBeInstanceOf(AccessDeniedError);
    expect(await census(inner)).toEqual({ registered: 0, batches: 0, deniedDeactivated: 1 });
    // The same import by an active operator lands whole: the refusal left nothing behind that would be in its way.
    const summary = await other.session('admin.sato', 'registration').importRegistry(registryFile(200), { fileName: 'weekly.csv' });
    expect(summary.events).toBe(200);
    expect((await other.verify()).ok).toBe(true);
    await clerk.close();
  });
});

describe('an import in another process, its operator deactivated meanwhile (two real processes)', () => {
  it('is refused at its commit: not one of its events is recorded, and the refusal is logged', async () => {
    const db = join(dir, 'two-processes.db');
    const file = join(dir, 'weekly.csv');
    writeFileSync(file, registryFile(ROWS));
    const admin = await openSqliteEngine({ file: db, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    await withClerk(admin);

    const child = spawnTs(join(REPO_ROOT, 'test/support/paused-import-worker.ts'), [db, file]);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let outcome = '';
    const finished = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    await new Promise<void>((resolve) => onLines(child, (line) => {
      if (line === 'paused') resolve();
      else outcome = line;
    }));
    // The child has read and matched the whole file and is about to commit it: the operator is deactivated now.
    await admin.session('admin.sato', 'administration').deactivateOperator('clerk.suzuki', '人事異動');
    child.stdin.write('go\n');
    expect(await finished, stderr.slice(0, 500)).toBe(0);
    expect(outcome).toBe('REFUSED deactivated');
    expect(await census(admin.store)).toEqual({ registered: 0, batches: 0, deniedDeactivated: 1 });
    expect((await admin.verify()).ok).toBe(true);
    await admin.close();
  }, 120_000);
});
