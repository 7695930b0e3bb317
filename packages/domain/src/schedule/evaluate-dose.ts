/**
 * The dose check at the boundary (ISO date strings). It answers, for a proposed or recorded dose:
 *   routine  — whether it is a routine (定期) vaccination on that date (no reasons);
 *   window   — the legal window for that dose for that person given the history: the window containing the
 *              date, else the next one, else the last one. Null only when none exists: unknown vaccine,
 *              not in the schedule on the date, wrong sex, excluded, series complete, no window for the person.
 *              An open end (65歳以上 without a season) is '9999-12-31'.
 *   earliest — the first day, from that window's start on, on which the dose would be routine given the window,
 *              every same-series interval and the live-vaccine interval; it may lie before `date`. Null when
 *              none exists, and when the dose was already given or an earlier dose is missing.
 *              Identity reasons (product-unknown, sex-unknown, product-mismatch) do not move it.
 *   reasons  — REASON_CODES; a recorded dose keeps them as warnings (警告内容).
 * History counts only doses strictly before `date` (same-day doses are simultaneous, which the law allows);
 * so re-checking a recorded dose with the full history is safe.
 */
import { formatIsoDate, parseIsoDate, type DayNumber } from '../time/day-number.ts';
import { FAR_FUTURE, compileRuleSet, type CompiledRuleSet } from './compile.ts';
import { createDoseEvaluator, newDoseCheckDays, type DoseCheckDays } from './evaluate-days.ts';
import { compilePerson, type HistoryDoseDays, type PersonDays, type Sex } from './person-days.ts';
import { NO_REASONS, REASON_BIT, reasonCodesOf, withReasons, type ReasonCode, type ReasonMask } from './reasons.ts';
import type { RuleSet } from './rule-schema.ts';
import { defaultRuleSet } from './rules.ts';

export interface HistoryDose {
  readonly vaccine: string;
  readonly dose: number;
  readonly date: string; // YYYY-MM-DD
  readonly product?: string | undefined;
}

export interface PersonInput {
  readonly birthDate: string;
  readonly sex?: Sex | undefined;
  readonly history: readonly HistoryDose[];
  /** see conditions.ts: 'long-term-illness', 'antibody-insufficient:2024-06-01', 'pregnancy-weeks:30', … */
  readonly conditions?: readonly string[] | undefined;
}

export interface DoseCheckInput extends PersonInput {
  readonly vaccine: string;
  readonly dose: number;
  readonly date: string;
  readonly product?: string | undefined;
}

export interface DoseWindow {
  readonly from: string;
  readonly to: string;
}

export interface DoseCheck {
  readonly vaccine: string;
  readonly dose: number;
  readonly routine: boolean;
  readonly window: DoseWindow | null;
  readonly earliest: string | null;
  readonly reasons: ReasonCode[];
  /** the series variant applied (e.g. 'hib/start-7m-12m'), when one was */
  readonly series?: string;
}

const compiledCache = new WeakMap<RuleSet, CompiledRuleSet>();

/** The compiled form of a rule set, compiled once per rule-set object. */
export function compiledRuleSet(rules: RuleSet = defaultRuleSet): CompiledRuleSet {
  let c = compiledCache.get(rules);
  if (c === undefined) {
    c = compileRuleSet(rules);
    compiledCache.set(rules, c);
  }
  return c;
}

const formatDay = (d: DayNumber): string => formatIsoDate(Math.min(d, FAR_FUTURE));

/** Converts a days-level result to the boundary form. */
export function toDoseCheck(c: CompiledRuleSet, vaccine: string, dose: number, r: DoseCheckDays, extraReasons: ReasonMask = NO_REASONS): DoseCheck {
  const vi = c.vaccineIndex.get(vaccine);
  const variant = vi === undefined || r.variant < 0 ? undefined : c.vaccines[vi]?.variants[r.variant]?.id;
  const reasons = withReasons(r.reasons, extraReasons);
  return {
    vaccine,
    dose,
    routine: reasons === NO_REASONS,
    window: r.windowFrom === r.windowFrom ? { from: formatDay(r.windowFrom), to: formatDay(r.windowTo) } : null,
    earliest: r.earliest === r.earliest ? formatDay(r.earliest) : null,
    reasons: reasonCodesOf(reasons),
    ...(variant === undefined ? {} : { series: variant }),
  };
}

function parsePerson(c: CompiledRuleSet, person: PersonInput, asOf: DayNumber): PersonDays | null {
  const birth = parseIsoDate(person.birthDate);
  if (birth === null) return null;
  const history: HistoryDoseDays[] = [];
  for (const h of person.history) {
    const date = parseIsoDate(h.date);
    if (date === null) return null;
    history.push({ vaccine: h.vaccine, dose: h.dose, date, product: h.product });
  }
  return compilePerson(c, { birth, sex: person.sex, conditions: person.conditions, history }, asOf);
}

/** Checks one dose. Never throws on bad input: it answers with the reason 'invalid-input'. */
export function evaluateDose(input: DoseCheckInput, rules: RuleSet = defaultRuleSet): DoseCheck {
  const c = compiledRuleSet(rules);
  const date = parseIsoDate(input.date);
  const person = date === null ? null : parsePerson(c, input, date);
  const out = newDoseCheckDays();
  if (date === null || person === null) {
    out.reasons = REASON_BIT['invalid-input'];
    return toDoseCheck(c, input.vaccine, input.dose, out);
  }
  const vi = c.vaccineIndex.get(input.vaccine) ?? -1;
  const known = input.product === undefined ? -1 : (c.productIndex.get(input.product) ?? -2);
  // one evaluator per call: its scratch arrays are this call's alone
  createDoseEvaluator(c).check(vi, input.dose, date, known < 0 ? -1 : known, person, out);
  // a product the rule set has never heard of is checked as "no product" and flagged
  const extra = known === -2 && out.reasons !== REASON_BIT['unknown-vaccine'] ? REASON_BIT['product-not-allowed'] : NO_REASONS;
  return toDoseCheck(c, input.vaccine, input.dose, out, extra);
}

export interface DoseProjection {
  readonly window: DoseWindow | null;
  readonly earliest: string | null;
  /** why a dose on `asOf` would not be routine (includes 'product-unknown' when the series needs a product) */
  readonly reasons: ReasonCode[];
}

/**
 * For eligibility projection: the window and earliest date of a vaccine+dose for a person as of a day,
 * with no product chosen (product-dependent windows are unioned). Same semantics as evaluateDose.
 */
export function projectDose(
  person: PersonInput, vaccine: string, dose: number, asOf: string, rules: RuleSet = defaultRuleSet, product?: string,
): DoseProjection {
  const r = evaluateDose({ ...person, vaccine, dose, date: asOf, product }, rules);
  return { window: r.window, earliest: r.earliest, reasons: r.reasons };
}
