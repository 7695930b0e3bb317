import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatIsoDate, parseIsoDate } from '../../src/time/day-number.ts';
import {
  afterDaysInterval, afterMonthsAndHalfInterval, afterMonthsInterval, ageReached, dayAfterAgeReached, fiscalYearEnd,
  fiscalYearOf, fiscalYearOfAge, fiscalYearStart, halfMonthDays, monthsReached, schoolEntryDay, weeksAfterBirth,
} from '../../src/schedule/legal-dates.ts';
import * as o from './oracle.ts';

const d = (iso: string) => {
  const n = parseIsoDate(iso);
  if (n === null) throw new Error(iso);
  return n;
};
const f = formatIsoDate;

describe('examples of schedule-law.md, verbatim', () => {
  it.each([
    ['2018-04-01', 2, '2018-05-31'],
    ['2023-12-29', 2, '2024-02-28'],
    ['2023-12-30', 2, '2024-02-29'],
    ['2023-12-31', 2, '2024-02-29'],
    ['2022-12-29', 2, '2023-02-28'],
    ['2022-12-30', 2, '2023-02-28'],
    ['2022-12-31', 2, '2023-02-28'],
    ['2018-04-01', 60, '2023-03-31'],
  ])('生後N月: born %s, 生後%i月 = %s', (birth, n, expected) => {
    expect(f(monthsReached(d(birth), n))).toBe(expected);
  });

  it('Hib/PCV window for a 2018-04-01 birth is 2018-05-31 … 2023-03-31', () => {
    expect([f(monthsReached(d('2018-04-01'), 2)), f(monthsReached(d('2018-04-01'), 60))]).toEqual(['2018-05-31', '2023-03-31']);
  });

  it('X歳に達する日 is the day before the birthday; Feb 29 births reach on Feb 28', () => {
    expect(f(ageReached(d('2000-06-15'), 65))).toBe('2065-06-14');
    expect(f(ageReached(d('2000-03-01'), 1))).toBe('2001-02-28');
    expect(f(ageReached(d('2020-02-29'), 1))).toBe('2021-02-28');
    expect(f(ageReached(d('2020-02-29'), 4))).toBe('2024-02-28'); // leap year: day before Feb 29
    expect(f(ageReached(d('2020-01-01'), 1))).toBe('2020-12-31');
    expect(f(dayAfterAgeReached(d('2020-02-29'), 1))).toBe('2021-03-01');
    expect(f(dayAfterAgeReached(d('2000-06-15'), 65))).toBe('2065-06-15');
  });

  it('生後N週: birth is 0週0日; 6週0日後 = +42, 14週6日後 = +104', () => {
    expect(f(weeksAfterBirth(d('2024-01-01'), 6))).toBe('2024-02-12');
    expect(weeksAfterBirth(d('2024-01-01'), 14, 6) - d('2024-01-01')).toBe(104);
    expect(weeksAfterBirth(d('2024-01-01'), 6) - d('2024-01-01')).toBe(42);
  });

  it('N日以上の間隔: 27日 → same weekday 4 weeks later, 20日 → +21, 6日 → +7', () => {
    expect(f(afterDaysInterval(d('2024-01-01'), 27))).toBe('2024-01-29');
    expect(f(afterDaysInterval(d('2024-01-01'), 20))).toBe('2024-01-22');
    expect(f(afterDaysInterval(d('2024-01-01'), 6))).toBe('2024-01-08');
    expect(f(afterDaysInterval(d('2024-02-20'), 27))).toBe('2024-03-19');
  });

  it('N月の間隔: same day-of-month, else the 1st of the next month (Nov 30 + 3月 → Mar 1)', () => {
    expect(f(afterMonthsInterval(d('2023-11-30'), 3))).toBe('2024-03-01');
    expect(f(afterMonthsInterval(d('2022-11-30'), 3))).toBe('2023-03-01');
    expect(f(afterMonthsInterval(d('2023-11-29'), 3))).toBe('2024-02-29');
    expect(f(afterMonthsInterval(d('2024-01-31'), 1))).toBe('2024-03-01');
    expect(f(afterMonthsInterval(d('2024-03-31'), 6))).toBe('2024-10-01');
    expect(f(afterMonthsInterval(d('2024-03-15'), 6))).toBe('2024-09-15');
    expect(f(afterMonthsInterval(d('2024-10-15'), 3))).toBe('2025-01-15');
  });

  it('N月半: 2023-04-01 + 2月半 → 2023-06-16 (MHLW); the half is of the month the N-month date falls in', () => {
    expect(f(afterMonthsAndHalfInterval(d('2023-04-01'), 2))).toBe('2023-06-16');
    expect(f(afterMonthsAndHalfInterval(d('2023-05-01'), 2))).toBe('2023-07-17'); // July: 31 → 16
    expect(f(afterMonthsAndHalfInterval(d('2022-12-01'), 2))).toBe('2023-02-15'); // Feb 2023: 28 → 14
    expect(f(afterMonthsAndHalfInterval(d('2023-12-01'), 2))).toBe('2024-02-16'); // Feb 2024: 29 → 15
    expect(f(afterMonthsAndHalfInterval(d('2023-11-30'), 3))).toBe('2024-03-17'); // Mar 1 + 16
    expect([28, 29, 30, 31].map(halfMonthDays)).toEqual([14, 15, 15, 16]);
  });

  it('年度 runs April 1 … March 31', () => {
    expect(fiscalYearOf(d('2024-03-31'))).toBe(2023);
    expect(fiscalYearOf(d('2024-04-01'))).toBe(2024);
    expect([f(fiscalYearStart(2025)), f(fiscalYearEnd(2025))]).toEqual(['2025-04-01', '2026-03-31']);
  });

  it('小学校就学の始期: born 2020-04-01 → 2026-04-01; born 2020-04-02 → 2027-04-01', () => {
    expect(f(schoolEntryDay(d('2020-04-01')))).toBe('2026-04-01');
    expect(f(schoolEntryDay(d('2020-04-02')))).toBe('2027-04-01');
    expect(f(schoolEntryDay(d('2019-04-02')))).toBe('2026-04-01');
    expect(f(schoolEntryDay(d('2020-02-29')))).toBe('2026-04-01');
  });

  it('X歳となる日の属する年度: April 1 births belong to the earlier 年度', () => {
    expect(fiscalYearOfAge(d('2010-04-01'), 12)).toBe(2021);
    expect(fiscalYearOfAge(d('2010-04-02'), 12)).toBe(2022);
    expect(fiscalYearOfAge(d('2010-03-31'), 12)).toBe(2021);
  });
});

