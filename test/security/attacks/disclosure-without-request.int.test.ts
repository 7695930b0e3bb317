import { describe, expect, it } from 'vitest';
import { AccessDeniedError, hostAuthenticated, steppingClock } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../../support/events.ts';
import { aResident } from '../../support/residents.ts';

// Issue 19, item 4: acting for `disclosure` is bound to a request of the person concerned. Without one, the disclosure
// officer saw any person's ledger (and a 住基閲覧注意 address) and could record vaccinations.
async function city() {
  const clock = steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000);
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'administration').registerOperator('privacy.abe', ['disclosure'], ['disclosure']);
  const s = engine.session('admin.sato', 'registration');
  await s.registerResident('000001', aResident(1));
  await s.registerResident('000002', aResident(2, { addressDisclosureRestricted: true }));
  await s.recordVaccination({ residentId: '000002', vaccine: 'bcg', dose: 1, date: '2012-06-01', source: 'counter' });
  return engine;
}

const deniedEntries = async (engine: Awaited<ReturnType<typeof city>>) =>
  (await engine.session('admin.sato', 'audit').operationLog({ outcome: 'denied' })).map((e) => [e.operator, e.action, e.resident ?? null, e.reason]);

describe('disclosure is tied to a request of the same person', () => {
  it('without a request, the ledger (and the protected address) is refused and the refusal logged', async () => {
    const engine = await city();
    const privacy = engine.session('privacy.abe', 'disclosure');
    const error = await privacy.viewLedger('000002').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as AccessDeniedError).reason).toBe('no-request');
    expect(String((error as Error).message)).not.toContain('試験町');
    expect(await deniedEntries(engine)).toEqual([['privacy.abe', 'ledger.view', '000002', 'no-request']]);
  });

  it('a request lodged for another person opens nothing; one for this person opens the read, address included', async () => {
    const engine = await city();
    const privacy = engine.session('privacy.abe', 'disclosure');
    await privacy.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-03-30' });
    await expect(privacy.viewLedger('000002')).rejects.toBeInstanceOf(AccessDeniedError);
    await privacy.lodgeRequest({ residentId: '000002', kind: 'disclosure', receivedOn: '2026-03-31' });
    const view = await privacy.viewLedger('000002');
    expect(view.resident.address).toBe('仙台市青葉区試験町2番地');
    expect(view.records).toHaveLength(1);
  });

  it('a refused request opens nothing', async () => {
    const engine = await city();
    const privacy = engine.session('privacy.abe', 'disclosure');
    const r = await privacy.lodgeRequest({ residentId: '000002', kind: 'disclosure', receivedOn: '2026-03-31' });
    await privacy.decideRequest(r.requestId, 'refused', '不開示');
    await expect(privacy.viewLedger('000002')).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it('records and corrections need a granted correction request for that person; a lodged one is not enough', async () => {
    const engine = await city();
    const privacy = engine.session('privacy.abe', 'disclosure');
    const dose = { residentId: '000001', vaccine: 'bcg', dose: 1, date: '2012-06-01', source: 'counter' } as const;
    await expect(privacy.recordVaccination(dose)).rejects.toMatchObject({ reason: 'no-request' });
    const r = await privacy.lodgeRequest({ residentId: '000001', kind: 'correction', receivedOn: '2026-03-31' });
    await expect(privacy.recordVaccination(dose)).rejects.toMatchObject({ reason: 'no-request' });
    await expect(privacy.recordCondition('000001', 'long-term-illness')).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(privacy.changeResidentDetails('000001', { address: '仙台市青葉区別町1番地' })).rejects.toBeInstanceOf(AccessDeniedError);
    await privacy.decideRequest(r.requestId, 'granted', '訂正');
    await privacy.recordVaccination(dose);
    // The grant is for 000001 alone.
    await expect(privacy.recordVaccination({ ...dose, residentId: '000002', dose: 2 })).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await engine.session('admin.sato', 'registration').viewLedger('000001')).records).toHaveLength(1);
    expect((await deniedEntries(engine)).map((e) => e[3])).toEqual(['no-request', 'no-request', 'no-request', 'no-request', 'no-request']);
  });

  it('the operation log of one person, read for disclosure, needs that person\'s request too; the whole log is refused', async () => {
    const engine = await city();
    await engine.session('admin.sato', 'administration').registerOperator('audit.kato', ['audit'], ['audit', 'disclosure']);
    const auditor = engine.session('audit.kato', 'disclosure');
    await expect(auditor.operationLog({ resident: '000002' })).rejects.toMatchObject({ reason: 'no-request' });
    await expect(auditor.operationLog()).rejects.toMatchObject({ reason: 'no-request' });
    await engine.session('privacy.abe', 'disclosure').lodgeRequest({ residentId: '000002', kind: 'disclosure', receivedOn: '2026-03-31' });
    expect((await auditor.operationLog({ resident: '000002' })).length).toBeGreaterThan(0);
    // Other purposes are not affected.
    expect((await engine.session('audit.kato', 'audit').operationLog()).length).toBeGreaterThan(0);
  });
});
