import { expect } from 'vitest';
import { steppingClock, VaxledgerError, hostAuthenticated } from '@vaxledger/domain';
import type { LedgerStep } from '@vaxledger/domain/testing';
import { createEngine, MemoryEventStore, type Engine } from '@vaxledger/adapters';
import { TENANT } from './events.ts';

export const residentId = (n: number) => `r${String(n).padStart(5, '0')}`;

/**
 * Replays steps through the engine; a step the domain refuses must write nothing but its refusal (OperationRejected). `beforeStep` runs before each step
 * (and once more after the last, with i = steps.length), for tests that act between steps.
 */
export async function replay(steps: readonly LedgerStep[], beforeStep?: (i: number, engine: Engine) => Promise<void>): Promise<Engine> {
  const clock = steppingClock(new Date('2026-01-01T00:00:00Z'), 1000);
  const engine = createEngine({ store: new MemoryEventStore({ clock }), tenant: TENANT, clock, authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato');
  const s = engine.session('admin.sato', 'registration');
  const records = new Map<number, string[]>();
  for (const [i, step] of steps.entries()) {
    await beforeStep?.(i, engine);
    const before = await engine.store.head();
    try {
      switch (step.kind) {
        case 'register':
          await s.registerResident(residentId(step.resident), step.details);
          break;
        case 'record': {
          const { recordId: id } = await s.recordVaccination({ residentId: residentId(step.resident), vaccine: step.vaccine, dose: step.dose, date: step.date, lot: step.lot, source: 'manual' });
          records.set(step.resident, [...(records.get(step.resident) ?? []), id]);
          break;
        }
        case 'correct': {
          const id = records.get(step.resident)?.[step.record] ?? '00000000-0000-4000-8000-000000000000';
          await s.correctVaccination({ residentId: residentId(step.resident), recordId: id, changes: { lot: step.lot, ...(step.date ? { date: step.date } : {}) }, reason: 'property test' });
          break;
        }
        case 'void': {
          const id = records.get(step.resident)?.[step.record] ?? '00000000-0000-4000-8000-000000000000';
          await s.voidVaccination({ residentId: residentId(step.resident), recordId: id, reason: 'property test' });
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof VaxledgerError)) throw error;
      // Nothing but the refusal's own record (OperationRejected: no data).
      const written: string[] = [];
      for await (const e of engine.store.readAll({ afterPosition: before.position })) written.push(e.type);
      expect(written.filter((t) => t !== 'OperationRejected')).toEqual([]);
    }
  }
  await beforeStep?.(steps.length, engine);
  return engine;
}