const isoArb = fc
  .record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .filter(({ y, m, d }) => d <= o.monthLength(y, m))
  .map(({ y, m, d }) => o.fmt([y, m, d]));
// the 29th–31st and Feb 29 are where month arithmetic goes wrong: draw them often
const edgyIso = fc.oneof(
  isoArb,
  fc.record({ y: fc.integer({ min: 1900, max: 2100 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 28, max: 31 }) })
    .filter(({ y, m, d }) => d <= o.monthLength(y, m))
    .map(({ y, m, d }) => o.fmt([y, m, d])),
  fc.integer({ min: 475, max: 524 }).map((k) => `${4 * k}-02-29`).filter((s) => o.leap(Number(s.slice(0, 4)))),
);

describe('agreement with the slow oracle', () => {
  it('monthsReached and ageReached', () => {
    fc.assert(fc.property(edgyIso, fc.integer({ min: 0, max: 1300 }), (birth, n) => {
      expect(f(monthsReached(d(birth), n))).toBe(o.monthsReached(birth, n));
      expect(f(ageReached(d(birth), n % 110))).toBe(o.ageReached(birth, n % 110));
    }), { numRuns: 3000 });
  });
  it('intervals in months and months-and-a-half', () => {
    fc.assert(fc.property(edgyIso, fc.integer({ min: 0, max: 24 }), (date, n) => {
      expect(f(afterMonthsInterval(d(date), n))).toBe(o.afterMonths(date, n));
      expect(f(afterMonthsAndHalfInterval(d(date), n))).toBe(o.afterMonthsHalf(date, n));
    }), { numRuns: 3000 });
  });
  it('days intervals, fiscal years, school entry', () => {
    fc.assert(fc.property(edgyIso, fc.integer({ min: 0, max: 200 }), (date, n) => {
      expect(f(afterDaysInterval(d(date), n))).toBe(o.afterDays(date, n));
      expect(fiscalYearOf(d(date))).toBe(o.fiscalYear(date));
      expect(f(schoolEntryDay(d(date)))).toBe(o.schoolEntry(date));
      expect(fiscalYearOfAge(d(date), 12)).toBe(o.fiscalYear(o.ageReached(date, 12)));
    }), { numRuns: 2000 });
  });
});
