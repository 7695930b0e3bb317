import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EligibilityIndex, type EligibilityDoc } from '../src/index.ts';

// Ids that extend one another and sort apart from their keys ("0001" < "0001-2" < "00010"), so order is tested.
const residentId = fc.constantFrom('0001', '0001-2', '00010', '0002', '01', '1', 'a', 'a0', 'b');
const doc = (id: string) => fc.record({
  birth: fc.integer({ min: 0, max: 3000 }),
  status: fc.constantFrom('resident', 'resident', 'resident', 'moved-out', 'died') as fc.Arbitrary<EligibilityDoc['status']>,
  doses: fc.array(fc.record({ vaccine: fc.constantFrom('mr', 'hib'), dose: fc.integer({ min: 1, max: 2 }), day: fc.integer({ min: 0, max: 3000 }) }), { maxLength: 3 }),
  noMail: fc.boolean(),
}).map(({ birth, status, doses, noMail }): EligibilityDoc => ({
  tenant: '041009', residentId: id, registered: true, birthDate: isoDay(Date.UTC(2018, 0, 1), birth), sex: 'female', wardCode: '101', status,
  mailingExcluded: noMail, addressRestricted: false, conditions: [],
  doses: doses.map((d, k) => ({ recordId: `${id}-${k}`, vaccine: d.vaccine, dose: d.dose, date: isoDay(Date.UTC(2018, 0, 1), d.day) })),
}));
const isoDay = (from: number, days: number) => new Date(from + days * 86_400_000).toISOString().slice(0, 10);
const population: fc.Arbitrary<EligibilityDoc[]> = fc.uniqueArray(residentId, { maxLength: 9 })
  .chain((ids) => ids.length === 0 ? fc.constant<EligibilityDoc[]>([]) : fc.tuple(...ids.map(doc)).map((t): EligibilityDoc[] => [...t]));
type Change = readonly [string, EligibilityDoc | undefined];
const changes: fc.Arbitrary<Change[]> = fc.uniqueArray(residentId, { maxLength: 9 }).chain((ids) => ids.length === 0
  ? fc.constant<Change[]>([])
  : fc.tuple(...ids.map((id) => fc.option(doc(id), { nil: undefined }).map((d): Change => [id, d]))).map((t): Change[] => [...t]));
const QUERIES = [{ vaccine: 'mr', dose: 1 }, { vaccine: 'mr', dose: 2 }, { vaccine: 'hib', dose: 2 }] as const;
const ALL = ['due', 'closing', 'upcoming', 'missed', 'complete'] as const;

describe('EligibilityIndex.withChanges', () => {
  it('equals an index built afresh from the documents as they now are, in the same order', () => {
    fc.assert(fc.property(population, fc.array(changes, { minLength: 1, maxLength: 3 }), (docs, rounds) => {
      let index = new EligibilityIndex(docs);
      const current = new Map(docs.map((d) => [d.residentId, d]));
      for (const round of rounds) {
        index = index.withChanges(new Map(round));
        for (const [id, d] of round) {
          if (d) current.set(id, d);
          else current.delete(id);
        }
        const afresh = new EligibilityIndex([...current.values()]);
        expect(index.size).toBe(afresh.size);
        for (const q of QUERIES) {
          const query = { ...q, date: '2025-06-01', statuses: [...ALL] };
          expect(index.query(query)).toEqual(afresh.query(query));
        }
      }
    }), { numRuns: 500 });
  });
});
