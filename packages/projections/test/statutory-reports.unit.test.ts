import { describe, expect, it } from 'vitest';
import { annualReport, monthlyReport, reportAgeGroupOf, statutoryReportCsv, type ReportDose } from '../src/index.ts';

const dose = (i: number, vaccine: string, date: string, birthDate = '2024-05-10'): ReportDose => ({ residentId: `r${i}`, vaccine, dose: 1, date, birthDate });

describe('statutory reports', () => {
  it('age groups: single years to 6, then the school and adult bands, by the legal age on the day', () => {
    expect([0, 6, 7, 12, 13, 15, 16, 59, 60, 64, 65, 69, 70, 74, 75, 100].map(reportAgeGroupOf))
      .toEqual(['0', '6', '7-12', '7-12', '13-15', '13-15', '16-59', '16-59', '60-64', '60-64', '65-69', '65-69', '70-74', '70-74', '75+', '75+']);
    // Born 2024-05-10: age 1 is reached on 2025-05-09 (the day before the birthday).
    const r = annualReport([dose(1, 'mr', '2025-05-08'), dose(2, 'mr', '2025-05-09')], 2025, 'submitted');
    expect(r.cells.map((c) => [c.ageGroup, c.persons])).toEqual([['0', 1], ['1', 1]]);
  });

  it('counts only the period, each person once a cell; submitted exact, published suppressed under 10 with no total', () => {
    const doses = [
      ...Array.from({ length: 12 }, (_, i) => dose(i, 'bcg', '2025-06-01')),
      ...Array.from({ length: 3 }, (_, i) => dose(100 + i, 'hib', '2025-06-30')),
      dose(200, 'hib', '2025-07-01'), dose(201, 'hib', '2025-03-31'),
      dose(0, 'bcg', '2025-06-15'), // the same person again in the same cell
    ];
    const submitted = monthlyReport(doses, '2025-06', 'submitted');
    expect(submitted).toMatchObject({ from: '2025-06-01', to: '2025-06-30', audience: 'submitted', minimumCell: null, total: 15 });
    expect(submitted.cells.map((c) => [c.vaccine, c.doseName, c.persons])).toEqual([['bcg', '第1回', 12], ['hib', '第1回', 3]]);
    const published = monthlyReport(doses, '2025-06', 'published');
    expect(published.cells.map((c) => c.persons)).toEqual([12, null]);
    expect(published.total).toBeNull();
    expect(statutoryReportCsv(published).split('\r\n')[2]).toMatch(/^monthly,2025-06,published,hib,.*,<10$/);
  });
});
