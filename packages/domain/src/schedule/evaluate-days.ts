/**
 * The hot path: one dose check on day numbers against a compiled rule set. No Date, no zod, no strings, no
 * allocation: results go into a caller-owned DoseCheckDays, scratch arrays live in the DoseEvaluator the caller
 * created. Nothing here is module-level state, so two evaluators never disturb each other (interleaved callers,
 * generators, async code each keep their own). Semantics are documented in evaluate-dose.ts.
 */
import type { DayNumber } from '../time/day-number.ts';
import { fiscalYearOf } from './legal-dates.ts';
import { REPEAT_NONE, REPEAT_PREGNANCY, REPEAT_SEASON, SEX_ANY, type CDose, type CompiledRuleSet, type CVaccine, type CVariant } from './compile.ts';
import { applyInterval, hasProduct, inIntervals, liveBound, maxBounds, minBounds, seasonEnd, seasonStart } from './dose-bounds.ts';
import { DoseWindows } from './dose-windows.ts';
import type { PersonDays } from './person-days.ts';
import { NO_REASONS, REASON_BIT as R, hasAnyReason, withReasons, type ReasonMask } from './reasons.ts';

export interface DoseCheckDays {
  routine: boolean;
  /** the legal window (NaN when none) */
  windowFrom: DayNumber;
  windowTo: DayNumber;
  /** first routine day from the window on (NaN when none) */
  earliest: DayNumber;
  /** NO_REASONS when routine; reasonCodesOf turns it into codes */
  reasons: ReasonMask;
  /** index of the series variant applied (-1 when none) */
  variant: number;
}

export function newDoseCheckDays(): DoseCheckDays {
  return { routine: false, windowFrom: NaN, windowTo: NaN, earliest: NaN, reasons: NO_REASONS, variant: -1 };
}

/**
 * A dose checker bound to one compiled rule set. It owns its scratch arrays, so create one per caller: a check that
 * starts another check meanwhile (from a generator, a callback, async code) gives that one an evaluator of its own.
 * Creating one is cheap (a few small arrays).
 */
export function createDoseEvaluator(rules: CompiledRuleSet): DoseEvaluator {
  return new DoseEvaluator(rules);
}

export class DoseEvaluator {
  readonly rules: CompiledRuleSet;
  /** The highest dose ordinal the rule set ever reads; history doses beyond it cannot matter. */
  private readonly lastOrdinal: number;
  /** By ordinal: the latest date of that dose of the series strictly before the checked date (NaN when none). */
  private readonly seriesDate: Float64Array;
  private readonly windows: DoseWindows;

  constructor(rules: CompiledRuleSet) {
    this.rules = rules;
    this.lastOrdinal = rules.lastOrdinal;
    // a handful of doubles: small enough for V8 to allocate on its heap, so creating an evaluator is cheap
    this.seriesDate = new Float64Array(this.lastOrdinal + 1);
    this.windows = new DoseWindows();
  }

