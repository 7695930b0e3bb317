import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDateArb } from '@vaxledger/domain/testing';
import { computeStatistics, MINIMUM_CELL, statisticsCsv, type EligibilityDoc } from '@vaxledger/projections';

const doc = (i: number, birthDate: string, ward: string, doses: Array<{ vaccine: string; dose: number; date: string }>): EligibilityDoc => ({
  tenant: '041009', residentId: `r${i}`, registered: true, birthDate, sex: i % 2 ? 'male' : 'female', wardCode: ward,
  status: 'resident', mailingExcluded: false, addressRestricted: false, conditions: [],
  doses: doses.map((d, k) => ({ recordId: `00000000-0000-4000-8000-${String(i * 100 + k).padStart(12, '0')}`, ...d })),
});

describe('statistics that identify nobody', () => {
  it('counts doses by vaccine, dose, ward and age group, and suppresses every cell under 10', () => {
    const docs: EligibilityDoc[] = [];
    for (let i = 0; i < 12; i++) docs.push(doc(i, '2024-05-01', '101', [{ vaccine: 'bcg', dose: 1, date: '2024-09-01' }]));
    for (let i = 12; i < 15; i++) docs.push(doc(i, '2024-05-01', '102', [{ vaccine: 'bcg', dose: 1, date: '2024-09-01' }]));
    const report = computeStatistics(docs, 2024);
    expect(report.doses).toEqual([
      { vaccine: 'bcg', dose: 1, fiscalYear: 2024, ward: '101', ageGroup: '0', count: 12 },
      { vaccine: 'bcg', dose: 1, fiscalYear: 2024, ward: '102', ageGroup: '0', count: null },
    ]);
    // Coverage of the FY2024 cohort for BCG: 15 of 15 received; the complement (0) is under 10, so received is withheld.
    expect(report.coverage).toEqual([{ birthFiscalYear: 2024, vaccine: 'bcg', dose: 1, eligible: 15, received: null, coverage: null }]);
    expect(statisticsCsv(report)).toContain('doses,2024,bcg,1,102,0,,<10,,,');
  });

  it('never exposes a cell under 10 persons (property)', () => {
    const population = fc.array(
      fc.record({
        // Mostly one cohort and one ward, so that cells both above and below the threshold occur.
        birth: fc.oneof({ weight: 4, arbitrary: isoDateArb('2023-04-02', '2024-04-01') }, { weight: 1, arbitrary: isoDateArb('1950-01-01', '2025-12-31') }),
        ward: fc.constantFrom('101', '101', '101', '102'),
        doses: fc.array(fc.record({ vaccine: fc.constantFrom('bcg', 'bcg', 'hib', 'influenza'), dose: fc.constantFrom(1, 1, 2), date: isoDateArb('2024-04-01', '2025-03-31') }), { maxLength: 2 }),
      }),
      { minLength: 0, maxLength: 150, size: 'max' },
    );
    let shown = 0;
    fc.assert(
      fc.property(population, (people) => {
        const report = computeStatistics(people.map((p, i) => doc(i, p.birth, p.ward, p.doses)), 2024);
        shown += report.doses.filter((d) => d.count !== null).length;
        for (const d of report.doses) expect(d.count === null || d.count >= MINIMUM_CELL).toBe(true);
        for (const c of report.coverage) {
          expect(c.eligible === null || c.eligible >= MINIMUM_CELL).toBe(true);
          expect(c.received === null || (c.received >= MINIMUM_CELL && c.eligible! - c.received >= MINIMUM_CELL)).toBe(true);
        }
        const csv = statisticsCsv(report);
        expect(csv).not.toMatch(/r\d+/); // no resident id ever appears
      }),
      { numRuns: 150 },
    );
    expect(shown).toBeGreaterThan(0); // the unsuppressed path was exercised too
  });
});
