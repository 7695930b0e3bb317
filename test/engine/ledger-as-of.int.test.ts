import { describe, expect, it } from 'vitest';
import { hostAuthenticated, type Clock } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';

// Issue 19, item 15: `ledger --as-of` showed today's name, address and status beside a past ledger, and read a date
// alone as midnight UTC (09:00 in Japan).
async function city() {
  let now = new Date('2026-03-31T14:30:00Z'); // 2026-03-31 23:30 JST
  const clock: Clock = { now: () => now };
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  const at = (iso: string) => { now = new Date(iso); };
  at('2026-01-01T00:00:00Z');
  await engine.initTenant('admin.sato');
  const clerk = engine.session('admin.sato', 'registration');
  at('2026-03-31T14:30:00Z'); // 2026-03-31 23:30 JST
  await clerk.registerResident('000001', aResident(1, { birthDate: '2026-01-10' }));
  at('2026-04-01T02:00:00Z'); // 2026-04-01 11:00 JST
  await clerk.recordVaccination({ residentId: '000001', vaccine: 'bcg', dose: 1, date: '2026-03-30', source: 'counter' });
  at('2026-05-01T01:00:00Z');
  await clerk.changeResidentDetails('000001', { kanjiName: '改姓 太郎', address: '仙台市泉区新住所1番地' });
  at('2026-06-01T01:00:00Z');
  await clerk.moveOut('000001', '2026-05-31');
  at('2026-07-01T00:00:00Z');
  return engine;
}

describe('ledger --as-of shows the resident as they were then', () => {
  it('name, address and status at that instant, not today\'s', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    const now = await s.viewLedger('000001');
    expect(now.resident).toMatchObject({ status: 'moved-out', kanjiName: '改姓 太郎', address: '仙台市泉区新住所1番地' });
    const april = await s.viewLedger('000001', { asOf: '2026-04-15T00:00:00+09:00' });
    expect(april.resident).toMatchObject({ status: 'resident', kanjiName: '試験 太郎1', address: '仙台市青葉区試験町1番地' });
    expect(april.records).toHaveLength(1);
    expect(april.asOfTakenAs).toBe('as-given');
    const may = await s.viewLedger('000001', { asOf: '2026-05-15T00:00:00Z' });
    expect(may.resident).toMatchObject({ status: 'resident', kanjiName: '改姓 太郎' });
  });

  it('before registration: not yet registered, no items', async () => {
    const engine = await city();
    const view = await engine.session('admin.sato', 'registration').viewLedger('000001', { asOf: '2026-03-01T00:00:00Z' });
    expect(view.resident).toEqual({ status: 'not-registered' });
    expect(view.records).toEqual([]);
  });

  it('a date alone is 00:00 JST (not UTC), and the view says so; a time without an offset is JST', async () => {
    const engine = await city();
    const s = engine.session('admin.sato', 'registration');
    // 2026-04-01 00:00 JST: registered at 23:30 JST the day before, the BCG recorded at 11:00 JST that day.
    const date = await s.viewLedger('000001', { asOf: '2026-04-01' });
    expect(date.asOf).toBe('2026-03-31T15:00:00.000Z');
    expect(date.asOfTakenAs).toBe('jst-midnight');
    expect(date.resident.status).toBe('resident');
    expect(date.records).toEqual([]);
    const local = await s.viewLedger('000001', { asOf: '2026-04-01T12:00' });
    expect(local).toMatchObject({ asOf: '2026-04-01T03:00:00.000Z', asOfTakenAs: 'jst' });
    expect(local.records).toHaveLength(1);
    await expect(s.viewLedger('000001', { asOf: '2026-02-30' })).rejects.toMatchObject({ code: 'invalid-instant' });
    await expect(s.viewLedger('000001', { asOf: 'yesterday' })).rejects.toMatchObject({ code: 'invalid-instant' });
  });
});
