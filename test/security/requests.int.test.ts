import { describe, expect, it } from 'vitest';
import { AccessDeniedError, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { join } from 'node:path';
import { createEngine, MemoryEventStore, openSqliteEngine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';

async function city(on: 'memory' | 'sqlite' = 'memory') {
  const clock = steppingClock(new Date('2026-04-01T00:00:00Z'), 60_000);
  const engine = on === 'memory'
    ? createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated })
    : await openSqliteEngine({ file: join(tempDir(), 'requests.db'), tenant: TENANT, create: true, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'administration').registerOperator('privacy.abe', ['disclosure'], ['disclosure']);
  await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
  const s = engine.session('admin.sato', 'registration');
  await s.registerResident('000001', aResident(1, { birthDate: '2026-01-10' }));
  await s.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2026-03-01', source: 'counter' });
  return engine;
}

describe('disclosure, correction and suspension requests (開示・訂正・利用停止)', () => {
  it.each(['memory', 'sqlite'] as const)('tracks the 14-day deadline, needs a reason to extend it, and exports ledger, notices and log entries on disclosure (%s store)', async (on) => {
    const engine = await city(on);
    await engine.session('notice.ito', 'notices').issueNotices('ticket', { vaccine: 'hib', dose: 1, date: '2026-03-20' });
    const privacy = engine.session('privacy.abe', 'disclosure');
    const r = await privacy.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-03-02', summary: '自分の接種記録の開示' });
    expect(r).toMatchObject({ status: 'lodged', deadline: '2026-03-16' });
    expect((await privacy.requests({ overdue: true })).map((x) => x.requestId)).toEqual([r.requestId]);
    await expect(privacy.extendRequest(r.requestId, '2026-03-10', 'x')).rejects.toThrow(/after the current one/);
    await privacy.extendRequest(r.requestId, '2026-04-15', '記録の確認に時間を要するため');
    expect(await privacy.requests({ overdue: true })).toEqual([]);
    await expect(privacy.disclose(r.requestId)).rejects.toThrow(/not a granted/);
    await privacy.decideRequest(r.requestId, 'granted', '全部開示');
    const out = await privacy.disclose(r.requestId);
    expect(out.records.map((x) => x.fields.vaccine)).toEqual(['bcg']);
    expect(out.notices.map((n) => [n.kind, n.vaccine])).toEqual([['ticket', 'hib']]);
    expect(out.operationLog.map((e) => e.action)).toEqual(expect.arrayContaining(['resident.register', 'vaccination.record', 'request.lodge', 'request.decide']));
    const log = await engine.session('admin.sato', 'audit').operationLog({ resident: '000001' });
    expect(log.at(-1)).toMatchObject({ action: 'disclosure.export', operator: 'privacy.abe', outcome: 'allowed' });
    await engine.close();
  });

  it('a granted correction is carried out by the disclosure officer as a VaccinationCorrected, on the record', async () => {
    const engine = await city();
    const privacy = engine.session('privacy.abe', 'disclosure');
    const r = await privacy.lodgeRequest({ residentId: '000001', kind: 'correction', receivedOn: '2026-03-20', summary: 'BCGの接種日が違う' });
    await privacy.decideRequest(r.requestId, 'granted', '母子健康手帳で確認');
    const recordId = (await engine.session('admin.sato', 'registration').viewLedger('000001')).records[0]!.recordId;
    await privacy.correctVaccination({ residentId: '000001', recordId, changes: { date: '2026-03-02' }, reason: `訂正請求 ${r.requestId}` });
    const out = await (async () => {
      const d = await privacy.lodgeRequest({ residentId: '000001', kind: 'disclosure', receivedOn: '2026-03-21' });
      await privacy.decideRequest(d.requestId, 'granted', '開示');
      return privacy.disclose(d.requestId);
    })();
    expect(out.records[0]!.fields.date).toBe('2026-03-02');
    expect(out.records[0]!.history.map((h) => [h.kind, h.reason ?? null])).toEqual([['recorded', null], ['corrected', `訂正請求 ${r.requestId}`]]);
  });

  it('a granted suspension refuses uses without a legal duty (inquiry, notices) and keeps those with one (registration)', async () => {
    const engine = await city();
    const privacy = engine.session('privacy.abe', 'disclosure');
    const r = await privacy.lodgeRequest({ residentId: '000001', kind: 'suspension', receivedOn: '2026-03-25' });
    await privacy.decideRequest(r.requestId, 'granted', '利用停止');
    await expect(engine.session('admin.sato', 'inquiry').viewLedger('000001')).rejects.toBeInstanceOf(AccessDeniedError);
    expect(await engine.session('notice.ito', 'notices').eligible({ vaccine: 'hib', dose: 1, date: '2026-03-30' })).toEqual([]);
    expect((await engine.session('admin.sato', 'registration').viewLedger('000001')).records).toHaveLength(1);
    const denied = await engine.session('admin.sato', 'audit').operationLog({ outcome: 'denied' });
    expect(denied.map((e) => [e.action, e.reason])).toEqual([['ledger.view', 'use-suspended']]);
  });
});
