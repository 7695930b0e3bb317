import { describe, expect, it } from 'vitest';
import { AccessDeniedError, DomainError, steppingClock, hostAuthenticated } from '@vaxledger/domain';
import { createEngine, MemoryEventStore } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';

async function newEngine() {
  const clock = steppingClock(new Date('2026-04-01T00:00:00Z'));
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  return engine;
}

describe('engine facade', () => {
  it('records, corrects and voids vaccinations, and keeps every step in the ledger', async () => {
    const engine = await newEngine();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000123', aResident(1));
    const a = (await s.recordVaccination({ residentId: '000123', vaccine: 'mr', dose: 1, date: '2026-03-01', lot: 'AB12', source: 'counter' })).recordId;
    const b = (await s.recordVaccination({ residentId: '000123', vaccine: 'bcg', dose: 1, date: '2026-02-01', source: 'counter' })).recordId;
    await s.correctVaccination({ residentId: '000123', recordId: a, changes: { lot: 'AB13' }, reason: 'lot mistyped' });
    await s.voidVaccination({ residentId: '000123', recordId: b, reason: 'entered for the wrong person' });
    const view = await engine.session('admin.sato', 'inquiry').viewLedger('000123');
    expect(view.records.map((r) => [r.fields.vaccine, r.status])).toEqual([['mr', 'active'], ['bcg', 'voided']]);
    const mr = view.records[0]!;
    expect(mr.fields.lot).toBe('AB13');
    expect(mr.history.map((h) => h.kind)).toEqual(['recorded', 'corrected']);
    expect(mr.history[1]!.before).toEqual({ lot: 'AB12' });
    expect((await engine.verify()).ok).toBe(true);
  });

  it('refuses bad input and writes nothing', async () => {
    const engine = await newEngine();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000123', aResident(1));
    const head = await engine.store.head();
    await expect(s.recordVaccination({ residentId: '999999', vaccine: 'mr', dose: 1, date: '2026-03-01', source: 'counter' })).rejects.toThrow(/not registered/);
    await expect(s.recordVaccination({ residentId: '000123', vaccine: 'mr', dose: 1, date: '2026-02-30', source: 'counter' })).rejects.toBeInstanceOf(DomainError);
    await expect(s.registerResident('000124', aResident(2, { birthDate: '2023-02-29' }))).rejects.toThrow(/birthDate/);
    const r = (await s.recordVaccination({ residentId: '000123', vaccine: 'mr', dose: 1, date: '2026-03-01', source: 'counter' })).recordId;
    await s.voidVaccination({ residentId: '000123', recordId: r, reason: 'duplicate' });
    await expect(s.correctVaccination({ residentId: '000123', recordId: r, changes: { lot: 'X' }, reason: 'x' })).rejects.toThrow(/voided/);
    // Nothing but the two valid commands and the refusals' own record (OperationRejected: no data) was written.
    const written: string[] = [];
    for await (const e of engine.store.readAll({ afterPosition: head.position })) written.push(e.type === 'OperationRejected' ? `rejected:${(e.data as { reason: string }).reason}` : e.type);
    expect(written).toEqual(['rejected:unknown-resident', 'rejected:invalid-resident', 'VaccinationRecorded', 'VaccinationVoided', 'rejected:record-voided']);
    expect(() => createEngine({ store: new MemoryEventStore(), tenant: '041008', authenticator: hostAuthenticated })).toThrow(/check digit/);
  });

  it('logs every read and every denial, and denies unknown operators and purposes outside their grant', async () => {
    const engine = await newEngine();
    const admin = engine.session('admin.sato', 'registration');
    await admin.registerResident('000123', aResident(1));
    await engine.session('admin.sato', 'administration').registerOperator('clerk.suzuki', ['inquiry'], ['inquiry']);
    await engine.session('clerk.suzuki', 'inquiry').viewLedger('000123');
    await expect(engine.session('clerk.suzuki', 'registration').registerResident('000200', aResident(3))).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(engine.session('nobody.here', 'inquiry').viewLedger('000123')).rejects.toBeInstanceOf(AccessDeniedError);
    await engine.session('admin.sato', 'administration').deactivateOperator('clerk.suzuki', 'transferred');
    await expect(engine.session('clerk.suzuki', 'inquiry').viewLedger('000123')).rejects.toBeInstanceOf(AccessDeniedError);
    const log = await engine.session('admin.sato', 'audit').operationLog();
    const denied = log.filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => [e.operator, e.reason])).toEqual([
      ['clerk.suzuki', 'purpose-not-allowed'], ['nobody.here', 'unknown-operator'], ['clerk.suzuki', 'deactivated'],
    ]);
    const reads = log.filter((e) => e.action === 'ledger.view' && e.outcome === 'allowed');
    expect(reads.map((e) => [e.operator, e.resident, e.outcome])).toEqual([['clerk.suzuki', '000123', 'allowed']]);
    expect(JSON.stringify(log)).not.toContain('試験');
    expect((await engine.verify()).ok).toBe(true);
  });

  it('shows the ledger as the store knew it at a past instant', async () => {
    const engine = await newEngine();
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000123', aResident(1));
    const id = (await s.recordVaccination({ residentId: '000123', vaccine: 'hib', dose: 1, date: '2026-03-01', source: 'counter' })).recordId;
    const stored = [];
    for await (const e of engine.store.readAll()) stored.push(e);
    const instant = stored[stored.length - 1]!.recordedAt;
    await s.voidVaccination({ residentId: '000123', recordId: id, reason: 'wrong person' });
    const then = await engine.session('admin.sato', 'inquiry').viewLedger('000123', { asOf: instant });
    expect(then.records[0]!.status).toBe('active');
    const now = await engine.session('admin.sato', 'inquiry').viewLedger('000123');
    expect(now.records[0]!.status).toBe('voided');
  });
});
