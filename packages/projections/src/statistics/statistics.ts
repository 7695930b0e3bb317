import {
  civilOf, compilePerson, compiledRuleSet, createDoseEvaluator, defaultRuleSet, fiscalYearEnd, fiscalYearOf,
  fiscalYearStart, hasAnyReason, newDoseCheckDays, parseIsoDate, reasonMaskOf, spreadsheetCsvLine, type RuleSet,
} from '@vaxledger/domain';
import type { EligibilityDoc } from '../eligibility/eligibility-projection.ts';
import type { RetainedCell } from './retained-projection.ts';

/** Cells under this many persons are suppressed, so that nobody can be singled out (統計で個人を特定しない). */
export const MINIMUM_CELL = 10;

export const AGE_GROUPS = ['0', '1', '2-6', '7-12', '13-15', '16-64', '65+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export interface DoseCountCell {
  readonly vaccine: string;
  readonly dose: number;
  readonly fiscalYear: number;
  readonly ward: string;
  readonly ageGroup: AgeGroup;
  /** null: suppressed (fewer than MINIMUM_CELL persons). */
  readonly count: number | null;
}

export interface CoverageCell {
  readonly birthFiscalYear: number;
  readonly vaccine: string;
  readonly dose: number;
  /** Current residents of the cohort who have (or had) a legal window for the dose. */
  readonly eligible: number | null;
  /** Of them, how many received it. Suppressed also when fewer than MINIMUM_CELL did not, which would single those out. */
  readonly received: number | null;
  readonly coverage: number | null;
}

export interface StatisticsReport {
  readonly fiscalYear: number;
  readonly minimumCell: number;
  readonly doses: readonly DoseCountCell[];
  readonly coverage: readonly CoverageCell[];
}

const suppress = (n: number) => (n < MINIMUM_CELL ? null : n);

/** Age in whole years on a day, the legal way: an age is reached on the day before the birthday. */
export function ageOn(birth: number, day: number): number {
  const b = civilOf(birth);
  const d = civilOf(day + 1);
  return d.year - b.year - (d.month < b.month || (d.month === b.month && d.day < b.day) ? 1 : 0);
}

export function ageGroupOf(age: number): AgeGroup {
  if (age <= 0) return '0';
  if (age === 1) return '1';
  if (age <= 6) return '2-6';
  if (age <= 12) return '7-12';
  if (age <= 15) return '13-15';
  if (age <= 64) return '16-64';
  return '65+';
}

/**
 * 統計機能: doses given in the fiscal year by vaccine, dose, 行政区 and age group, and coverage per birth cohort as
 * of the fiscal year's end. Counts persons, never names; every cell under MINIMUM_CELL is suppressed, and no
 * totals are given from which a suppressed cell could be recovered by subtraction.
 */
