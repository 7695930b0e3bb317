// Issue 20, item 2: recorded time never runs backwards. A clock set back must not date a void before the record it
// voids; a wait for another process's write lock must not date an import's rows when it started; and `verify` names a
// row whose recorded time was forced backwards behind the engine's back.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { ChainHasher, GENESIS_HASH, hostAuthenticated, type Clock, type StoredRow, type StoredRowReader } from '@vaxledger/domain';
import { createEngine, MemoryEventStore, SqliteEventStore, SqliteProjectionStore } from '@vaxledger/adapters';
import { verifyStore } from '@vaxledger/projections';
import { collect, testMetadata, TENANT } from '../../support/events.ts';
import { aResident } from '../../support/residents.ts';
import { tempDir } from '../../support/temp.ts';
import { onLines, runCli, spawnTs } from '../../support/child.ts';

const dir = tempDir('vaxledger-time-');

/** A wall clock an attacker (or a careless NTP fix) can set back. */
function settableClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => new Date(now), set: (iso) => { now = new Date(iso); } };
}

async function rowsOf(store: StoredRowReader): Promise<StoredRow[]> {
  return collect(store.readStoredRows(0n));
}

describe.each([
  ['memory', (clock: Clock) => new MemoryEventStore({ clock })],
  ['sqlite', (clock: Clock) => SqliteEventStore.open(join(dir, `clock-${randomUUID()}.db`), { clock })],
] as const)('a clock set back (%s store)', (_name, open) => {
  it('never dates a void before the record it voids, and --as-of never shows it voided before it existed', async () => {
    const clock = settableClock('2026-06-01T10:00:00Z');
    const store = open(clock);
    const engine = createEngine({ store, tenant: TENANT, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000123', aResident(1));
    const { recordId } = await s.recordVaccination({ residentId: '000123', vaccine: 'mr', dose: 1, date: '2026-05-01', source: 'counter' });
    const recordedAt = (await rowsOf(store)).find((r) => r.type === 'VaccinationRecorded')!.recordedAt;

    clock.set('2026-06-01T09:00:00Z'); // an hour back
    await s.voidVaccination({ residentId: '000123', recordId, reason: 'entered for the wrong person' });
    const rows = await rowsOf(store);
    const voided = rows.find((r) => r.type === 'VaccinationVoided')!;
    expect(Date.parse(voided.recordedAt)).toBeGreaterThanOrEqual(Date.parse(recordedAt));
    for (let i = 1; i < rows.length; i++) expect(Date.parse(rows[i]!.recordedAt)).toBeGreaterThanOrEqual(Date.parse(rows[i - 1]!.recordedAt));

    // Half an hour before the record was made, the ledger held nothing: not a record already voided.
    const before = await s.ledgerAsOf('000123', { instant: '2026-06-01T09:30:00Z' });
    expect(before?.records ?? []).toEqual([]);
    const report = await engine.verify();
    expect(report.problems).toEqual([]);
    await engine.close();
  });
});

describe('a wait for the write lock', () => {
  it('dates the rows when the commit took the lock, not when the append was asked for', async () => {
    const file = join(dir, 'contended.db');
    // Opened (its schema written) before the other process takes the lock.
    const store = SqliteEventStore.open(file, { busyTimeoutMs: 60_000 });
    // A real second process holds the write lock, then says when it let it go.
    const holder = spawnTs('test/support/hold-write-lock.ts', [file, '1500']);
    let releasedAt = 0;
    const held = new Promise<void>((resolve) => onLines(holder, (line) => {
      if (line === 'held') resolve();
      if (line.startsWith('released ')) releasedAt = Number(line.slice('released '.length));
    }));
    const exited = new Promise<number>((resolve) => holder.on('close', (code) => resolve(code ?? -1)));
    await held;
    const askedAt = Date.now();
    await store.append(`${TENANT}/resident/r1`, [{ id: randomUUID(), type: 'TestHappened', schemaVersion: 1, data: { n: 1 }, metadata: testMetadata() }], { expectedRevision: 'any' });
    expect(await exited).toBe(0);
    const [row] = await rowsOf(store);
    await store.close();
    expect(releasedAt).toBeGreaterThan(askedAt);
    // Before the fix this was the time the append was asked for, before the other process let the lock go.
    expect(Date.parse(row!.recordedAt)).toBeGreaterThanOrEqual(releasedAt);
  });
});

/** Sets a row's recorded time behind the engine's back and re-links the chain from it, so that only the time is wrong. */
function forceTimeBack(file: string, position: number, recordedAt: string): void {
  const store = SqliteEventStore.open(file, { readonly: true });
  const hasher = new ChainHasher(store.chainFormat());
  store.db.close();
  const db = new Database(file);
  db.prepare('UPDATE events SET recorded_at = ? WHERE position = ?').run(recordedAt, position);
  const rows = db.prepare<[], Record<string, unknown>>('SELECT * FROM events ORDER BY position').all();
  let previous = GENESIS_HASH;
  const update = db.prepare('UPDATE events SET chain_hash = ? WHERE position = ?');
  for (const r of rows) {
    const row = {
      position: BigInt(r.position as number), id: r.id as string, tenant: r.tenant as string, stream: r.stream as string,
      revision: BigInt(r.revision as number), type: r.type as string, schemaVersion: r.schema_version as number,
      recordedAt: r.recorded_at as string, contentHash: r.content_hash as string, metadataText: r.metadata as string,
      dataText: r.data as string, chainHash: r.chain_hash as string,
    };
    if ((r.position as number) >= position) {
      const linked = hasher.linkOf(previous, row);
      update.run(linked, r.position);
      previous = linked;
    } else {
      hasher.linkOf(previous, row);
      previous = row.chainHash;
    }
  }
  db.prepare('UPDATE store_head SET chain_hash = ? WHERE id = 1').run(previous);
  db.close();
}

describe('verify', () => {
  it('names the position whose recorded time runs backwards (the chain re-linked, so only the time check trips)', async () => {
    const file = join(dir, 'forced.db');
    const store = SqliteEventStore.open(file);
    for (let i = 0; i < 4; i++) {
      await store.append(`${TENANT}/resident/r${i}`, [{ id: randomUUID(), type: 'TestHappened', schemaVersion: 1, data: { n: i }, metadata: testMetadata() }], { expectedRevision: 'any' });
    }
    await store.close();
    forceTimeBack(file, 3, '2020-01-01T00:00:00.000Z');
    const reopened = SqliteEventStore.open(file);
    const report = await verifyStore(reopened, new SqliteProjectionStore(reopened.db), []);
    await reopened.close();
    // TestHappened rows are of no known type (unreadable to projections): only the chain-level problems count here.
    expect(report.problems.filter((p) => p.kind !== 'unreadable').map((p) => [p.position, p.kind])).toEqual([[3, 'time-backwards']]);
  });

  it('`vaxledger verify` exits 1 naming the position', async () => {
    const db = join(dir, 'cli.db');
    expect((await runCli(['init', '--db', db, '--tenant', TENANT, '--admin', 'admin.sato'])).code).toBe(0);
    expect((await runCli(['oplog', '--db', db, '--operator', 'admin.sato'])).code).toBe(0);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
    const last = (new Database(db).prepare<[], { p: number }>('SELECT max(position) AS p FROM events').get())!.p;
    forceTimeBack(db, last, '2020-01-01T00:00:00.000Z');
    const verify = await runCli(['verify', '--db', db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`position ${last}: time-backwards`);
    expect(verify.stderr).toContain(`first bad global position ${last}`);
  });
});
