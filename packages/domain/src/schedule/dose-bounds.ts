/**
 * Day arithmetic of the dose check that needs no scratch state: a bound's day for a person, intervals, seasons,
 * the live-vaccine interval. Pure functions of their arguments; no allocation.
 */
import { civilOf, dayNumberOf, type DayNumber } from '../time/day-number.ts';
import {
  afterDaysInterval, afterMonthsAndHalfInterval, afterMonthsInterval, fiscalYearOfMonthsReachedCivil, fiscalYearEnd,
  fiscalYearStart, monthsReachedCivil,
} from './legal-dates.ts';
import {
  B_AFTER_CONDITION, B_AGE, B_BIRTH, B_DATE, B_FY_END, B_FY_START, B_MONTHS, B_PREGNANCY, B_SCHOOL, I_DAYS, I_MONTHS, LIVE_INJECTABLE,
  FAR_FUTURE, type CBound, type CompiledRuleSet, type CVaccine, type IntervalCode,
} from './compile.ts';
import type { PersonDays } from './person-days.ts';

function boundDay(b: CBound, p: PersonDays): number {
  switch (b.kind) {
    case B_DATE: return b.n + b.plus;
    case B_BIRTH: return p.birth + b.n + b.plus;
    case B_MONTHS: return monthsReachedCivil(p.by, p.bm, p.bd, b.n) + b.plus;
    case B_AGE: return monthsReachedCivil(p.by, p.bm, p.bd, 12 * b.n) + b.plus;
    case B_FY_START: return fiscalYearStart(fiscalYearOfMonthsReachedCivil(p.by, p.bm, p.bd, 12 * b.n)) + b.plus;
    case B_FY_END: return fiscalYearEnd(fiscalYearOfMonthsReachedCivil(p.by, p.bm, p.bd, 12 * b.n)) + b.plus;
    case B_SCHOOL: return fiscalYearStart(fiscalYearOfMonthsReachedCivil(p.by, p.bm, p.bd, 72) + 1 + b.n) + b.plus;
    case B_PREGNANCY: return p.pregnancyStart + b.n + b.plus;
    case B_AFTER_CONDITION: {
      const d = p.conditionDates[b.cond]!;
      if (d !== d) return FAR_FUTURE; // undated: the condition still lasts, no end to count from
      const c = civilOf(d);
      return monthsReachedCivil(c.year, c.month, c.day, b.n) + b.plus;
    }
    default: return NaN;
  }
}

export function maxBounds(bounds: readonly CBound[], p: PersonDays, start: number): number {
  let x = start;
  for (let i = 0; i < bounds.length; i++) {
    const d = boundDay(bounds[i]!, p);
    if (!(d <= x)) x = d; // NaN propagates: an unknown bound means no window
  }
  return x;
}

export function minBounds(bounds: readonly CBound[], p: PersonDays, start: number): number {
  let x = start;
  for (let i = 0; i < bounds.length; i++) {
    const d = boundDay(bounds[i]!, p);
    if (!(d >= x)) x = d;
  }
  return x;
}

export function applyInterval(prev: DayNumber, kind: IntervalCode, n: number): DayNumber {
  return kind === I_DAYS ? afterDaysInterval(prev, n) : kind === I_MONTHS ? afterMonthsInterval(prev, n) : afterMonthsAndHalfInterval(prev, n);
}

export function hasProduct(set: Int32Array, product: number): boolean {
  for (let i = 0; i < set.length; i++) if (set[i] === product) return true;
  return false;
}

/** Whether `d` lies in one of the intervals [from0, to0, from1, to1, …]. */
export function inIntervals(list: Float64Array, d: number): boolean {
  for (let i = 0; i < list.length; i += 2) if (d >= list[i]! && d <= list[i + 1]!) return true;
  return false;
}

export function seasonStart(v: CVaccine, fy: number): number {
  const s = v.season;
  return dayNumberOf(s[0] < 4 ? fy + 1 : fy, s[0], s[1]);
}

export function seasonEnd(v: CVaccine, fy: number): number {
  const s = v.season;
  return dayNumberOf(s[2] < 4 ? fy + 1 : fy, s[2], s[3]);
}

/** Any dose of the series' vaccines before `before` on a day in [from, to]. */
export function priorDoseBetween(v: CVaccine, p: PersonDays, before: number, from: number, to: number): boolean {
  for (let i = 0; i < p.n; i++) {
    const d = p.hDate[i]!;
    if (d >= before) break;
    const hv = p.hVaccine[i]!;
    if (hv >= 0 && v.group[hv] === 1 && d >= from && d <= to) return true;
  }
  return false;
}

function isLiveInjectable(c: CompiledRuleSet, vaccine: number, product: number): boolean {
  const byProduct = product >= 0 ? c.productLive[product]! : 0;
  return byProduct !== 0 ? byProduct === LIVE_INJECTABLE : vaccine >= 0 && c.vaccineLive[vaccine] === LIVE_INJECTABLE;
}

/** Lower bound from injectable live vaccines of other ids given before `date` (-Infinity when none). */
export function liveBound(c: CompiledRuleSet, v: CVaccine, p: PersonDays, product: number, date: number): number {
  if (date < c.liveFrom || date > c.liveTo || !isLiveInjectable(c, v.index, product)) return -Infinity;
  let lo = -Infinity;
  for (let i = 0; i < p.n; i++) {
    const d = p.hDate[i]!;
    if (d >= date) break;
    const hv = p.hVaccine[i]!;
    if (hv === v.index || !isLiveInjectable(c, hv, p.hProduct[i]!)) continue;
    const next = afterDaysInterval(d, c.liveDays);
    if (next > lo) lo = next;
  }
  return lo;
}
