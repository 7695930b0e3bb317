/**
 * An independent, deliberately slow oracle for the legal date rules, written from schedule-law.md with
 * string and month arithmetic only (no day-number.ts, no Date). date-fns is not installed, so this is the
 * reference the implementation is checked against.
 */
export type Ymd = [number, number, number];

export const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const monthLength = (y: number, m: number) =>
  m === 2 ? (leap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

export const parse = (iso: string): Ymd => iso.split('-').map(Number) as Ymd;
export const fmt = ([y, m, d]: Ymd) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function nextDay([y, m, d]: Ymd): Ymd {
  if (d < monthLength(y, m)) return [y, m, d + 1];
  return m < 12 ? [y, m + 1, 1] : [y + 1, 1, 1];
}
export function prevDay([y, m, d]: Ymd): Ymd {
  if (d > 1) return [y, m, d - 1];
  return m > 1 ? [y, m - 1, monthLength(y, m - 1)] : [y - 1, 12, 31];
}
/** Adds n days by stepping (n may be negative). */
export function addDays(iso: string, n: number): string {
  let c = parse(iso);
  for (let i = 0; i < n; i++) c = nextDay(c);
  for (let i = 0; i > n; i--) c = prevDay(c);
  return fmt(c);
}
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0); // ISO strings sort as dates

const shiftMonth = (y: number, m: number, n: number): [number, number] => {
  const t = y * 12 + (m - 1) + n;
  return [Math.floor(t / 12), (t % 12) + 1];
};

/** 生後N月に至った日: the day before the same day N months on, or that month's last day. */
export function monthsReached(birth: string, n: number): string {
  const [y, m, d] = parse(birth);
  const [ty, tm] = shiftMonth(y, m, n);
  if (d > monthLength(ty, tm)) return fmt([ty, tm, monthLength(ty, tm)]);
  return fmt(prevDay([ty, tm, d]));
}
/** X歳に達する日: the day before the X-th birthday; Feb 29 births on Feb 28 (common years). */
export function ageReached(birth: string, x: number): string {
  const [y, m, d] = parse(birth);
  if (m === 2 && d === 29 && !leap(y + x)) return fmt([y + x, 2, 28]);
  return fmt(prevDay([y + x, m, d]));
}
/** N月の間隔: the same day N months on, else the 1st of the following month. */
export function afterMonths(date: string, n: number): string {
  const [y, m, d] = parse(date);
  const [ty, tm] = shiftMonth(y, m, n);
  if (d <= monthLength(ty, tm)) return fmt([ty, tm, d]);
  const [ny, nm] = shiftMonth(ty, tm, 1);
  return fmt([ny, nm, 1]);
}
/** N月半: N months, then 14/15/15/16 days by the length of the month that N-month date falls in. */
export function afterMonthsHalf(date: string, n: number): string {
  const base = afterMonths(date, n);
  const [y, m] = parse(base);
  const half = { 28: 14, 29: 15, 30: 15, 31: 16 }[monthLength(y, m)]!;
  return addDays(base, half);
}
/** N日以上の間隔: date + N + 1. */
export const afterDays = (date: string, n: number) => addDays(date, n + 1);
export const fiscalYear = (date: string) => {
  const [y, m] = parse(date);
  return m >= 4 ? y : y - 1;
};
export const fyStart = (fy: number) => `${fy}-04-01`;
export const fyEnd = (fy: number) => `${fy + 1}-03-31`;
/** 小学校就学の始期: the first April 1 strictly after the day the child reaches 6. */
export function schoolEntry(birth: string): string {
  const reached = ageReached(birth, 6);
  const [y] = parse(reached);
  const sameYear = `${y}-04-01`;
  return cmp(sameYear, reached) > 0 ? sameYear : `${y + 1}-04-01`;
}
export const max = (...xs: string[]) => xs.reduce((a, b) => (cmp(a, b) >= 0 ? a : b));
export const min = (...xs: string[]) => xs.reduce((a, b) => (cmp(a, b) <= 0 ? a : b));
