import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEngine, sealedClearView, SqliteEventStore } from '@vaxledger/adapters';
import { readOperationLog, type OplogEntry } from '@vaxledger/projections';
import { steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

async function entries(log: AsyncIterable<OplogEntry>): Promise<OplogEntry[]> {
  const out: OplogEntry[] = [];
  for await (const e of log) out.push(e);
  return out;
}

describe('the operation log, read from the chained event rows', () => {
  it('reads alike with and without any key, before and after an erasure, and links each entry to the row before it whoever it belongs to', async () => {
    const file = join(tempDir(), 'oplog.db');
    const clock = steppingClock(new Date('2026-06-01T00:00:00Z'), 1000);
    const sendai = await openSqliteEngine({ file, tenant: '041009', create: true, clock, authenticator: hostAuthenticated });
    const chiyoda = await openSqliteEngine({ file, tenant: '131016', clock, authenticator: hostAuthenticated });
    await sendai.initTenant('admin.sato');
    await chiyoda.initTenant('admin.kato');
    // The two tenants' operations interleave, so each tenant's rows have the other's in between.
    for (let i = 1; i <= 3; i++) {
      await sendai.session('admin.sato', 'registration').registerResident(`00010${i}`, aResident(i));
      await chiyoda.session('admin.kato', 'registration').registerResident(`00020${i}`, aResident(10 + i));
    }
    await sendai.session('admin.sato', 'registration').recordVaccination({ residentId: '000101', vaccine: 'bcg', dose: 1, date: '2026-05-01', source: 'counter' });
    await sendai.session('admin.sato', 'inquiry').viewLedger('000101');
    await chiyoda.session('admin.kato', 'inquiry').viewLedger('000201');

    const withKeys = await sendai.session('admin.sato', 'audit').operationLog();
    expect(withKeys.every((e) => e.tenant === '041009')).toBe(true);
    expect(withKeys.filter((e) => e.resident === '000101').map((e) => e.action)).toEqual(['resident.register', 'vaccination.record', 'ledger.view']);
    expect(withKeys.find((e) => e.action === 'resident.register')!.items).toEqual(expect.arrayContaining(['address', 'birthDate', 'kanaName']));

    // Every entry is its row: the row's own chain hash, and the chain hash of the row just before it in the store.
    const rows = new SqliteEventStore(file, { readonly: true });
    const chainHashes = new Map<number, string>();
    for await (const row of rows.readStoredRows(0n)) chainHashes.set(Number(row.position), row.chainHash);
    const sendaiPositions = [...chainHashes.keys()].filter((p) => withKeys.some((e) => e.position === p));
    expect(sendaiPositions.length).toBe(withKeys.length);
    expect(sendaiPositions.some((p, i) => i > 0 && p !== sendaiPositions[i - 1]! + 1)).toBe(true);
    for (const e of withKeys) {
      expect(e.hash).toBe(chainHashes.get(e.position));
      expect(e.previousHash).toBe(chainHashes.get(e.position - 1) ?? '0'.repeat(64));
    }

    // No key store at all: a bare store on the same file reads the same log (the log is read before the view above
    // was logged, so compare the entries that existed then).
    const withoutKeys = await entries(readOperationLog(rows, '041009', sealedClearView));
    expect(withoutKeys.slice(0, withKeys.length)).toEqual(withKeys);
    await rows.close();

    // Erasing a person changes none of their entries; the erasure is one more.
    await sendai.session('admin.sato', 'administration').erase('000101', { reason: '本人の請求' });
    const after = await entries(readOperationLog(sendai.store, '041009', sealedClearView));
    expect(after.slice(0, withoutKeys.length)).toEqual(withoutKeys);
    expect(after.some((e) => e.action === 'subject.erase' && e.resident === '000101')).toBe(true);
    expect((await sendai.verify()).ok).toBe(true);
    await chiyoda.close();
    await sendai.close();

    // A row damaged behind the engine: the log stops there, naming the position and nothing of the row.
    const damaged = after.find((e) => e.action === 'resident.register' && e.resident === '000102')!.position;
    const db = new Database(file);
    db.prepare('UPDATE events SET data = substr(data, 1, 25) WHERE position = ?').run(damaged);
    db.close();
    const bare = new SqliteEventStore(file, { readonly: true });
    const failure = await entries(readOperationLog(bare, '041009', sealedClearView)).then(() => null, (e: unknown) => e as Error);
    await bare.close();
    expect(failure?.message).toBe(`stored event at position ${damaged} does not parse`);
  });
});
