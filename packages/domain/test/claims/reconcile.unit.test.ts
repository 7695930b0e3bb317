import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reconcileClaim, type PayableLine, type TheirClaimLine } from '../../src/index.ts';

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const VACCINES = ['hib', 'pcv', 'mr'] as const;

function ourLine(i: number, amount: number): PayableLine {
  return { recordId: uuid(i), residentId: `R${i}`, kind: 'dose', vaccine: VACCINES[i % 3]!, dose: 1 + (i % 2), date: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}`, fee: amount, coPayment: 0, amount };
}

describe('reconciliation of a clinic\'s claim with the city\'s', () => {
  it('finds each planted difference (a line dropped, an amount changed, a line added) and nothing else', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ fate: fc.constantFrom('same', 'same', 'dropped', 'changed'), amount: fc.integer({ min: 1000, max: 20000 }) }), { minLength: 0, maxLength: 30 }),
      fc.integer({ min: 0, max: 5 }),
      (specs, added) => {
        const ours = specs.map((s, i) => ourLine(i, s.amount));
        const theirs: TheirClaimLine[] = [];
        const expected = new Map<string, string>();
        specs.forEach((s, i) => {
          const l = ours[i]!;
          if (s.fate === 'dropped') return void expected.set(l.residentId, 'only-ours');
          theirs.push({ line: theirs.length + 2, residentId: l.residentId, vaccine: l.vaccine, dose: l.dose, date: l.date, amount: s.fate === 'changed' ? l.amount + 100 : l.amount });
          expected.set(l.residentId, s.fate === 'changed' ? 'amount-differs' : 'matched');
        });
        for (let k = 0; k < added; k++) {
          theirs.push({ line: theirs.length + 2, residentId: `X${k}`, vaccine: 'hib', dose: 1, date: '2026-05-03', amount: 9000 });
          expected.set(`X${k}`, 'only-theirs');
        }
        const outcomes = reconcileClaim(ours, theirs);
        const found = new Map(outcomes.map((o) => [o.kind === 'only-ours' ? o.ours.residentId : o.theirs.residentId, o.kind]));
        expect(outcomes).toHaveLength(expected.size);
        expect(found).toEqual(expected);
      },
    ), { numRuns: 200 });
  });

  it('a line of the same person and vaccine but another dose or date is not the same line', () => {
    const ours = [ourLine(1, 9000)];
    const t = { line: 2, residentId: 'R1', vaccine: ours[0]!.vaccine, dose: ours[0]!.dose, date: ours[0]!.date, amount: 9000 };
    expect(reconcileClaim(ours, [{ ...t, dose: t.dose + 1 }]).map((o) => o.kind)).toEqual(['only-theirs', 'only-ours']);
    expect(reconcileClaim(ours, [{ ...t, date: '2026-06-30' }]).map((o) => o.kind)).toEqual(['only-theirs', 'only-ours']);
    // the same line claimed twice by the clinic: the second has nothing of ours left
    expect(reconcileClaim(ours, [t, { ...t, line: 3 }]).map((o) => o.kind)).toEqual(['matched', 'only-theirs']);
  });
});
