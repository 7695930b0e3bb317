import fc from 'fast-check';
import type { Engine } from '@vaxledger/adapters';
import { aResident } from './residents.ts';

/** What a city's clerks do to a few residents between two extractions, for properties of the eligibility index. */
export type EligibilityOp =
  | { kind: 'register'; who: number; birth: string }
  | { kind: 'record'; who: number; vaccine: 'mr' | 'hib'; dose: number; date: string }
  | { kind: 'correct'; who: number; date: string }
  | { kind: 'void'; who: number }
  | { kind: 'moveOut'; who: number }
  | { kind: 'moveIn'; who: number }
  | { kind: 'erase'; who: number }
  | { kind: 'extract' };

const who = fc.integer({ min: 0, max: 5 });
const isoDay = (from: number, days: number) => new Date(from + days * 86_400_000).toISOString().slice(0, 10);
const day = fc.integer({ min: 0, max: 900 }).map((d) => isoDay(Date.UTC(2024, 0, 1), d));

export const eligibilityOp: fc.Arbitrary<EligibilityOp> = fc.oneof(
  fc.record({ kind: fc.constant('register' as const), who, birth: fc.integer({ min: 0, max: 2500 }).map((d) => isoDay(Date.UTC(2019, 0, 1), d)) }),
  fc.record({ kind: fc.constant('record' as const), who, vaccine: fc.constantFrom('mr' as const, 'hib' as const), dose: fc.integer({ min: 1, max: 2 }), date: day }),
  fc.record({ kind: fc.constant('correct' as const), who, date: day }),
  fc.record({ kind: fc.constant('void' as const), who }),
  fc.record({ kind: fc.constant('moveOut' as const), who }),
  fc.record({ kind: fc.constant('moveIn' as const), who }),
  fc.record({ kind: fc.constant('erase' as const), who }),
  fc.constant({ kind: 'extract' as const }),
);

/** Ids that extend one another, so that the index's order is tested where key order and id order part. */
export const ELIGIBILITY_RESIDENT_IDS = ['0001', '0001-2', '00010', '0002', '0002_x', 'a'];

export const ELIGIBILITY_QUERIES = [{ vaccine: 'mr', dose: 1 }, { vaccine: 'mr', dose: 2 }, { vaccine: 'hib', dose: 1 }, { vaccine: 'hib', dose: 2 }] as const;

/**
 * Carries out operations on an engine (an administrator acting for registration and administration), skipping what
 * cannot apply (a dose for someone not registered, anything for someone erased). 'extract' is the caller's.
 */
export class EligibilityClerk {
  private readonly records = new Map<number, string[]>();
  private readonly registered = new Set<number>();
  private readonly erased = new Set<number>();

  constructor(private readonly engine: Engine, private readonly operator = 'admin.sato') {}

  /** Applies one operation; says whether it erased someone. */
  async apply(o: Exclude<EligibilityOp, { kind: 'extract' }>): Promise<{ erased: boolean }> {
    const clerk = this.engine.session(this.operator, 'registration');
    const id = ELIGIBILITY_RESIDENT_IDS[o.who]!;
    const none = { erased: false };
    if (this.erased.has(o.who)) return none;
    if (o.kind === 'register') {
      if (this.registered.has(o.who)) return none;
      await clerk.registerResident(id, aResident(o.who, { birthDate: o.birth }));
      this.registered.add(o.who);
    } else if (!this.registered.has(o.who)) {
      return none;
    } else if (o.kind === 'record') {
      const r = await clerk.recordVaccination({ residentId: id, vaccine: o.vaccine, dose: o.dose, date: o.date, source: 'clinic-slip' });
      this.records.set(o.who, [...(this.records.get(o.who) ?? []), r.recordId]);
    } else if (o.kind === 'correct' || o.kind === 'void') {
      const recordId = this.records.get(o.who)?.pop();
      if (recordId === undefined) return none;
      if (o.kind === 'correct') {
        await clerk.correctVaccination({ residentId: id, recordId, changes: { date: o.date }, reason: '接種日の誤記' });
        this.records.get(o.who)!.unshift(recordId);
      } else {
        await clerk.voidVaccination({ residentId: id, recordId, reason: '二重登録' });
      }
    } else if (o.kind === 'moveOut') {
      await clerk.moveOut(id, '2026-04-20').catch(() => undefined);
    } else if (o.kind === 'moveIn') {
      await clerk.moveIn(id, '2026-04-25').catch(() => undefined);
    } else {
      await this.engine.session(this.operator, 'administration').erase(id, { reason: '本人の求め (テスト)' });
      this.erased.add(o.who);
      return { erased: true };
    }
    return none;
  }
}
