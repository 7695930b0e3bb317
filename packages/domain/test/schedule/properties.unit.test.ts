import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluateDose, type DoseCheckInput, type HistoryDose } from '../../src/schedule/evaluate-dose.ts';
import { defaultRuleSet } from '../../src/schedule/rules.ts';
import { fiscalYearOf, fiscalYearOfMonthsReachedCivil, monthsReached } from '../../src/schedule/legal-dates.ts';
import { dayNumberOf } from '../../src/time/day-number.ts';
import { addDays, cmp, fmt, monthLength } from './oracle.ts';

const dateIn = (fromYear: number, toYear: number) =>
  fc.record({ y: fc.integer({ min: fromYear, max: toYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .map(({ y, m, d }) => fmt([y, m, Math.min(d, monthLength(y, m))]));

const productsOf = (id: string) => defaultRuleSet.vaccines.find((v) => v.id === id)!.products?.map((p) => p.id) ?? [];
const children = ['hib', 'pcv', 'hepb', 'rota', 'dpt-ipv-hib', 'dpt-ipv', 'bcg', 'mr', 'varicella', 'je', 'dt', 'hpv'];
const adults = ['influenza', 'pneumococcal-elderly', 'covid19', 'zoster', 'rubella-5', 'rsv-maternal'];
const IDENTITY = ['product-unknown', 'sex-unknown', 'product-mismatch'];

/** A person and a proposed dose with a plausible history: earlier doses of the series, and other live vaccines. */
const doseInput: fc.Arbitrary<DoseCheckInput> = fc
  .record({
    vaccine: fc.constantFrom(...children, ...adults),
    dose: fc.integer({ min: 1, max: 4 }),
    childBirth: dateIn(2005, 2026),
    adultBirth: dateIn(1915, 1985),
    offsetDays: fc.integer({ min: 0, max: 7000 }),
    gaps: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 4, maxLength: 4 }),
    productPick: fc.nat(),
    sex: fc.constantFrom('female', 'male') as fc.Arbitrary<'female' | 'male'>,
    conditions: fc.subarray(['long-term-illness', 'disability-60-64', 'antibody-insufficient:2024-01-01', 'doctor-shortened-interval', 'pregnancy-start:2026-02-01']),
    live: fc.array(fc.record({ vaccine: fc.constantFrom('mr', 'mumps', 'varicella', 'bcg'), back: fc.integer({ min: 0, max: 60 }) }), { maxLength: 2 }),
  })
  .map((r) => {
    const adult = adults.includes(r.vaccine);
    const birthDate = adult ? r.adultBirth : r.childBirth;
    const date = addDays(birthDate, adult ? 20000 + r.offsetDays : r.offsetDays);
    const products = productsOf(r.vaccine);
    const product = products.length > 0 ? products[r.productPick % products.length] : undefined;
    const history: HistoryDose[] = [];
    let at = date;
    for (let k = r.dose - 1; k >= 1; k--) {
      at = addDays(at, -r.gaps[k - 1]!);
      history.push({ vaccine: r.vaccine, dose: k, date: at, product });
    }
    for (const l of r.live) if (l.vaccine !== r.vaccine) history.push({ vaccine: l.vaccine, dose: 1, date: addDays(date, -l.back) });
    return { vaccine: r.vaccine, dose: r.dose, birthDate, sex: r.sex, date, history, product, conditions: r.conditions };
  });

describe('properties of the dose check', () => {
  it('a window is never empty, and earliest lies in or after it', () => {
    fc.assert(fc.property(doseInput, (input) => {
      const r = evaluateDose(input);
      if (r.window) expect(cmp(r.window.from, r.window.to)).toBeLessThanOrEqual(0);
      if (r.earliest && r.window && input.vaccine !== 'hpv') expect(cmp(r.earliest, r.window.from)).toBeGreaterThanOrEqual(0);
      if (r.routine) expect(r.earliest !== null && cmp(r.earliest, input.date) <= 0).toBe(true);
    }), { numRuns: 4000 });
  });

  it('a dose on `earliest` is routine and one the day before is not', () => {
    let checked = 0;
    fc.assert(fc.property(doseInput, (input) => {
      const r = evaluateDose(input);
      if (r.earliest === null || r.reasons.some((x) => IDENTITY.includes(x))) return;
      checked++;
      const on = evaluateDose({ ...input, date: r.earliest });
      expect(on.reasons, `on ${r.earliest}`).toEqual([]);
      const before = evaluateDose({ ...input, date: addDays(r.earliest, -1) });
      // the day before is routine only as a dose of the previous season (seasons abut; other windows are merged)
      if (before.routine) expect(before.window, `before ${r.earliest}`).not.toEqual(on.window);
      // when an interval (or the order of doses), not the window, sets the date, the day before fails on it
      if (on.window && cmp(r.earliest, on.window.from) > 0)
        expect(before.reasons.filter((x) => ['interval-too-short', 'live-vaccine-interval', 'previous-dose-missing'].includes(x)).length, `before ${r.earliest}`).toBeGreaterThan(0);
    }), { numRuns: 4000 });
    expect(checked).toBeGreaterThan(500); // the generator does reach the interesting cases
  });

  it('moving the date later never turns too-late into routine', () => {
    fc.assert(fc.property(doseInput, fc.integer({ min: 1, max: 5000 }), (input, later) => {
      const r = evaluateDose(input);
      if (!r.reasons.includes('too-late')) return;
      expect(evaluateDose({ ...input, date: addDays(input.date, later) }).routine).toBe(false);
    }), { numRuns: 4000 });
  });

  it('the hot-path 年度 of 生後N月 agrees with the slow path', () => {
    fc.assert(fc.property(dateIn(1900, 2100), fc.integer({ min: 0, max: 1300 }), (birth, n) => {
      const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
      expect(fiscalYearOfMonthsReachedCivil(y, m, d, n)).toBe(fiscalYearOf(monthsReached(dayNumberOf(y, m, d), n)));
    }), { numRuns: 3000 });
  });
});