export function computeStatistics(docs: Iterable<EligibilityDoc>, fiscalYear: number, rules: RuleSet = defaultRuleSet, retained: readonly RetainedCell[] = []): StatisticsReport {
  const fyStart = fiscalYearStart(fiscalYear);
  const fyEnd = fiscalYearEnd(fiscalYear);
  const c = compiledRuleSet(rules);
  const cells = new Map<string, { vaccine: string; dose: number; ward: string; ageGroup: AgeGroup; persons: Set<string> }>();
  const pairs = new Set<string>();
  const residents: EligibilityDoc[] = [];
  for (const d of docs) {
    if (!d.registered || d.birthDate === undefined) continue;
    const birth = parseIsoDate(d.birthDate)!;
    for (const x of d.doses) {
      const day = parseIsoDate(x.date)!;
      if (day < fyStart || day > fyEnd) continue;
      const ageGroup = ageGroupOf(ageOn(birth, day));
      const ward = d.wardCode ?? 'unknown';
      const key = `${x.vaccine}|${x.dose}|${ward}|${ageGroup}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { vaccine: x.vaccine, dose: x.dose, ward, ageGroup, persons: new Set() }));
      cell.persons.add(d.residentId);
      pairs.add(`${x.vaccine}|${x.dose}`);
    }
    if (d.status === 'resident') residents.push(d);
  }
  // People erased after their retention period still count, as anonymous cells (one person each).
  retained.forEach((x, i) => {
    if (x.fiscalYear !== fiscalYear) return;
    const key = `${x.vaccine}|${x.dose}|${x.ward}|${x.ageGroup}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { vaccine: x.vaccine, dose: x.dose, ward: x.ward, ageGroup: x.ageGroup as AgeGroup, persons: new Set() }));
    cell.persons.add(`retained-${i}`);
    pairs.add(`${x.vaccine}|${x.dose}`);
  });
  const doses: DoseCountCell[] = [...cells.values()]
    .map((x) => ({ vaccine: x.vaccine, dose: x.dose, fiscalYear, ward: x.ward, ageGroup: x.ageGroup, count: suppress(x.persons.size) }))
    .sort((a, b) => a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose || a.ward.localeCompare(b.ward) || AGE_GROUPS.indexOf(a.ageGroup) - AGE_GROUPS.indexOf(b.ageGroup));

  // Coverage: for the vaccines and doses given this year, per birth cohort (年度 of birth), as of the year's end.
  const cohorts = new Map<string, { eligible: number; received: number }>();
  const r = newDoseCheckDays();
  const evaluator = createDoseEvaluator(c);
  const completed = reasonMaskOf('series-complete', 'dose-already-given');
  const pairList = [...pairs].map((p) => p.split('|')).map(([v, n]) => ({ vaccine: v!, dose: Number(n), vi: c.vaccineIndex.get(v!) ?? -1 }));
  for (const d of residents) {
    const birth = parseIsoDate(d.birthDate!)!;
    const history = d.doses.map((x) => ({ vaccine: x.vaccine, dose: x.dose, date: parseIsoDate(x.date)!, product: x.product }))
      .filter((h) => h.date <= fyEnd);
    const person = compilePerson(c, { birth, sex: d.sex, conditions: d.conditions, history });
    const cohort = fiscalYearOf(birth);
    for (const p of pairList) {
      if (p.vi < 0) continue;
      const given = history.some((h) => h.vaccine === p.vaccine && h.dose === p.dose);
      evaluator.check(p.vi, p.dose, fyEnd + 1, -1, person, r);
      const hasWindow = r.windowFrom === r.windowFrom || hasAnyReason(r.reasons, completed);
      if (!given && !hasWindow) continue;
      const key = `${cohort}|${p.vaccine}|${p.dose}`;
      const k = cohorts.get(key) ?? { eligible: 0, received: 0 };
      k.eligible++;
      if (given) k.received++;
      cohorts.set(key, k);
    }
  }
  const coverage: CoverageCell[] = [...cohorts].map(([key, k]) => {
    const [cohort, vaccine, dose] = key.split('|') as [string, string, string];
    const eligible = suppress(k.eligible);
    const received = eligible === null || k.received < MINIMUM_CELL || k.eligible - k.received < MINIMUM_CELL ? null : k.received;
    return {
      birthFiscalYear: Number(cohort), vaccine, dose: Number(dose), eligible, received,
      coverage: eligible !== null && received !== null ? Math.round((received / eligible) * 1000) / 1000 : null,
    };
  }).sort((a, b) => a.birthFiscalYear - b.birthFiscalYear || a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose);
  return { fiscalYear, minimumCell: MINIMUM_CELL, doses, coverage };
}

/**
 * CSV of a report: one table of dose counts and one of coverage, suppressed cells written as `<10`. Written with the
 * shared spreadsheet writer: a ward or vaccine text from a file could otherwise be a formula.
 */
export function statisticsCsv(report: StatisticsReport): string {
  const s = (n: number | null) => (n === null ? `<${report.minimumCell}` : String(n));
  const lines = [spreadsheetCsvLine(['table', 'fiscal_year', 'vaccine', 'dose', 'ward', 'age_group', 'birth_fiscal_year', 'count', 'eligible', 'received', 'coverage'])];
  for (const d of report.doses) lines.push(spreadsheetCsvLine(['doses', String(d.fiscalYear), d.vaccine, String(d.dose), d.ward, d.ageGroup, '', s(d.count), '', '', '']));
  for (const c of report.coverage) {
    lines.push(spreadsheetCsvLine(['coverage', String(report.fiscalYear), c.vaccine, String(c.dose), '', '', String(c.birthFiscalYear), '', s(c.eligible), s(c.received), c.coverage === null ? 'suppressed' : String(c.coverage)]));
  }
  return lines.join('');
}
