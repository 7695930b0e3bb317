import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportRejectedError, openSqliteEngine } from '@vaxledger/adapters';
import { collect } from '../support/events.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';
import { tempDir } from '../support/temp.ts';
import { hostAuthenticated } from '@vaxledger/domain';

const dir = tempDir();
let n = 0;
async function store() {
  const file = join(dir, `registry-${n++}.db`);
  const engine = await openSqliteEngine({ file, tenant: '041009', create: true, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
  return { engine, file };
}

const week1 = csvBytes([
  REGISTRY_HEADER,
  registryRow({ id: '000101', kana: 'ｻﾄｳ ﾊﾙﾄ', kanji: '佐藤 陽翔', birth: '令和8年1月10日', sex: '1', postal: '980-0001', address: '仙台市青葉区試験町1-1', ward: '101', movement: '出生', tax: '課税X9Q7' }),
  registryRow({ id: '000102', kana: 'スズキ ユイ', kanji: '鈴木 結衣', birth: 'R8.1.20', sex: '2', address: '仙台市泉区試験町2-2', ward: '105', movement: '出生', dvProtected: true }),
  registryRow({ id: '000103', kana: 'タカハシ ミオ', kanji: '髙橋 美桜', birth: '5080125', sex: '2', address: '仙台市若林区試験町3-3', ward: '103', movement: '転入', movedOn: '2026-02-01' }),
]);

describe('resident registry import (対象者登録)', () => {
  it('imports a real CP932 file, drops items the affair does not keep, and re-imports as a no-op', async () => {
    const { engine, file } = await store();
    const clerk = engine.session('admin.sato', 'registration');
    const first = await clerk.importRegistry(week1, { fileName: '/media/usb/jukiweek1.csv' });
    expect(first).toMatchObject({ rows: 3, events: 3, held: 0, skipped: 0, alreadyImported: false, droppedItems: ['課税区分'] });
    const view = await engine.session('admin.sato', 'inquiry').viewLedger('000101');
    expect(view.resident).toMatchObject({ kanaName: 'ｻﾄｳ ﾊﾙﾄ', kanjiName: '佐藤 陽翔', birthDate: '2026-01-10', sex: 'male' });
    const second = await clerk.importRegistry(week1, { fileName: 'jukiweek1.csv' });
    expect(second).toMatchObject({ batch: first.batch, events: 0, alreadyImported: true });
    const all = await collect(engine.store.readAll());
    expect(all.filter((e) => e.type === 'ImportBatchRecorded')).toHaveLength(1);
    expect(all.find((e) => e.type === 'ImportBatchRecorded')!.data).toMatchObject({ fileName: 'jukiweek1.csv', rows: 3, events: 3, encoding: 'cp932' });
    expect((await engine.verify()).ok).toBe(true);
    await engine.close();
    // The dropped 課税区分 value never reached the store.
    expect(readFileSync(file).includes(Buffer.from('課税X9Q7'))).toBe(false);
  });

  it('applies a weekly diff: changed items only, moves out, deaths; a moved-out resident leaves eligibility', async () => {
    const { engine } = await store();
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importRegistry(week1, { fileName: 'week1.csv' });
    const notices = engine.session('notice.ito', 'notices');
    expect((await notices.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-25' })).map((r) => r.residentId).sort()).toEqual(['000101', '000102', '000103']);
    const week2 = csvBytes([
      REGISTRY_HEADER,
      registryRow({ id: '000101', kana: 'ｻﾄｳ ﾊﾙﾄ', kanji: '佐藤 陽翔', birth: '令和8年1月10日', sex: '1', postal: '980-0001', address: '仙台市青葉区新町9-9', ward: '101', movement: '転居', movedOn: '2026-03-01' }),
      registryRow({ id: '000103', kana: 'タカハシ ミオ', kanji: '髙橋 美桜', birth: '5080125', sex: '2', address: '仙台市若林区試験町3-3', ward: '103', movement: '転出', movedOn: '2026-03-10', leftOn: '2026-03-10' }),
    ]);
    const summary = await clerk.importRegistry(week2, { fileName: 'week2.csv' });
    expect(summary).toMatchObject({ rows: 2, events: 2, skipped: 0 });
    const events = (await collect(engine.store.readAll())).filter((e) => e.metadata.source === 'import');
    const changed = events.find((e) => e.type === 'ResidentDetailsChanged')!;
    expect((changed.data as { changes: object }).changes).toEqual({ address: '仙台市青葉区新町9-9' });
    expect(events.some((e) => e.type === 'ResidentMovedOut' && (e.data as { residentId: string }).residentId === '000103')).toBe(true);
    expect((await notices.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-25' })).map((r) => r.residentId).sort()).toEqual(['000101', '000102']);
    // 住基閲覧注意: in eligibility, but never in a notice run.
    const run = await notices.issueNotices('ticket', { vaccine: 'hib', dose: 1, date: '2026-03-25' });
    expect(run.notices.map((x) => x.residentId)).toEqual(['000101']);
    expect(run.withheld).toBe(1);
    await engine.close();
  });

  it('refuses a file with bad rows whole: every bad row named by line and item, nothing imported', async () => {
    const { engine } = await store();
    const head = await engine.store.head();
    const bad = csvBytes([
      REGISTRY_HEADER,
      registryRow({ id: '000201', kana: 'ヤマダ タロウ', kanji: '山田 太郎', birth: '平成31年5月1日', sex: '1', address: '仙台市青葉区1' }),
      registryRow({ id: '000202', kana: 'ヤマダ ハナコ', kanji: '山田 花子', birth: '2020-02-30', sex: '2', address: '仙台市青葉区1' }),
      registryRow({ id: '000203', kana: 'ヤマダ ジロウ', kanji: '山田 次郎', birth: '2020-02-03', sex: '3', address: '仙台市青葉区1' }),
    ]);
    const error = await engine.session('admin.sato', 'registration').importRegistry(bad, { fileName: 'bad.csv' }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    const rejected = error as ImportRejectedError;
    expect(rejected.errors.map((e) => [e.line, e.item])).toEqual([[2, '生年月日'], [3, '生年月日'], [4, '性別']]);
    expect(rejected.message).not.toMatch(/山田|ヤマダ|2020-02-30|平成31/);
    // Nothing imported: the only row written is the refusal's own record (OperationRejected, no data).
    const written: string[] = [];
    for await (const e of engine.store.readAll({ afterPosition: head.position })) written.push(e.type);
    expect(written).toEqual(['OperationRejected']);
    await engine.close();
  });

  it('refuses a column that holds a My Number, without echoing it', async () => {
    const { engine } = await store();
    const myNumber = '123456789018'; // check digit valid
    // 方書 is free text, so it is scanned (統合宛名番号 would be validated by its own format instead).
    const bytes = csvBytes([[...REGISTRY_HEADER, '方書'], [...registryRow({ id: '000301', kana: 'ア イ', kanji: '阿 伊', birth: '2020-01-01', sex: '1', address: '仙台市' }), `${myNumber.slice(0, 4)}-${myNumber.slice(4, 8)}-${myNumber.slice(8)}`]]);
    const error = (await engine.session('admin.sato', 'registration').importRegistry(bytes, { fileName: 'mn.csv' }).catch((e) => e)) as ImportRejectedError;
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect(error.message).toMatch(/方書/);
    expect(error.message).not.toContain(myNumber.slice(0, 4));
    const written: string[] = [];
    for await (const e of engine.store.readAll({ afterPosition: 2n })) written.push(e.type);
    expect(written).toEqual(['OperationRejected']);
    await engine.close();
  });
});
