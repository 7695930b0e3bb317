import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { myNumberCheckDigit, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { ImportRejectedError, openSqliteEngine, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir();
const VRS_HEADER = ['自治体コード', '接種券番号', '氏名', '氏名カナ', '生年月日', '性別', '接種日', '接種回数', 'ワクチンメーカー', 'ロット番号', '証明書ID'];

async function city(name: string): Promise<Engine> {
  const clock = steppingClock(new Date('2026-01-10T00:00:00Z'));
  const engine = await openSqliteEngine({ file: join(dir, `${name}.db`), tenant: TENANT, create: true, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const clerk = engine.session('admin.sato', 'registration');
  await clerk.importRegistry(csvBytes([
    REGISTRY_HEADER,
    registryRow({ id: '0000100001', kana: 'サトウ イチロウ', kanji: '佐藤 一郎', birth: '1950-05-01', sex: '1', address: '仙台市青葉区1' }),
    registryRow({ id: '0000100002', kana: 'スズキ ハナ', kanji: '鈴木 花', birth: '1955-07-07', sex: '2', address: '仙台市泉区2' }),
  ]), { fileName: 'registry.csv' });
  // 0000100002's dose is already on the ledger from a clinic slip
  await clerk.recordVaccination({ residentId: '0000100002', vaccine: 'covid19', dose: 1, date: '2025-11-05', source: 'clinic-slip' });
  return engine;
}

const vrs = (rows: string[][]) => csvBytes([VRS_HEADER, ...rows]);
const row = (code: string, ticket: string, kana: string, birth: string, sex: string, date: string) =>
  [code, ticket, '試験 氏名', kana, birth, sex, date, '1', 'ファイザー', 'FA1234', 'CERT-1'];

describe('VRS download (ワクチン接種記録システム, COVID-19)', () => {
  it('records matched rows with source vrs, holds doubts and doses already on the ledger, and lands once', async () => {
    const engine = await city('vrs');
    const clerk = engine.session('admin.sato', 'registration');
    const file = vrs([
      row(TENANT, '0000100001', 'ｻﾄｳ ｲﾁﾛｳ', '19500501', '1', '2025-10-20'), // certain match
      row(TENANT, '0000100002', 'スズキ ハナ', '1955-07-07', '2', '2025-11-05'), // already recorded from the slip
      row('０４１００９', '0000100001', 'サトウ イチロウ', '1950-05-02', '1', '2025-12-01'), // 属性情報 differ (a full-width 自治体コード is this city's)
    ]);
    const summary = await clerk.importVrs(file, { fileName: 'vrs-2026-01.csv' });
    expect(summary).toMatchObject({ rows: 3, events: 3, held: 2 });
    expect(summary.droppedItems).toEqual(expect.arrayContaining(['氏名', '証明書ID']));
    const ledger = await clerk.viewLedger('0000100001');
    expect(ledger.records.map((r) => [r.fields.vaccine, r.fields.date, r.fields.lot, r.fields.maker, r.source])).toEqual([['covid19', '2025-10-20', 'FA1234', 'ファイザー', 'vrs']]);
    const held = await clerk.suspense();
    expect(held.map((h) => [h.line, h.reason, h.source])).toEqual([[3, 'duplicate', 'vrs'], [4, 'basic-four-mismatch', 'vrs']]);
    // a held VRS row, once investigated, is recorded as from VRS
    // (its covid19 dose 1 falls in the season of the one already recorded: a duplicate dose needs its reason)
    await expect(clerk.resolveSlip(held[1]!.slipId, { match: '0000100001', reason: '生年月日は VRS 側の誤り (住基で確認)' })).rejects.toMatchObject({ code: 'duplicate-dose' });
    await clerk.resolveSlip(held[1]!.slipId, { match: '0000100001', reason: '生年月日は VRS 側の誤り (住基で確認)', duplicateReason: '同一シーズンの追加接種を医療機関に確認' });
    expect((await clerk.viewLedger('0000100001')).records.map((r) => r.source)).toEqual(['vrs', 'vrs']);
    expect(await clerk.importVrs(file, { fileName: 'vrs-2026-01.csv' })).toMatchObject({ alreadyImported: true });
    const batches: Array<{ kind: string; fileName: string }> = [];
    for await (const e of engine.store.readAll()) if (e.type === 'ImportBatchRecorded') batches.push(e.data as { kind: string; fileName: string });
    expect(batches.map((b) => [b.kind, b.fileName])).toEqual([['registry', 'registry.csv'], ['vrs', 'vrs-2026-01.csv']]);
    await engine.close();
  });

  it('refuses the whole file for a row of another municipality or a 個人番号, naming line and item, never the value', async () => {
    const engine = await city('vrs-refused');
    const clerk = engine.session('admin.sato', 'registration');
    const before = (await engine.store.head()).position;
    const other = vrs([
      row(TENANT, '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-10-20'),
      row('131016', '0000100002', 'スズキ ハナ', '1955-07-07', '2', '2025-10-21'),
    ]);
    const refused = await clerk.importVrs(other, { fileName: 'vrs-mixed.csv' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportRejectedError);
    const errors = (refused as ImportRejectedError).errors;
    expect(errors).toEqual([expect.objectContaining({ file: 'vrs-mixed.csv', line: 3, item: '自治体コード' })]);
    expect(JSON.stringify(errors)).not.toMatch(/スズキ|1955/);

    // a malformed row (a date that does not exist, a dose that is no number) names the VRS items, never the values
    const malformed = vrs([
      row(TENANT, '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-10-20'),
      [TENANT, '0000100002', '試験 氏名', 'スズキ ハナ', '1955-07-07', '2', '2025-02-30', 'x', 'ファイザー', 'FA1', 'CERT'],
    ]);
    const bad = await clerk.importVrs(malformed, { fileName: 'vrs-bad.csv' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ImportRejectedError);
    expect((bad as ImportRejectedError).errors.map((e) => [e.line, e.item]).sort()).toEqual([[3, '接種回数'], [3, '接種日']]);
    // a file with a required VRS column missing is refused whole
    const noDose = csvBytes([VRS_HEADER.filter((h) => h !== '接種回数'), row(TENANT, '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-10-20').filter((_, i) => i !== 7)]);
    expect(await clerk.importVrs(noDose, { fileName: 'vrs-no-dose.csv' }).catch((e: unknown) => e)).toBeInstanceOf(ImportRejectedError);

    const myNumber = `12345678901${myNumberCheckDigit('12345678901')}`;
    const withNumber = csvBytes([[...VRS_HEADER, '個人番号'], [...row(TENANT, '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-10-20'), myNumber]]);
    const numberRefused = await clerk.importVrs(withNumber, { fileName: 'vrs-number.csv' }).catch((e: unknown) => e);
    expect(numberRefused).toBeInstanceOf(ImportRejectedError);
    expect(String((numberRefused as Error).message) + JSON.stringify((numberRefused as ImportRejectedError).errors)).not.toContain(myNumber);
    // Nothing but the refusals' own record (OperationRejected: the action and the code, no data) was written.
    const written: string[] = [];
    for await (const e of engine.store.readAll({ afterPosition: before })) written.push(e.type);
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((t) => t === 'OperationRejected')).toBe(true);
    await engine.close();
  });
});
