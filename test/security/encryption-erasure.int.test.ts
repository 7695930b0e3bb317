import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DomainError, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow, storeBytesAtRest } from '../support/files.ts';

const PEOPLE = [
  { id: '000101', kana: 'ヒミツ タロウ', kanji: '秘密 太郎', birth: '2018-05-17', address: '仙台市青葉区秘密町一丁目', movement: '転出', movedOn: '2019-03-01', leftOn: '2019-03-01' },
  { id: '000102', kana: 'ナイショ ハナコ', kanji: '内緒 花子', birth: '2025-07-23', address: '仙台市泉区内緒町二丁目' },
];

describe('personal items at rest and erasure', () => {
  it('keeps no name, address or birth date in clear in the database or its WAL; erasure destroys the key, the log and statistics remain, verify passes', async () => {
    const db = join(tempDir(), 'sealed.db');
    const clock = steppingClock(new Date('2026-06-01T00:00:00Z'), 1000);
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const clerk = engine.session('admin.sato', 'registration');
    // Registered as of 2018 so the slip of that year matches, then moved out in 2019.
    await clerk.importRegistry(csvBytes([REGISTRY_HEADER, ...PEOPLE.map((p) => registryRow({ ...p, sex: '1', movement: undefined, movedOn: undefined, leftOn: undefined }))]), { fileName: 'r1.csv' });
    await clerk.importSlips(csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000101', kana: 'ヒミツ タロウ', birth: '2018-05-17', sex: '1', vaccine: 'bcg', dose: '1', date: '2018-10-01' }),
      slipRow({ id: '000102', kana: 'ナイショ ハナコ', birth: '2025-07-24', sex: '1', vaccine: 'bcg', dose: '1', date: '2026-01-10' }), // held: birth date
    ]), { fileName: 's1.csv' });
    await clerk.importRegistry(csvBytes([REGISTRY_HEADER, registryRow({ ...PEOPLE[0]!, sex: '1' })]), { fileName: 'r2.csv' });
    await engine.session('admin.sato', 'inquiry').viewLedger('000101');
    const before = await engine.session('admin.sato', 'statistics').statistics(2018);

    const bytes = storeBytesAtRest(db);
    for (const p of PEOPLE) {
      for (const secret of [p.kana, p.kanji, p.address, p.birth, p.birth.replaceAll('-', '')]) {
        expect(bytes.includes(Buffer.from(secret)), `${secret.length}-character item found in clear`).toBe(false);
      }
    }

    // 000102 is a resident: within the retention period, erasure needs a reason.
    await expect(engine.session('admin.sato', 'administration').erase('000102')).rejects.toThrow(DomainError);
    // 000101 left in 2019 and was last vaccinated in 2018: past 5 years, erasable.
    expect(await engine.session('admin.sato', 'administration').erase('000101')).toMatchObject({ withinRetention: false, alreadyErased: false, counts: { heldSlips: 0, vrsRows: 0, keysDestroyed: 1 } });
    await expect(engine.session('admin.sato', 'inquiry').viewLedger('000101')).rejects.toThrow(/not registered/);
    expect(await engine.session('admin.sato', 'inquiry').ledgerAsOf('000101', { instant: '2099-01-01T00:00:00Z' })).toBeUndefined();
    const log = await engine.session('admin.sato', 'audit').operationLog({ resident: '000101' });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['resident.register', 'vaccination.record', 'resident.move-out', 'ledger.view', 'subject.erase']));
    expect(await engine.session('admin.sato', 'statistics').statistics(2018)).toEqual(before);
    expect((await engine.verify()).ok).toBe(true);
    // Their documents are gone from the file, not only unreadable (the ledger keeps one per record).
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare("SELECT projection, key FROM projection_docs WHERE key LIKE '041009/000101%'").all()).toEqual([]);
    raw.close();
    // Within the retention period, with a reason: allowed, and recorded as such.
    expect(await engine.session('admin.sato', 'administration').erase('000102', { reason: '本人からの利用停止請求 (決定済み)' })).toMatchObject({ withinRetention: true, alreadyErased: false });
    expect(await engine.session('admin.sato', 'registration').suspense({ status: 'all' })).toEqual([]);
    await engine.close();

    // A fresh process with the same files: still erased, and the store verifies from the command line.
    const verify = await runCli(['verify', '--db', db, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout).ok).toBe(true);
  });
});