  /**
   * Checks dose `dose` of vaccine index `vi` given on day `date` with product index `product` (-1 unknown)
   * for a compiled person. Writes into and returns `out`.
   */
  check(vi: number, dose: number, date: DayNumber, product: number, p: PersonDays, out: DoseCheckDays = newDoseCheckDays()): DoseCheckDays {
    const c = this.rules;
    const seriesDate = this.seriesDate, lastOrdinal = this.lastOrdinal;
    out.routine = false;
    out.windowFrom = out.windowTo = out.earliest = NaN;
    out.variant = -1;
    const v = c.vaccines[vi];
    if (v === undefined) return finish(out, R['unknown-vaccine']);
    if (!Number.isInteger(dose) || dose < 1 || !Number.isInteger(date) || p.invalid) return finish(out, R['invalid-input']);
    if (dose > v.maxDose) return finish(out, R['series-complete']);
    let reasons = NO_REASONS;

    const bit = 1 << (dose - 1);
    let inForce = false;
    for (let i = 0; i < v.windows.length && !inForce; i++) {
      const w = v.windows[i]!;
      inForce = (w.doseMask & bit) !== 0 && w.effFrom <= date && date <= w.effTo;
    }
    if (!inForce) return finish(out, R['not-in-schedule-at-date']);
    if (v.sex !== SEX_ANY) {
      if (p.sex === SEX_ANY) reasons = withReasons(reasons, R['sex-unknown']);
      else if (p.sex !== v.sex) return finish(out, R['wrong-sex']);
    }
    if (p.hadDisease[v.index] === 1) return finish(out, R['excluded-by-prior-disease']);

    // the series so far: doses of this vaccine (and the ones it counts) strictly before the date
    seriesDate.fill(NaN);
    let seriesProduct = -1;
    let lastDose = NaN;
    for (let i = 0; i < p.n; i++) {
      const d = p.hDate[i]!;
      if (d >= date) break;
      const hv = p.hVaccine[i]!;
      if (hv < 0) continue;
      for (let e = 0; e < v.excluded.length; e++) {
        const ex = v.excluded[e]!;
        if (ex.vaccine === hv && (ex.product < 0 || ex.product === p.hProduct[i])) return finish(out, withReasons(reasons, R['excluded-by-prior-vaccination']));
      }
      if (v.group[hv] !== 1) continue;
      lastDose = d;
      const k = p.hDose[i]!;
      if (k >= 1 && k <= lastOrdinal) {
        seriesDate[k] = d;
        if (k === 1 && p.hProduct[i]! >= 0) seriesProduct = p.hProduct[i]!;
      }
    }
    if (v.repeat === REPEAT_SEASON) {
      const fy = fiscalYearOf(date);
      const from = seasonStart(v, fy);
      if (date >= from && date <= seasonEnd(v, fy) && lastDose >= from) return finish(out, withReasons(reasons, R['series-complete']));
    } else if (v.repeat === REPEAT_PREGNANCY && lastDose >= p.pregnancyStart) return finish(out, withReasons(reasons, R['series-complete']));

    const prod = product >= 0 ? product : seriesProduct;
    if (v.productRequired && prod < 0) reasons = withReasons(reasons, R['product-unknown']);
    if (v.sameProduct && dose > 1 && product >= 0 && seriesProduct >= 0 && product !== seriesProduct) reasons = withReasons(reasons, R['product-mismatch']);
    if (prod >= 0 && v.catalog !== null && !hasProduct(v.catalog, prod)) reasons = withReasons(reasons, R['product-not-allowed']);
    const continuing = dose > 1 && seriesProduct >= 0 && seriesProduct === prod;
    if (prod >= 0 && v.admitNew !== null) {
      const admitted = (continuing ? v.admitContinuing! : v.admitNew)[prod];
      if (admitted === undefined || !inIntervals(admitted, date)) reasons = withReasons(reasons, R['product-not-allowed']);
    }

    const vIndex = this.selectVariant(v, p, prod, dose, date);
    const variant: CVariant = v.variants[vIndex]!;
    out.variant = vIndex;
    if (dose > variant.doses.length) return finish(out, withReasons(reasons, R['series-complete']));
    const dr = variant.doses[dose - 1]!;
    let blocked = false; // no earliest date can exist
    if (v.repeat === REPEAT_NONE && seriesDate[dose] === seriesDate[dose]) {
      reasons = withReasons(reasons, R['dose-already-given']);
      blocked = true;
    }
    if (!dr.independent)
      for (let k = 1; k < dose; k++)
        if (seriesDate[k] !== seriesDate[k]) {
          reasons = withReasons(reasons, R['previous-dose-missing']);
          blocked = true;
          break;
        }

    const windows = this.windows;
    const n = windows.build(v, dr, p, prod, continuing, dose, date);
    if (n === 0) {
      if (!hasAnyReason(reasons, R['product-not-allowed'])) reasons = withReasons(reasons, windows.conditionOnly ? R['condition-not-met'] : R['not-in-target-group']);
      return finish(out, reasons);
    }
    if (!windows.segmentAtOrAfter(v, n, date)) windows.lastSegment(v, n);
    const selFrom = windows.segFrom;
    out.windowFrom = windows.segFrom;
    out.windowTo = windows.segTo;
    if (date < windows.segFrom) reasons = withReasons(reasons, R['too-early']);
    else if (date > windows.segTo) reasons = withReasons(reasons, R['too-late']);

    const lowInterval = this.intervalBound(dr, p, dose);
    const lowLive = liveBound(c, v, p, prod, date);
    if (date < lowInterval) reasons = withReasons(reasons, R['interval-too-short']);
    if (date < lowLive) reasons = withReasons(reasons, R['live-vaccine-interval']);
    if (!blocked) {
      let earliest = this.earliestSettled(v, p, prod, date, n, lowInterval > lowLive ? lowInterval : lowLive, selFrom);
      // a variant chosen by a gap (HPV 9価) may allow an earlier date than the one chosen for `date`
      if (v.hasGapVariant && dose > 1) earliest = this.earliestOverVariants(v, p, prod, continuing, dose, date, lowLive, selFrom, vIndex, earliest);
      out.earliest = earliest;
    }
    return finish(out, reasons);
  }

