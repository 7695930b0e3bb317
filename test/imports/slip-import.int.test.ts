import { describe, expect, it } from 'vitest';
import { steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { collect, TENANT } from '../support/events.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';

async function cityWithResidents() {
  const clock = steppingClock(new Date('2026-05-01T00:00:00Z'));
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'registration').importRegistry(csvBytes([
    REGISTRY_HEADER,
    registryRow({ id: '000101', kana: 'サトウ ハルト', kanji: '佐藤 陽翔', birth: '2026-01-10', sex: '1', address: '仙台市青葉区1' }),
    registryRow({ id: '000102', kana: 'スズキ ユイ', kanji: '鈴木 結衣', birth: '2026-01-20', sex: '2', address: '仙台市泉区2' }),
    registryRow({ id: '000103', kana: 'タカハシ ミオ', kanji: '高橋 美桜', birth: '2025-12-25', sex: '2', address: '仙台市若林区3', movement: '転出', movedOn: '2026-03-01', leftOn: '2026-03-01' }),
  ]), { fileName: 'registry.csv' });
  return engine;
}

const slips = csvBytes([
  SLIP_HEADER,
  // 1: a certain match (kana written half-width and with small kana differences still matches)
  slipRow({ id: '000101', kana: 'ｻﾄｳ ﾊﾙﾄ', birth: '2026-01-10', sex: '1', vaccine: 'ヒブ', dose: '1', date: '2026-03-12' }),
  // 2: a second dose of the same child in the same file: counted as history, 27 days later → routine
  slipRow({ id: '000101', kana: 'サトウ　ハルト', birth: '2026-01-10', sex: '1', vaccine: 'hib', dose: '2', date: '2026-04-09' }),
  // 3: 4 information mismatch (birth date)
  slipRow({ id: '000102', kana: 'スズキ ユイ', birth: '2026-01-21', sex: '2', vaccine: 'hib', dose: '1', date: '2026-03-25' }),
  // 4: no such resident
  slipRow({ id: '009999', kana: 'ダレ カ', birth: '2026-01-01', sex: '1', vaccine: 'bcg', dose: '1', date: '2026-04-01' }),
  // 5: vaccinated after moving out
  slipRow({ id: '000103', kana: 'タカハシ ミオ', birth: '2025-12-25', sex: '2', vaccine: 'hib', dose: '1', date: '2026-03-20' }),
  // 6: a date in the future
  slipRow({ id: '000102', kana: 'スズキ ユイ', birth: '2026-01-20', sex: '2', vaccine: 'pcv', dose: '1', date: '2026-12-01' }),
  // 7: the same slip twice
  slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-10', sex: '1', vaccine: 'ヒブ', dose: '1', date: '2026-03-12' }),
]);

describe('clinic slip import (予防接種実績登録) and the suspense queue (疑義)', () => {
  it('records certain matches through the dose check and holds every doubt with its reason', async () => {
    const engine = await cityWithResidents();
    const clerk = engine.session('admin.sato', 'registration');
    const summary = await clerk.importSlips(slips, { fileName: 'slips-2026-04.csv' });
    expect(summary).toMatchObject({ rows: 7, events: 7, held: 5, skipped: 0 });
    const ledger = await engine.session('admin.sato', 'inquiry').viewLedger('000101');
    expect(ledger.records.map((r) => [r.fields.vaccine, r.fields.dose, r.fields.category, r.warnings])).toEqual([
      ['hib', 1, 'routine', []], ['hib', 2, 'routine', []],
    ]);
    const held = await clerk.suspense();
    expect(held.map((h) => [h.line, h.reason, h.mismatchedItems ?? null])).toEqual([
      [4, 'basic-four-mismatch', ['birthDate']], [5, 'no-such-resident', null], [6, 'not-resident-on-date', null],
      [7, 'future-date', null], [8, 'duplicate', null],
    ]);
    expect((await clerk.importSlips(slips, { fileName: 'again.csv' })).events).toBe(0);
  });

  it('resolves a held slip by matching (then it is recorded) or by rejecting; a resolved slip cannot be resolved again', async () => {
    const engine = await cityWithResidents();
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importSlips(slips, { fileName: 'slips.csv' });
    const [mismatch, nobody] = await clerk.suspense();
    const { recordId } = await clerk.resolveSlip(mismatch!.slipId, { match: '000102', reason: '生年月日は個人票の誤記 (母子手帳で確認)' });
    expect(recordId).toBeDefined();
    await clerk.resolveSlip(nobody!.slipId, { reject: '市外の方の個人票' });
    await expect(clerk.resolveSlip(nobody!.slipId, { reject: 'again' })).rejects.toThrow(/already rejected/);
    const ledger = await engine.session('admin.sato', 'inquiry').viewLedger('000102');
    expect(ledger.records.map((r) => [r.recordId, r.fields.vaccine, r.source])).toEqual([[recordId, 'hib', 'clinic-slip']]);
    const remaining = await clerk.suspense();
    expect(remaining.map((h) => h.reason)).toEqual(['not-resident-on-date', 'future-date', 'duplicate']);
    const all = await clerk.suspense({ status: 'all' });
    expect(all.find((h) => h.slipId === mismatch!.slipId)).toMatchObject({ status: 'matched', resolution: { residentId: '000102', recordId, by: 'admin.sato' } });
    expect((await engine.verify()).ok).toBe(true);
    const types = (await collect(engine.store.readAll())).map((e) => e.type);
    expect(types.filter((t) => t === 'SlipResolved')).toHaveLength(2);
  });

  it('registers a counter presentation with source counter and the identity document checked', async () => {
    const engine = await cityWithResidents();
    const r = await engine.session('admin.sato', 'registration').recordVaccination({
      residentId: '000102', vaccine: 'bcg', dose: 1, date: '2026-04-20', source: 'counter', identityDocument: '母子健康手帳',
    });
    const view = await engine.session('admin.sato', 'inquiry').viewLedger('000102');
    expect(view.records[0]).toMatchObject({ recordId: r.recordId, source: 'counter', identityDocument: '母子健康手帳' });
  });
});
