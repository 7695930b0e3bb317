import { describe, expect, it } from 'vitest';
import { AccessDeniedError, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';

describe('purpose-bound views (事務と情報項目の対応付け)', () => {
  it('shows each affair only its items, withholds a 住基閲覧注意 address, and logs exactly the items shown', async () => {
    const engine = createEngine({ store: new MemoryEventStore(), tenant: TENANT, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato');
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000001', aResident(1, { postalCode: '980-0001', integratedAddresseeNo: '77001' }));
    await s.registerResident('000002', aResident(2, { addressDisclosureRestricted: true }));
    await s.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2012-06-01', source: 'counter' });

    const inquiry = await engine.session('admin.sato', 'inquiry').viewLedger('000001');
    expect(Object.keys(inquiry.resident).sort()).toEqual(['birthDate', 'kanaName', 'kanjiName', 'sex', 'status']);
    expect(inquiry.records).toHaveLength(1);

    const linkage = await engine.session('admin.sato', 'linkage').viewLedger('000001');
    expect(linkage.resident).toEqual({ status: 'resident', integratedAddresseeNo: '77001' });
    expect(linkage.records).toHaveLength(1);

    const registration = await engine.session('admin.sato', 'registration').viewLedger('000001');
    expect(registration.resident.address).toBeDefined();
    const protectedView = await engine.session('admin.sato', 'registration').viewLedger('000002');
    expect(protectedView.resident.address).toBeUndefined();
    expect(protectedView.resident.addressWithheld).toBe(true);
    // Acting for disclosure is bound to the person's request (see attacks/disclosure-without-request.test.ts).
    await engine.session('admin.sato', 'disclosure').lodgeRequest({ residentId: '000002', kind: 'disclosure', receivedOn: '2026-03-31' });
    const disclosure = await engine.session('admin.sato', 'disclosure').viewLedger('000002');
    expect(disclosure.resident.address).toBeDefined();

    await expect(engine.session('admin.sato', 'statistics').viewLedger('000001')).rejects.toBeInstanceOf(AccessDeniedError);

    const reads = (await engine.session('admin.sato', 'audit').operationLog()).filter((e) => e.action === 'ledger.view' && e.outcome === 'allowed');
    expect(reads.map((e) => [e.purpose, e.resident, e.items])).toEqual([
      ['inquiry', '000001', ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'vaccinations']],
      ['linkage', '000001', ['residentId', 'integratedAddresseeNo', 'vaccinations']],
      ['registration', '000001', ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'address', 'postalCode', 'vaccinations']],
      ['registration', '000002', ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'vaccinations']],
      ['disclosure', '000002', ['residentId', 'kanaName', 'kanjiName', 'birthDate', 'sex', 'address', 'postalCode', 'vaccinations']],
    ]);
  });
});
