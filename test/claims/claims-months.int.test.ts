import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostAuthenticated, type Clock } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { REPO_ROOT } from '../support/child.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';

/** A clock the test moves: each reading a millisecond later, so that events keep their order. */
function movableClock(start: string): Clock & { set(iso: string): void } {
  let t = Date.parse(start);
  return { now: () => new Date(t++), set: (iso: string) => void (t = Date.parse(iso)) };
}

const FEES = readFileSync(join(REPO_ROOT, 'examples/fees/sendai-2026.json'), 'utf8');
const CLINIC = '0410001'; // the clinic number slipRow writes

async function city(clock: Clock) {
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'administration').registerOperator('clerk.kato', ['registration'], ['registration']);
  await engine.session('admin.sato', 'administration').loadFeeTable({ fileName: 'sendai-2026.json', text: FEES });
  const clerk = engine.session('clerk.kato', 'registration');
  await clerk.importRegistry(csvBytes([
    REGISTRY_HEADER,
    registryRow({ id: '000101', kana: 'サトウ ハルト', kanji: '佐藤 陽翔', birth: '2026-01-10', sex: '1', address: '仙台市青葉区1' }),
    registryRow({ id: '000102', kana: 'スズキ ユイ', kanji: '鈴木 結衣', birth: '2026-01-20', sex: '2', address: '仙台市泉区2' }),
  ]), { fileName: 'registry.csv' });
  return { engine, clerk };
}