  private doseDate(k: number, dose: number, date: number): number {
    return k === dose ? date : k >= 1 && k <= this.lastOrdinal ? this.seriesDate[k]! : NaN;
  }

  /** The first variant whose conditions hold when dose `dose` is given on `date`; the longest series otherwise. */
  private selectVariant(v: CVaccine, p: PersonDays, product: number, dose: number, date: number): number {
    const first = dose === 1 || Number.isNaN(this.seriesDate[1]!) ? date : this.seriesDate[1]!;
    for (let j = 0; j < v.variants.length; j++) {
      const s = v.variants[j]!;
      if (s.products !== null && (product < 0 || !hasProduct(s.products, product))) continue;
      if (s.firstFrom.length > 0 && !(first >= maxBounds(s.firstFrom, p, -Infinity))) continue;
      if (s.firstTo.length > 0 && !(first <= minBounds(s.firstTo, p, Infinity))) continue;
      if (s.gap !== null) {
        const a = this.doseDate(s.gap.a, dose, date);
        const b = this.doseDate(s.gap.b, dose, date);
        if (a === a && b === b && b < applyInterval(a, s.gap.kind, s.gap.n)) continue;
      }
      return j;
    }
    return v.fallbackVariant;
  }

  /**
   * Lower bound from the same-series intervals (-Infinity when none). A dependent dose also comes after every
   * earlier dose (only doses strictly before the date count), even where the law states no interval from it.
   */
  private intervalBound(dr: CDose, p: PersonDays, dose: number): number {
    const seriesDate = this.seriesDate;
    let lo = -Infinity;
    if (!dr.independent)
      for (let k = 1; k < dose; k++) if (seriesDate[k]! + 1 > lo) lo = seriesDate[k]! + 1;
    for (let i = 0; i < dr.after.length; i++) {
      const a = dr.after[i]!;
      const prev = seriesDate[a.dose]!;
      if (prev !== prev) continue;
      const n = a.shortBit !== 0 && (p.conditionMask & a.shortBit) !== 0 ? a.shortN : a.n;
      const d = applyInterval(prev, a.kind, n);
      if (d > lo) lo = d;
    }
    return lo;
  }

  /**
   * `earliestFrom`, also clear of the live vaccines given between `date` and the day found: a dose on that day must
   * keep 27日 from them too (one given the day after `date` would otherwise make "earliest" fail its own check).
   * Each pass moves the day strictly later, so this ends.
   */
  private earliestSettled(v: CVaccine, p: PersonDays, prod: number, date: number, n: number, lower: number, from: number): number {
    const windows = this.windows;
    let e = windows.earliestFrom(v, n, lower, from);
    // on or before `date`, the doses before `e` are among those `lower` already keeps clear of
    while (e === e && e > date) {
      const live = liveBound(this.rules, v, p, prod, e);
      if (!(live > e)) return e;
      lower = live;
      e = windows.earliestFrom(v, n, lower, from);
    }
    return e;
  }

  private earliestOverVariants(
    v: CVaccine, p: PersonDays, prod: number, continuing: boolean, dose: number, date: number,
    lowLive: number, selFrom: number, chosen: number, best: number,
  ): number {
    for (let j = 0; j < v.variants.length; j++) {
      const s = v.variants[j]!;
      if (j === chosen || dose > s.doses.length) continue;
      const dr = s.doses[dose - 1]!;
      const n = this.windows.build(v, dr, p, prod, continuing, dose, date);
      if (n === 0) continue;
      const low = this.intervalBound(dr, p, dose);
      const e = this.earliestSettled(v, p, prod, date, n, low > lowLive ? low : lowLive, selFrom);
      if (e === e && !(e >= best) && this.selectVariant(v, p, prod, dose, e) === j) best = e;
    }
    return best;
  }
}

function finish(out: DoseCheckDays, reasons: ReasonMask): DoseCheckDays {
  out.reasons = reasons;
  out.routine = reasons === NO_REASONS;
  return out;
}
