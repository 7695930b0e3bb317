import { describe, expect, it } from 'vitest';
import { DomainError, hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { csvBytes, SLIP_HEADER, slipRow } from '../support/files.ts';

// Issue 19, item 16: a dose already on the ledger was recorded a second time (by hand or from the suspense queue) and
// certified twice. The vaccinations decider now refuses it unless a reason is given.
async function city() {
  const clock = steppingClock(new Date('2026-05-01T00:00:00Z'), 60_000);
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const clerk = engine.session('admin.sato', 'registration');
  await clerk.registerResident('000101', aResident(1, { kanaName: 'サトウ ハルト', birthDate: '2026-01-10', sex: 'male' }));
  await clerk.registerResident('000102', aResident(2, { birthDate: '1950-05-05' }));
  return { engine, clerk };
}

const hib1 = { residentId: '000101', vaccine: 'hib', dose: 1, date: '2026-03-12', source: 'counter' } as const;

describe('a duplicate dose is a doubt, not a second record', () => {
  it('record refuses a dose already active (same vaccine and dose), unless a reason is given; the certificate lists it once', async () => {
    const { engine, clerk } = await city();
    await clerk.recordVaccination(hib1);
    const again = await clerk.recordVaccination({ ...hib1, date: '2026-03-13' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect(again).toMatchObject({ code: 'duplicate-dose', kind: 'invalid-input' });
    await expect(clerk.recordVaccination(hib1)).rejects.toMatchObject({ code: 'duplicate-dose' });
    // Another dose ordinal is not a duplicate.
    await clerk.recordVaccination({ ...hib1, dose: 2, date: '2026-04-09' });
    await expect(clerk.recordVaccination({ ...hib1, duplicateReason: '本人 123456789018 の申出' })).rejects.toMatchObject({ code: 'my-number-in-text' });
    await clerk.recordVaccination({ ...hib1, duplicateReason: '母子手帳と個人票の二重記載を確認のうえ記録' });
    const ledger = await clerk.viewLedger('000101');
    expect(ledger.records.map((r) => [r.fields.dose, r.fields.date, r.duplicateReason ?? null]).sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
      [1, '2026-03-12', null], [1, '2026-03-12', '母子手帳と個人票の二重記載を確認のうえ記録'], [2, '2026-04-09', null],
    ]);
    const certificate = await engine.session('admin.sato', 'inquiry').issueCertificate('000101', { identityDocument: '母子健康手帳' });
    expect(certificate.doses.map((d) => [d.vaccine, d.dose, d.date])).toEqual([['hib', 1, '2026-03-12'], ['hib', 2, '2026-04-09']]);
  });

  it('a voided dose may be recorded again; a seasonal vaccine has one dose 1 per season', async () => {
    const { clerk } = await city();
    const { recordId } = await clerk.recordVaccination(hib1);
    await clerk.voidVaccination({ residentId: '000101', recordId, reason: '誤登録' });
    await clerk.recordVaccination(hib1);
    const flu = { residentId: '000102', vaccine: 'influenza', dose: 1, source: 'counter' } as const;
    await clerk.recordVaccination({ ...flu, date: '2025-11-01' });
    await clerk.recordVaccination({ ...flu, date: '2026-11-01' });
    await expect(clerk.recordVaccination({ ...flu, date: '2026-01-20' })).rejects.toMatchObject({ code: 'duplicate-dose' });
  });

  it('suspense resolve --match refuses a slip whose dose is already on the ledger, unless a reason is given', async () => {
    const { engine, clerk } = await city();
    await clerk.recordVaccination(hib1);
    // Held for a mismatched birth date; the investigation finds the child, whose dose is already recorded.
    await clerk.importSlips(csvBytes([SLIP_HEADER, slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2026-01-11', sex: '1', vaccine: 'hib', dose: '1', date: '2026-03-12' })]), { fileName: 'slips.csv' });
    const [held] = await clerk.suspense();
    expect(held?.reason).toBe('basic-four-mismatch');
    await expect(clerk.resolveSlip(held!.slipId, { match: '000101', reason: '生年月日の誤記' })).rejects.toMatchObject({ code: 'duplicate-dose' });
    expect((await clerk.suspense()).map((s) => s.slipId)).toEqual([held!.slipId]);
    await clerk.resolveSlip(held!.slipId, { match: '000101', reason: '生年月日の誤記', duplicateReason: '同日に二度接種の報告あり、医療機関に確認済' });
    expect((await clerk.viewLedger('000101')).records).toHaveLength(2);
    const certificate = await engine.session('admin.sato', 'inquiry').issueCertificate('000101', { identityDocument: '母子健康手帳' });
    expect(certificate.doses).toHaveLength(1);
  });
});