describe('monthly claims through the engine (請求年月, approval, payment)', () => {
  it('prices the month\'s slips, refuses a second approval, and puts a slip that lands after the approval in the next month', async () => {
    const clock = movableClock('2026-06-05T01:00:00Z');
    const { engine, clerk } = await city(clock);
    // No clinic registered yet: its lines are listed, not paid.
    await clerk.importSlips(csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-10', sex: '1', vaccine: 'hib', dose: '1', date: '2026-04-10' }),
      slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-10', sex: '1', vaccine: 'hib', dose: '2', date: '2026-05-12' }),
      // the birth date differs: held (疑義), listed as not paid
      slipRow({ id: '000102', kana: 'スズキ ユイ', birth: '2026-01-21', sex: '2', vaccine: 'hib', dose: '1', date: '2026-05-01' }),
    ]), { fileName: 'slips-2026-06.csv' });
    const before = await clerk.claims({ month: '2026-06' });
    expect(before.clinics.map((c) => [c.clinicNo, c.totals.doses, c.excluded.map((e) => e.reason).sort()])).toEqual([[CLINIC, 0, ['held', 'unknown-clinic', 'unknown-clinic']]]);

    await clerk.registerClinic({ clinicNo: CLINIC, name: '試験こどもクリニック', location: 'inside-city' });
    const june = await clerk.claims({ month: '2026-06', clinicNo: CLINIC });
    const [claim] = june.clinics;
    expect(claim!.lines.map((l) => [l.residentId, l.vaccine, l.dose, l.fee, l.coPayment, l.amount])).toEqual([
      ['000101', 'hib', 1, 9350, 0, 9350], ['000101', 'hib', 2, 9350, 0, 9350],
    ]);
    expect(claim!.excluded.map((e) => e.reason)).toEqual(['held']);
    expect(claim!.status).toBe('open');

    clock.set('2026-06-25T01:00:00Z');
    const approved = await clerk.approveClaim({ month: '2026-06', clinicNo: CLINIC });
    expect(approved.totals).toEqual({ doses: 2, examinations: 0, fee: 18_700, coPayment: 0, amount: 18_700 });
    expect(approved.counts).toEqual([{ vaccine: 'hib', dose: 1, doses: 1, amount: 9350 }, { vaccine: 'hib', dose: 2, doses: 1, amount: 9350 }]);
    expect(approved.excluded).toEqual({ held: 1 });
    await expect(clerk.approveClaim({ month: '2026-06', clinicNo: CLINIC })).rejects.toMatchObject({ code: 'claim-approved' });

    // Still June in Japan, but after the approval: the slip is claimed in July.
    clock.set('2026-06-28T01:00:00Z');
    await clerk.importSlips(csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000102', kana: 'スズキ ユイ', birth: '2026-01-20', sex: '2', vaccine: 'hib', dose: '1', date: '2026-05-01' }),
    ]), { fileName: 'slips-2026-06-late.csv' });
    const juneAfter = (await clerk.claims({ month: '2026-06', clinicNo: CLINIC })).clinics[0]!;
    expect(juneAfter.lines.map((l) => l.residentId)).toEqual(['000101', '000101']);
    expect(juneAfter).toMatchObject({ status: 'approved', approvedOn: '2026-06-25', approvedAmount: 18_700 });
    const july = (await clerk.claims({ month: '2026-07', clinicNo: CLINIC })).clinics[0]!;
    expect(july.lines.map((l) => [l.residentId, l.vaccine, l.dose, l.amount])).toEqual([['000102', 'hib', 1, 9350]]);

    await expect(clerk.recordClaimPaid({ month: '2026-07', clinicNo: CLINIC, paidOn: '2026-07-31' })).rejects.toMatchObject({ code: 'claim-not-approved' });
    const paid = await clerk.recordClaimPaid({ month: '2026-06', clinicNo: CLINIC, paidOn: '2026-07-10' });
    expect(paid).toEqual({ clinicNo: CLINIC, month: '2026-06', paidOn: '2026-07-10', amount: 18_700 });
    await expect(clerk.recordClaimPaid({ month: '2026-06', clinicNo: CLINIC, paidOn: '2026-07-11' })).rejects.toMatchObject({ code: 'claim-paid' });

    // Every claim read is on the record with the items it showed.
    const log = await engine.session('admin.sato', 'audit').operationLog({});
    expect(log.filter((e) => e.action === 'claims.view').length).toBe(4);
    expect(log.some((e) => e.action === 'claims.approve')).toBe(true);
  });

  it('a co-payment comes off the fee unless the exemption port names a kind the table exempts', async () => {
    const clock = movableClock('2026-11-05T01:00:00Z');
    const exempt = new Set(['000102']);
    const engine = createEngine({
      store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated,
      coPaymentExemptions: { exemptionOf: async (_tenant, residentId) => (exempt.has(residentId) ? 'public-assistance' : undefined) },
    });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'administration').loadFeeTable({ fileName: 'sendai-2026.json', text: FEES });
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importRegistry(csvBytes([
      REGISTRY_HEADER,
      registryRow({ id: '000101', kana: 'サトウ イチロウ', kanji: '佐藤 一郎', birth: '1955-04-10', sex: '1', address: '仙台市青葉区1' }),
      registryRow({ id: '000102', kana: 'スズキ ハナコ', kanji: '鈴木 花子', birth: '1956-02-20', sex: '2', address: '仙台市泉区2' }),
    ]), { fileName: 'registry.csv' });
    await clerk.registerClinic({ clinicNo: CLINIC, name: '試験内科', location: 'outside-city' });
    await clerk.importSlips(csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000101', kana: 'サトウ イチロウ', birth: '1955-04-10', sex: '1', vaccine: 'influenza', dose: '1', date: '2026-10-20' }),
      slipRow({ id: '000102', kana: 'スズキ ハナコ', birth: '1956-02-20', sex: '2', vaccine: 'influenza', dose: '1', date: '2026-10-21' }),
    ]), { fileName: 'slips-2026-11.csv' });
    const [claim] = (await clerk.claims({ month: '2026-11' })).clinics;
    expect(claim!.lines.map((l) => [l.residentId, l.fee, l.coPayment, l.amount])).toEqual([['000101', 4950, 1500, 3450], ['000102', 4950, 0, 4950]]);
    expect(claim!.totals).toEqual({ doses: 2, examinations: 0, fee: 9900, coPayment: 1500, amount: 8400 });
  });

  it('a fee exemption the city records as a condition (condition record --kind fee-exemption) exempts within its period only', async () => {
    const clock = movableClock('2026-11-05T01:00:00Z');
    const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'administration').loadFeeTable({ fileName: 'sendai-2026.json', text: FEES });
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importRegistry(csvBytes([
      REGISTRY_HEADER,
      registryRow({ id: '000101', kana: 'サトウ イチロウ', kanji: '佐藤 一郎', birth: '1955-04-10', sex: '1', address: '仙台市青葉区1' }),
      registryRow({ id: '000102', kana: 'スズキ ハナコ', kanji: '鈴木 花子', birth: '1956-02-20', sex: '2', address: '仙台市泉区2' }),
    ]), { fileName: 'registry.csv' });
    // 000101's exemption ended before the dose; 000102's covers it.
    await clerk.recordCondition('000101', 'fee-exemption', { from: '2026-04-01', to: '2026-09-30', document: '免除決定通知 第1号' });
    await clerk.recordCondition('000102', 'fee-exemption', { from: '2026-10-01', document: '免除決定通知 第2号' });
    await clerk.registerClinic({ clinicNo: CLINIC, name: '試験内科', location: 'inside-city' });
    await clerk.importSlips(csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000101', kana: 'サトウ イチロウ', birth: '1955-04-10', sex: '1', vaccine: 'influenza', dose: '1', date: '2026-10-20' }),
      slipRow({ id: '000102', kana: 'スズキ ハナコ', birth: '1956-02-20', sex: '2', vaccine: 'influenza', dose: '1', date: '2026-10-21' }),
    ]), { fileName: 'slips-2026-11.csv' });
    const [claim] = (await clerk.claims({ month: '2026-11' })).clinics;
    expect(claim!.lines.map((l) => [l.residentId, l.coPayment, l.amount])).toEqual([['000101', 1500, 3450], ['000102', 0, 4950]]);
  });

  it('a slip\'s 免除区分 (a new optional column) exempts from the co-payment when the table lists it; 負担金区分 is kept on the record', async () => {
    const clock = movableClock('2026-11-05T01:00:00Z');
    const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    await engine.session('admin.sato', 'administration').loadFeeTable({ fileName: 'sendai-2026.json', text: FEES });
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.importRegistry(csvBytes([
      REGISTRY_HEADER,
      registryRow({ id: '000101', kana: 'サトウ イチロウ', kanji: '佐藤 一郎', birth: '1955-04-10', sex: '1', address: '仙台市青葉区1' }),
      registryRow({ id: '000102', kana: 'スズキ ハナコ', kanji: '鈴木 花子', birth: '1956-02-20', sex: '2', address: '仙台市泉区2' }),
    ]), { fileName: 'registry.csv' });
    await clerk.registerClinic({ clinicNo: CLINIC, name: '試験内科', location: 'inside-city' });
    const summary = await clerk.importSlips(csvBytes([
      [...SLIP_HEADER, '負担金区分', '免除区分'],
      [...slipRow({ id: '000101', kana: 'サトウ イチロウ', birth: '1955-04-10', sex: '1', vaccine: 'influenza', dose: '1', date: '2026-10-20' }), '1', ''],
      [...slipRow({ id: '000102', kana: 'スズキ ハナコ', birth: '1956-02-20', sex: '2', vaccine: 'influenza', dose: '1', date: '2026-10-21' }), '0', 'public-assistance'],
    ]), { fileName: 'slips-2026-11.csv' });
    expect(summary.droppedItems).toEqual([]);
    const ledger = await engine.session('admin.sato', 'inquiry').viewLedger('000102');
    expect(ledger.records[0]!.fields).toMatchObject({ coPaymentClass: '0', exemptionClass: 'public-assistance' });
    const [claim] = (await clerk.claims({ month: '2026-11' })).clinics;
    expect(claim!.lines.map((l) => [l.residentId, l.coPayment, l.amount])).toEqual([['000101', 1500, 3450], ['000102', 0, 4950]]);
  });

  it('a slip with 予診理由区分 is an examination without vaccination: paid the examination fee, never a dose on the ledger', async () => {
    const clock = movableClock('2026-06-05T01:00:00Z');
    const { engine, clerk } = await city(clock);
    await clerk.registerClinic({ clinicNo: CLINIC, name: '試験こどもクリニック', location: 'inside-city' });
    const summary = await clerk.importSlips(csvBytes([
      [...SLIP_HEADER, '予診理由区分'],
      [...slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-10', sex: '1', vaccine: 'hib', dose: '1', date: '2026-04-10' }), '2'],
      [...slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-10', sex: '1', vaccine: 'hib', dose: '1', date: '2026-04-17' }), ''],
    ]), { fileName: 'slips-2026-06.csv' });
    expect(summary).toMatchObject({ rows: 2, held: 0, droppedItems: [] });
    const ledger = await engine.session('admin.sato', 'inquiry').viewLedger('000101');
    expect(ledger.records.map((r) => [r.fields.vaccine, r.fields.dose, r.fields.date])).toEqual([['hib', 1, '2026-04-17']]);
    const [claim] = (await clerk.claims({ month: '2026-06' })).clinics;
    expect(claim!.lines.map((l) => [l.kind, l.date, l.amount])).toEqual([['dose', '2026-04-17', 9350], ['examination', '2026-04-10', 3300]]);
    expect(claim!.totals).toEqual({ doses: 1, examinations: 1, fee: 12_650, coPayment: 0, amount: 12_650 });
    const approved = await clerk.approveClaim({ month: '2026-06', clinicNo: CLINIC });
    expect(approved.counts).toEqual([{ vaccine: 'hib', dose: 1, doses: 1, amount: 9350 }]);
  });
});
