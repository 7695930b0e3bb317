import { describe, expect, it } from 'vitest';
import { steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { engineContextOf } from '../../packages/application/src/engine/engine-context.ts';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';

async function city() {
  const clock = steppingClock(new Date('2026-04-01T00:00:00Z'));
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
  return engine;
}

describe('the dose check at registration', () => {
  it('records a dose that is not routine all the same, with its reasons as 警告内容 and category voluntary', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000001', aResident(1, { birthDate: '2025-04-02', sex: 'male' }));
    const early = await s.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 1, date: '2025-05-31', source: 'clinic-slip' });
    expect(early).toMatchObject({ routine: false, category: 'voluntary', warnings: ['too-early'] });
    const ok = await s.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2025-09-01', source: 'clinic-slip' });
    expect(ok).toMatchObject({ routine: true, category: 'routine', warnings: [] });
    // A correction that moves the date re-runs the check: too-early is gone.
    await s.correctVaccination({ residentId: '000001', recordId: early.recordId, changes: { date: '2025-06-01' }, reason: '接種日の誤記' });
    const view = await engine.session('admin.sato', 'inquiry').viewLedger('000001');
    const hib = view.records.find((r) => r.recordId === early.recordId)!;
    expect(hib.fields).toMatchObject({ date: '2025-06-01', category: 'routine' });
    expect(hib.warnings).toEqual([]);
    // The history counts: a second hib dose 10 days later is too soon (27日以上).
    const second = await s.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 2, date: '2025-06-11', source: 'clinic-slip' });
    expect(second.warnings).toEqual(['interval-too-short']);
  });
});

