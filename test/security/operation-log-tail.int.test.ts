import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { MemoryEventStore, openSqliteEngine, sealedClearView, SqliteEventStore, type Engine } from '@vaxledger/adapters';
import { entryMatches, lastOperationLogEntries, readOperationLog, readSelectedOperationLog, rowMayMatch, type OplogEntry } from '@vaxledger/projections';
import { steppingClock, type StoredRow, type StoredRowReader, hostAuthenticated } from '@vaxledger/domain';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

const SENDAI = '041009';
const CHIYODA = '131016';
const RESIDENTS = ['000101', '000102', '000103'];

async function all(log: AsyncIterable<OplogEntry>): Promise<OplogEntry[]> {
  const out: OplogEntry[] = [];
  for await (const e of log) out.push(e);
  return out;
}

/** One operation of a clerk of either tenant: a registration, a ledger read, a denied read or a vaccination. */
const operation = fc.record({
  chiyoda: fc.boolean(),
  kind: fc.constantFrom('view', 'denied', 'vaccinate', 'view'),
  resident: fc.constantFrom(...RESIDENTS),
});

describe('the last entries of the operation log', () => {
  let file: string;
  let sendai: Engine;
  let chiyoda: Engine;
  let day = 0;

  beforeAll(async () => {
    file = join(tempDir(), 'tail.db');
    const clock = steppingClock(new Date('2026-06-01T00:00:00Z'), 1000);
    sendai = await openSqliteEngine({ file, tenant: SENDAI, create: true, clock, authenticator: hostAuthenticated });
    chiyoda = await openSqliteEngine({ file, tenant: CHIYODA, clock, authenticator: hostAuthenticated });
    await sendai.initTenant('admin.sato');
    await chiyoda.initTenant('admin.kato');
    for (const [i, id] of RESIDENTS.entries()) {
      await sendai.session('admin.sato', 'registration').registerResident(id, aResident(i));
      await chiyoda.session('admin.kato', 'registration').registerResident(id, aResident(10 + i));
    }
  });

  afterAll(async () => {
    await chiyoda.close();
    await sendai.close();
  });

  it('are the end of the whole log, for every filter and limit, read backward from SQLite, from memory, or forward; a selection read through the store\'s filter is the whole log filtered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { maxLength: 12 }),
        fc.nat({ max: 40 }),
        fc.record({
          resident: fc.option(fc.constantFrom(...RESIDENTS, '00010'), { nil: undefined }),
          byOperator: fc.option(fc.constantFrom('admin.sato', 'admin.kato', 'admin'), { nil: undefined }),
          outcome: fc.option(fc.constantFrom('allowed' as const, 'denied' as const), { nil: undefined }),
        }),
        async (operations, limit, filter) => {
          // The store grows across runs: each run adds interleaved operations of both tenants, then looks at the end.
          for (const op of operations) {
            const [engine, admin] = op.chiyoda ? [chiyoda, 'admin.kato'] : [sendai, 'admin.sato'];
            if (op.kind === 'view') await engine.session(admin, 'inquiry').viewLedger(op.resident);
            else if (op.kind === 'denied') await engine.session(admin, 'statistics').viewLedger(op.resident).catch(() => undefined);
            else {
              day = (day % 27) + 1;
              await engine.session(admin, 'registration').recordVaccination({ residentId: op.resident, vaccine: 'bcg', dose: 1, date: `2026-05-${String(day).padStart(2, '0')}`, source: 'counter' }).catch(() => undefined);
            }
          }
          const accept = (e: OplogEntry) => (filter.resident === undefined || e.resident === filter.resident)
            && (filter.byOperator === undefined || e.operator === filter.byOperator) && (filter.outcome === undefined || e.outcome === filter.outcome);
          const reader = new SqliteEventStore(file, { readonly: true });
          try {
            const whole = (await all(readOperationLog(reader, SENDAI, sealedClearView))).filter(accept);
            const stored = new Map<number, StoredRow>();
            for await (const row of reader.readStoredRows(0n)) stored.set(Number(row.position), row);
            const rowOf = (e: OplogEntry) => stored.get(e.position)!;
            expect(whole.filter(entryMatches(filter))).toEqual(whole);
            // Rows skipped unparsed by the test on their text are never ones the selection wants, whether SQLite filters
            // them (readStoredRowsMatching) or each row is tested in memory (the forward-only store below).
            expect((await all(readOperationLog(reader, SENDAI, sealedClearView))).filter((e) => accept(e) && rowMayMatch(SENDAI, filter)(rowOf(e)))).toEqual(whole);
            expect(await all(readSelectedOperationLog(reader, SENDAI, sealedClearView, filter))).toEqual(whole);
            const expected = limit === 0 ? [] : whole.slice(-limit);
            expect(await lastOperationLogEntries(reader, SENDAI, sealedClearView, limit, filter)).toEqual(expected);
            // No selection, or only allowed entries: read backward from the newest row.
            const unfiltered = await all(readOperationLog(reader, SENDAI, sealedClearView));
            const tail = (entries: OplogEntry[]) => (limit === 0 ? [] : entries.slice(-limit));
            expect(await lastOperationLogEntries(reader, SENDAI, sealedClearView, limit)).toEqual(tail(unfiltered));
            expect(await lastOperationLogEntries(reader, SENDAI, sealedClearView, limit, { outcome: 'allowed' })).toEqual(tail(unfiltered.filter((e) => e.outcome === 'allowed')));
            // A store that cannot read backward: the same entries, read forward.
            const forwardOnly: StoredRowReader = { head: () => reader.head(), chainFormat: () => reader.chainFormat(), readStoredRows: (after) => reader.readStoredRows(after) };
            expect(await lastOperationLogEntries(forwardOnly, SENDAI, sealedClearView, limit, filter)).toEqual(expected);
            expect(await all(readSelectedOperationLog(forwardOnly, SENDAI, sealedClearView, filter))).toEqual(whole);
            // The memory store's backward reading, over the same rows.
            const memory = new MemoryEventStore();
            for await (const e of reader.readAll()) {
              await memory.append(e.stream, [{ id: e.id, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: e.metadata }], { expectedRevision: 'any' });
            }
            const memoryWhole = (await all(readOperationLog(memory, SENDAI, sealedClearView))).filter(accept);
            expect(await lastOperationLogEntries(memory, SENDAI, sealedClearView, limit, filter)).toEqual(limit === 0 ? [] : memoryWhole.slice(-limit));
            expect(await lastOperationLogEntries(memory, SENDAI, sealedClearView, limit)).toEqual(tail(await all(readOperationLog(memory, SENDAI, sealedClearView))));
            expect(await all(readSelectedOperationLog(memory, SENDAI, sealedClearView, filter))).toEqual(memoryWhole);
          } finally {
            await reader.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('is what the session shows for a limit, the view itself logged after it; a limit that is not a whole number is refused', async () => {
    const audit = sendai.session('admin.sato', 'audit');
    for (let i = 0; i < 3; i++) await sendai.session('admin.sato', 'inquiry').viewLedger('000101');
    const whole = (await all(readOperationLog(sendai.store, SENDAI, sealedClearView))).filter((e) => e.resident === '000101');
    expect(whole.length).toBeGreaterThan(2);
    const tail = await audit.operationLog({ resident: '000101', limit: 2 });
    expect(tail).toEqual(whole.slice(-2));
    const last = await audit.operationLog({ limit: 1 });
    expect(last.map((e) => [e.action, e.operator])).toEqual([['oplog.view', 'admin.sato']]);
    // Streamed: the read is logged before the first entry, and covers the rows stored when it began.
    const before = (await all(readOperationLog(sendai.store, SENDAI, sealedClearView))).filter((e) => e.resident === '000101');
    const streamed: OplogEntry[] = [];
    for await (const e of audit.operationLogEntries({ resident: '000101' })) {
      if (streamed.length === 0) expect((await lastOperationLogEntries(sendai.store, SENDAI, sealedClearView, 1))[0]!.action).toBe('oplog.view');
      streamed.push(e);
    }
    expect(streamed).toEqual(before);
    await expect(audit.operationLog({ limit: -1 })).rejects.toMatchObject({ code: 'invalid-limit' });
    await expect(audit.operationLog({ limit: 1.5 })).rejects.toMatchObject({ code: 'invalid-limit' });
  });
});
