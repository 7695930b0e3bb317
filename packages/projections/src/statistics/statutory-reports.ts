/**
 * The statutory vaccination reports a municipality makes upward: the annual 地域保健・健康増進事業報告 (to the ministry,
 * by 年度) and the monthly 接種状況報告 (to the prefecture). Routine (定期) doses only, counted as persons vaccinated
 * (被接種者数) per vaccine, 期/回 and, for the annual report, age group. The layouts are assumed (docs/reports.md):
 * the age groups are one constant here, so that a municipality whose form differs changes them in one place.
 */
import { doseName, fiscalYearEnd, fiscalYearStart, formatIsoDate, parseIsoDate, spreadsheetCsvLine, vaccineName } from '@vaxledger/domain';
import { ageOn, MINIMUM_CELL } from './statistics.ts';

/** Age (on the vaccination date, 年齢計算ニ関スル法律) groups of the annual report. ASSUMED: see docs/reports.md. */
export const REPORT_AGE_GROUPS = ['0', '1', '2', '3', '4', '5', '6', '7-12', '13-15', '16-59', '60-64', '65-69', '70-74', '75+'] as const;
export type ReportAgeGroup = (typeof REPORT_AGE_GROUPS)[number];

export function reportAgeGroupOf(age: number): ReportAgeGroup {
  if (age <= 6) return String(Math.max(0, age)) as ReportAgeGroup;
  if (age <= 12) return '7-12';
  if (age <= 15) return '13-15';
  if (age <= 59) return '16-59';
  if (age <= 64) return '60-64';
  if (age <= 69) return '65-69';
  if (age <= 74) return '70-74';
  return '75+';
}

/**
 * Where a report goes: `submitted` (to the ministry or the prefecture, as the law asks: exact counts) or `published`
 * (on the city's site, in its statistics book: every cell under MINIMUM_CELL persons suppressed).
 */
export type ReportAudience = 'submitted' | 'published';

/** One routine dose as the reports read it. */
export interface ReportDose {
  readonly residentId: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly date: string;
  readonly birthDate?: string;
}

export interface ReportCell {
  readonly vaccine: string;
  readonly vaccineName: string;
  readonly dose: number;
  /** 期/回 as the schedule names it (第1期, 第2回 (初回) …). */
  readonly doseName: string;
  /** Annual report only. */
  readonly ageGroup?: ReportAgeGroup | 'unknown';
  /** Persons vaccinated; null: suppressed (published, under MINIMUM_CELL). */
  readonly persons: number | null;
}

export interface StatutoryReport {
  readonly kind: 'annual' | 'monthly';
  /** 年度 (annual) or YYYY-MM (monthly). */
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly audience: ReportAudience;
  readonly minimumCell: number | null;
  readonly cells: readonly ReportCell[];
  /** Persons-doses in all cells, given only where nothing is suppressed (a total would give a suppressed cell away). */
  readonly total: number | null;
}

function buildReport(
  kind: StatutoryReport['kind'], period: string, from: string, to: string, doses: Iterable<ReportDose>, audience: ReportAudience, byAge: boolean,
): StatutoryReport {
  const cells = new Map<string, { vaccine: string; dose: number; ageGroup?: ReportAgeGroup | 'unknown'; persons: Set<string> }>();
  for (const d of doses) {
    if (d.date < from || d.date > to) continue;
    const birth = d.birthDate === undefined ? null : parseIsoDate(d.birthDate);
    const ageGroup = !byAge ? undefined : birth === null ? 'unknown' : reportAgeGroupOf(ageOn(birth, parseIsoDate(d.date)!));
    const key = `${d.vaccine}|${d.dose}|${ageGroup ?? ''}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { vaccine: d.vaccine, dose: d.dose, ...(ageGroup ? { ageGroup } : {}), persons: new Set() }));
    cell.persons.add(d.residentId);
  }
  const published = audience === 'published';
  const order = (g: string | undefined) => (g === undefined ? 0 : g === 'unknown' ? 99 : REPORT_AGE_GROUPS.indexOf(g as ReportAgeGroup));
  const list: ReportCell[] = [...cells.values()]
    .sort((a, b) => a.vaccine.localeCompare(b.vaccine) || a.dose - b.dose || order(a.ageGroup) - order(b.ageGroup))
    .map((c) => ({
      vaccine: c.vaccine, vaccineName: vaccineName(c.vaccine), dose: c.dose, doseName: doseName(c.vaccine, c.dose),
      ...(c.ageGroup ? { ageGroup: c.ageGroup } : {}),
      persons: published && c.persons.size < MINIMUM_CELL ? null : c.persons.size,
    }));
  const suppressed = list.some((c) => c.persons === null);
  return {
    kind, period, from, to, audience, minimumCell: published ? MINIMUM_CELL : null, cells: list,
    total: suppressed ? null : list.reduce((n, c) => n + (c.persons ?? 0), 0),
  };
}

/** 地域保健・健康増進事業報告 (予防接種): routine doses of the 年度 by vaccine, 期/回 and age group. */
export function annualReport(doses: Iterable<ReportDose>, fiscalYear: number, audience: ReportAudience): StatutoryReport {
  return buildReport('annual', String(fiscalYear), formatIsoDate(fiscalYearStart(fiscalYear)), formatIsoDate(fiscalYearEnd(fiscalYear)), doses, audience, true);
}

/** 接種状況報告 (to the prefecture): routine doses of the month by vaccine and 期/回. `month` is YYYY-MM. */
export function monthlyReport(doses: Iterable<ReportDose>, month: string, audience: ReportAudience): StatutoryReport {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return buildReport('monthly', month, `${month}-01`, `${month}-${String(last).padStart(2, '0')}`, doses, audience, false);
}

/** CSV of a report (the shared spreadsheet writer: a vaccine name from a host's rule set could otherwise be a formula). */
export function statutoryReportCsv(report: StatutoryReport): string {
  const annual = report.kind === 'annual';
  const header = ['report', 'period', 'audience', 'vaccine', 'vaccine_name', 'dose', 'dose_name', ...(annual ? ['age_group'] : []), 'persons'];
  const lines = [spreadsheetCsvLine(header)];
  for (const c of report.cells) {
    lines.push(spreadsheetCsvLine([
      report.kind, report.period, report.audience, c.vaccine, c.vaccineName, String(c.dose), c.doseName,
      ...(annual ? [c.ageGroup ?? ''] : []), c.persons === null ? `<${report.minimumCell}` : String(c.persons),
    ]));
  }
  return lines.join('');
}