describe('eligibility extraction', () => {
  it('classifies due, closing, upcoming, missed and complete, leaves out those who left, and honours ward and cohort filters', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    // MR 2期: born 2020-04-02 … 2021-04-01 → window 2026-04-01 … 2027-03-31.
    await s.registerResident('a-due', aResident(1, { birthDate: '2020-06-01', wardCode: '101' }));
    await s.registerResident('b-done', aResident(2, { birthDate: '2020-07-01', wardCode: '101' }));
    await s.recordVaccination({ residentId: 'b-done', vaccine: 'mr', dose: 2, date: '2026-04-10', source: 'clinic-slip' });
    await s.registerResident('c-missed', aResident(3, { birthDate: '2019-06-01', wardCode: '102' })); // window ended 2026-03-31
    await s.registerResident('d-upcoming', aResident(4, { birthDate: '2021-05-10', wardCode: '102' })); // window opens 2027-04-01
    await s.registerResident('e-left', aResident(5, { birthDate: '2020-08-01', wardCode: '101' }));
    await s.moveOut('e-left', '2026-04-20');
    await s.registerResident('f-died', aResident(6, { birthDate: '2020-09-01', wardCode: '101' }));
    await s.recordDeath('f-died', '2026-04-21');

    const n = engine.session('notice.ito', 'notices');
    const all = await n.eligible({ vaccine: 'mr', dose: 2, date: '2026-05-01', statuses: ['due', 'closing', 'upcoming', 'missed', 'complete'] });
    const byId = Object.fromEntries(all.map((r) => [r.residentId, r.status]));
    expect(byId).toEqual({ 'a-due': 'due', 'b-done': 'complete', 'c-missed': 'missed' });
    expect(all.find((r) => r.residentId === 'a-due')!.window).toEqual({ from: '2026-04-01', to: '2027-03-31' });

    const march = await n.eligible({ vaccine: 'mr', dose: 2, date: '2027-03-10', withinDays: 30, statuses: ['due', 'closing', 'upcoming'] });
    expect(Object.fromEntries(march.map((r) => [r.residentId, r.status]))).toEqual({ 'a-due': 'closing', 'd-upcoming': 'upcoming' });

    expect((await n.eligible({ vaccine: 'mr', dose: 2, date: '2026-05-01', ward: '102', statuses: ['missed', 'due'] })).map((r) => r.residentId)).toEqual(['c-missed']);
    expect((await n.eligible({ vaccine: 'mr', dose: 2, date: '2026-05-01', birthFrom: '2020-04-02', birthTo: '2021-04-01' })).map((r) => r.residentId)).toEqual(['a-due']);
  });

  it('puts a notice run on the record and withholds 送付除外 and 住基閲覧注意 residents from it', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('p1', aResident(1, { birthDate: '2026-01-10', postalCode: '980-0001' }));
    await s.registerResident('p2', aResident(2, { birthDate: '2026-01-11', mailingExcluded: true }));
    await s.registerResident('p3', aResident(3, { birthDate: '2026-01-12', addressDisclosureRestricted: true }));
    const run = await engine.session('notice.ito', 'notices').issueNotices('ticket', { vaccine: 'hib', dose: 1, date: '2026-03-20' });
    expect(run.notices.map((x) => x.residentId)).toEqual(['p1']);
    expect(run.notices[0]).toMatchObject({ postalCode: '980-0001', status: 'due' });
    expect(run.withheld).toBe(2);
    const log = await engine.session('admin.sato', 'audit').operationLog({ byOperator: 'notice.ito' });
    // The run's forms get their numbers (印刷連番) in the same unit as the run.
    expect(log.map((e) => e.action)).toEqual(['forms.serials', 'notices.issue']);
    const issued = [];
    for await (const e of engine.store.readAll()) if (e.type === 'NoticesIssued') issued.push(e.data);
    expect(issued).toEqual([expect.objectContaining({ kind: 'ticket', residentIds: ['p1'], withheld: 2, criteria: expect.objectContaining({ vaccine: 'hib', dose: 1 }) })]);
  });

  it('lets a registry move-out stop a resident appearing in extraction', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('m1', aResident(1, { birthDate: '2026-01-10' }));
    const n = engine.session('notice.ito', 'notices');
    expect((await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' })).map((r) => r.residentId)).toEqual(['m1']);
    await s.moveOut('m1', '2026-03-01');
    expect(await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' })).toEqual([]);
    await s.moveIn('m1', '2026-03-15');
    expect((await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' })).map((r) => r.residentId)).toEqual(['m1']);
  });
});

describe('the eligibility index of an engine', () => {
  it('is built once and reused until an eligibility fact changes', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('c1', aResident(1, { birthDate: '2026-01-10' }));
    const n = engine.session('notice.ito', 'notices');
    await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' });
    // The cache is the engine's own (a host extracts through a session): looked at through the test seam.
    const cache = engineContextOf(engine).eligibility;
    const first = await cache.index();
    await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-21' }); // a read moves the log, not the facts
    expect(await cache.index()).toBe(first);
    await s.registerResident('c2', aResident(2, { birthDate: '2026-01-11' }));
    await engine.catchUp();
    const second = await cache.index();
    expect(second).not.toBe(first);
    expect((await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' })).map((r) => r.residentId)).toEqual(['c1', 'c2']);
  });

  it('is reused across reads by an engine opened on an existing store', async () => {
    const clock = steppingClock(new Date('2026-04-01T00:00:00Z'));
    const store = new MemoryEventStore({ clock });
    const first = createEngine({ store, tenant: TENANT, clock, authenticator: hostAuthenticated });
    await first.initTenant('admin.sato');
    await first.session('admin.sato', 'registration').registerResident('c1', aResident(1, { birthDate: '2026-01-10' }));
    const reopened = createEngine({ store, tenant: TENANT, clock, authenticator: hostAuthenticated });
    const n = reopened.session('admin.sato', 'notices');
    await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' });
    const cache = engineContextOf(reopened).eligibility;
    const index = await cache.index();
    await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-20' });
    await n.eligible({ vaccine: 'hib', dose: 1, date: '2026-03-21' });
    expect(await cache.index()).toBe(index);
  });
});
