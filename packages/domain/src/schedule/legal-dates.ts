/**
 * Legal date arithmetic of the Japanese vaccination law on integer day numbers.
 * Sources: 年齢計算ニ関スル法律, 民法第143条, 学校教育法第17条, and the MHLW notice
 * 「定期の予防接種における対象者の解釈について」(2014-03-11). Every function is O(1), allocation-free
 * except where a CivilDate is returned, and never touches Date or milliseconds.
 */
import { civilOf, dayNumberOf, daysInMonth, type DayNumber } from '../time/day-number.ts';

/**
 * 生後N月に至った日 — the day before the same day-of-month N months after birth, or the last day of that
 * month when it has no such day (民法143条②). Born 2018-04-01 → 生後2月 = 2018-05-31;
 * born 2023-12-30 → 2024-02-29. Takes the birth as year/month/day so the hot path can reuse one civilOf.
 */
export function monthsReachedCivil(birthYear: number, birthMonth: number, birthDay: number, months: number): DayNumber {
  const total = birthMonth - 1 + months;
  const year = birthYear + Math.floor(total / 12);
  const month = total - Math.floor(total / 12) * 12 + 1;
  const last = daysInMonth(year, month);
  return birthDay <= last ? dayNumberOf(year, month, birthDay) - 1 : dayNumberOf(year, month, last);
}

/** 生後N月に至った日 (see monthsReachedCivil). */
export function monthsReached(birth: DayNumber, months: number): DayNumber {
  const c = civilOf(birth);
  return monthsReachedCivil(c.year, c.month, c.day, months);
}

/**
 * X歳に達する日 / X歳となる日 — the day before the X-th birthday (the age is reached at 24:00 of it).
 * It is 生後12X月に至った日, so a Feb 29 birth reaches every age on Feb 28.
 */
export function ageReached(birth: DayNumber, years: number): DayNumber {
  return monthsReached(birth, 12 * years);
}

/** X歳に至った日の翌日 — the X-th birthday itself (Mar 1 in a common year for a Feb 29 birth). */
export function dayAfterAgeReached(birth: DayNumber, years: number): DayNumber {
  return ageReached(birth, years) + 1;
}

/** 出生N週D日後 — the birth day is 0週0日, so 6週0日後 = birth + 42 and 14週6日後 = birth + 104. */
export function weeksAfterBirth(birth: DayNumber, weeks: number, days = 0): DayNumber {
  return birth + weeks * 7 + days;
}

/** N日以上の間隔をおく — the next dose is allowed from date + N + 1 (27日 → 4 weeks later, same weekday). */
export function afterDaysInterval(date: DayNumber, days: number): DayNumber {
  return date + days + 1;
}

/** The day N months after a civil date, or the 1st of the following month when that day does not exist. */
export function monthsLaterOrNextFirst(year: number, month: number, day: number, months: number): DayNumber {
  const total = month - 1 + months;
  const y = year + Math.floor(total / 12);
  const m = total - Math.floor(total / 12) * 12 + 1;
  return day <= daysInMonth(y, m) ? dayNumberOf(y, m, day) : dayNumberOf(y, m, daysInMonth(y, m)) + 1;
}

/**
 * N月の間隔をおく — allowed from the same day-of-month N months later; if that day does not exist, from the
 * 1st of the following month (MHLW: Nov 30 + 3月 → Mar 1).
 */
export function afterMonthsInterval(date: DayNumber, months: number): DayNumber {
  const c = civilOf(date);
  return monthsLaterOrNextFirst(c.year, c.month, c.day, months);
}

/** 半月 — 14/15/15/16 days for a month of 28/29/30/31 days (half the month, rounded up). */
export function halfMonthDays(monthLength: number): number {
  return Math.ceil(monthLength / 2);
}

/**
 * N月半の間隔をおく — N months (as afterMonthsInterval), then half of the calendar month in which those N months
 * end, i.e. the month that contains the N-month date. Chosen because the half month is counted from that date
 * onwards; it reproduces the MHLW example 2023-04-01 + 2月半 → 06-01 + 15 = 2023-06-16.
 */
export function afterMonthsAndHalfInterval(date: DayNumber, months: number): DayNumber {
  const base = afterMonthsInterval(date, months);
  const c = civilOf(base);
  return base + halfMonthDays(daysInMonth(c.year, c.month));
}

/** 年度 — the fiscal year (April 1 … March 31), named by the calendar year in which it starts. */
export function fiscalYearOf(date: DayNumber): number {
  const c = civilOf(date);
  return c.month >= 4 ? c.year : c.year - 1;
}

/** The first day (April 1) of 年度 `fiscalYear`. */
export function fiscalYearStart(fiscalYear: number): DayNumber {
  return dayNumberOf(fiscalYear, 4, 1);
}

/** The last day (March 31 of the next calendar year) of 年度 `fiscalYear`. */
export function fiscalYearEnd(fiscalYear: number): DayNumber {
  return dayNumberOf(fiscalYear + 1, 3, 31);
}

/** X歳となる日の属する年度 — the 年度 containing the day before the X-th birthday (April 1 births: the earlier one). */
export function fiscalYearOfAge(birth: DayNumber, years: number): number {
  return fiscalYearOf(ageReached(birth, years));
}

/**
 * 小学校就学の始期 — the first April 1 after the day the child reaches 6 (学校教育法17条): born 2020-04-01 →
 * 2026-04-01, born 2020-04-02 → 2027-04-01.
 */
export function schoolEntryDay(birth: DayNumber): DayNumber {
  return fiscalYearStart(fiscalYearOfAge(birth, 6) + 1);
}

/**
 * The 年度 of 生後N月に至った日 straight from the birth's civil date, without building a date (hot path).
 * That day is in the target month unless the birth was on the 1st (then it is the previous month's last day).
 */
export function fiscalYearOfMonthsReachedCivil(birthYear: number, birthMonth: number, birthDay: number, months: number): number {
  let total = birthMonth - 1 + months - (birthDay === 1 ? 1 : 0);
  const year = birthYear + Math.floor(total / 12);
  total -= Math.floor(total / 12) * 12;
  return total >= 3 ? year : year - 1; // total is month-1: April → 3
}
