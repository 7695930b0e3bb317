/** Test helpers: a terse check and the four boundary days of a window. */
import { expect } from 'vitest';
import { evaluateDose, type DoseCheck, type DoseCheckInput } from '../../src/schedule/evaluate-dose.ts';
import type { RuleSet } from '../../src/schedule/rule-schema.ts';
import { addDays } from './oracle.ts';

export type Base = Omit<DoseCheckInput, 'date' | 'history'> & { history?: DoseCheckInput['history'] };

export const check = (base: Base, date: string, rules?: RuleSet): DoseCheck =>
  evaluateDose({ history: [], ...base, date }, rules);

/**
 * The day before `from` is not routine (reason `before`), `from` and `to` are routine with exactly that window,
 * the day after `to` is not routine (reason `after`).
 */
export function expectWindow(
  base: Base, from: string, to: string,
  opts: { before?: string; after?: string; rules?: RuleSet } = {},
): void {
  const { before = 'too-early', after = 'too-late', rules } = opts;
  const dayBefore = check(base, addDays(from, -1), rules);
  expect(dayBefore.routine, `day before ${from}`).toBe(false);
  expect(dayBefore.reasons, `day before ${from}`).toContain(before);
  for (const date of [from, to]) {
    const r = check(base, date, rules);
    expect(r.reasons, date).toEqual([]);
    expect(r.routine).toBe(true);
    expect(r.window).toEqual({ from, to });
  }
  const dayAfter = check(base, addDays(to, 1), rules);
  expect(dayAfter.routine, `day after ${to}`).toBe(false);
  expect(dayAfter.reasons, `day after ${to}`).toContain(after);
}

/** Dose `base.dose` is interval-too-short (or `reason`) the day before `earliest` and routine on it. */
export function expectEarliest(base: Base, earliest: string, reason = 'interval-too-short', rules?: RuleSet): void {
  const before = check(base, addDays(earliest, -1), rules);
  expect(before.reasons, `day before ${earliest}`).toContain(reason);
  expect(before.earliest).toBe(earliest);
  const on = check(base, earliest, rules);
  expect(on.reasons, earliest).toEqual([]);
  expect(on.earliest).toBe(earliest);
}
