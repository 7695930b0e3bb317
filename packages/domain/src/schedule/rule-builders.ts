/** Small constructors that keep the rule data readable; they return plain JSON-serialisable objects. */
import type { Bound, Interval, IntervalKind, WindowRule } from './rule-schema.ts';

const withPlus = <T extends Bound>(b: T, plusDays?: number): T => (plusDays ? { ...b, plusDays } : b);

/** 生後N月に至った日 (+plusDays: 1 for 「…に至った日の翌日」) */
export const months = (n: number, plusDays?: number): Bound => withPlus({ kind: 'months', n }, plusDays);
/** X歳に達する日 */
export const age = (n: number, plusDays?: number): Bound => withPlus({ kind: 'age', n }, plusDays);
export const onDate = (date: string): Bound => ({ kind: 'date', date });
/** 出生N日後 */
export const birthDays = (n: number): Bound => ({ kind: 'birth-days', n });
export const fiscalYearStartOfAge = (n: number): Bound => ({ kind: 'fiscal-year-start-of-age', n });
export const fiscalYearEndOfAge = (n: number): Bound => ({ kind: 'fiscal-year-end-of-age', n });
/** April 1 of the year of 小学校就学の始期 + years */
export const schoolEntry = (years: number, plusDays?: number): Bound => withPlus({ kind: 'school-entry', years }, plusDays);
export const pregnancyDays = (n: number): Bound => ({ kind: 'pregnancy-days', n });
/** 「(the condition's date) から起算してN月を経過する日」 */
export const monthsAfterCondition = (condition: string, n: number): Bound => ({ kind: 'months-after-condition', condition, n });

/** N日以上の間隔 after dose `dose` */
export const daysAfter = (dose: number, n: number, shortened?: Interval['shortened']): Interval =>
  shortened ? { dose, kind: 'days', n, shortened } : { dose, kind: 'days', n };
/** N月の間隔 after dose `dose` */
export const monthsAfter = (dose: number, n: number): Interval => ({ dose, kind: 'months', n });
/** N月半の間隔 after dose `dose` */
export const monthsHalfAfter = (dose: number, n: number): Interval => ({ dose, kind: 'months-half', n });
export const gap = (dose: number, laterDose: number, kind: IntervalKind, n: number) => ({ dose, laterDose, kind, n });

export const inForce = (from: string, to: string | null = null) => ({ from, to });

/**
 * The 長期療養特例 twin of a window: same start; it ends at the upper age the 特例 sets or, when the condition carries
 * the day it ended ('long-term-illness:YYYY-MM-DD'), 2年 after that day, whichever comes first (施行令第1条の3 /
 * 施行規則第2条の2: 特別の事情がなくなった日から起算して2年を経過する日までの間). A condition without a date still lasts.
 */
export function longTermTwin(w: WindowRule, to: Bound, source: string): WindowRule {
  return {
    ...w, id: `${w.id}/long-term-illness`, source, requires: [...(w.requires ?? []), 'long-term-illness'],
    to: [to, monthsAfterCondition('long-term-illness', 24)],
  };
}

/**
 * 「当該年度内に X歳となる者」 cohorts (経過措置 of 高齢者肺炎球菌 and 帯状疱疹): one window per age,
 * the whole 年度 that contains the day before the X-th birthday.
 */
export function fiscalYearCohorts(
  prefix: string,
  ages: readonly number[],
  effective: { from: string; to: string | null },
  source: string,
  extra: Partial<WindowRule> = {},
): WindowRule[] {
  return ages.map((n) => ({
    id: `${prefix}/turning-${n}-in-fiscal-year`,
    source,
    effective,
    from: [fiscalYearStartOfAge(n)],
    to: [fiscalYearEndOfAge(n)],
    ...extra,
  }));
}
