/**
 * The hot path: one dose check on day numbers against a compiled rule set. No Date, no zod, no strings,
 * no allocation (results go into a caller-owned DoseCheckDays; scratch arrays are module-level, which is
 * safe because JavaScript runs this synchronously). Semantics are documented in evaluate-dose.ts.
 */
import { dayNumberOf, type DayNumber } from '../time/day-number.ts';
import {
  afterDaysInterval, afterMonthsAndHalfInterval, afterMonthsInterval, fiscalYearOf,
  fiscalYearOfMonthsReachedCivil, fiscalYearEnd, fiscalYearStart, monthsReachedCivil,
} from './legal-dates.ts';
import {
  B_AGE, B_BIRTH, B_DATE, B_FY_END, B_FY_START, B_MONTHS, B_PREGNANCY, B_SCHOOL, I_DAYS, I_MONTHS,
  LIVE_INJECTABLE, type CBound, type CDose, type CompiledRuleSet, type CVaccine, type CVariant,
} from './compile.ts';
import type { PersonDays } from './person-days.ts';
import { REASON_BIT as R } from './reasons.ts';

export interface DoseCheckDays {
  routine: boolean;
  /** the legal window (NaN when none) */
  windowFrom: DayNumber;
  windowTo: DayNumber;
  /** first routine day from the window on (NaN when none) */
  earliest: DayNumber;
  /** REASON_CODES bit mask; 0 when routine */
  reasons: number;
  /** index of the series variant applied (-1 when none) */
  variant: number;
}

export function newDoseCheckDays(): DoseCheckDays {
  return { routine: false, windowFrom: NaN, windowTo: NaN, earliest: NaN, reasons: 0, variant: -1 };
}

const MAX_DOSE = 30;
const seriesDate = new Float64Array(MAX_DOSE + 1); // by ordinal: latest date before the checked date
let winFrom = new Float64Array(64);
let winTo = new Float64Array(64);
let segFrom = NaN;
let segTo = NaN;
let conditionOnly = false;

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
    default: return NaN;
  }
}

function maxBounds(bounds: readonly CBound[], p: PersonDays, start: number): number {
  let x = start;
  for (let i = 0; i < bounds.length; i++) {
    const d = boundDay(bounds[i]!, p);
    if (!(d <= x)) x = d; // NaN propagates: an unknown bound means no window
  }
  return x;
}

function minBounds(bounds: readonly CBound[], p: PersonDays, start: number): number {
  let x = start;
  for (let i = 0; i < bounds.length; i++) {
    const d = boundDay(bounds[i]!, p);
    if (!(d >= x)) x = d;
  }
  return x;
}

export function applyInterval(prev: DayNumber, kind: number, n: number): DayNumber {
  return kind === I_DAYS ? afterDaysInterval(prev, n) : kind === I_MONTHS ? afterMonthsInterval(prev, n) : afterMonthsAndHalfInterval(prev, n);
}

function hasProduct(set: Int32Array, product: number): boolean {
  for (let i = 0; i < set.length; i++) if (set[i] === product) return true;
  return false;
}

function inIntervals(list: Float64Array, d: number): boolean {
  for (let i = 0; i < list.length; i += 2) if (d >= list[i]! && d <= list[i + 1]!) return true;
  return false;
}

function doseDate(k: number, dose: number, date: number): number {
  return k === dose ? date : k >= 1 && k <= MAX_DOSE ? seriesDate[k]! : NaN;
}

/** The first variant whose conditions hold when dose `dose` is given on `date`; the longest series otherwise. */
function selectVariant(v: CVaccine, p: PersonDays, product: number, dose: number, date: number): number {
  const first = dose === 1 || Number.isNaN(seriesDate[1]!) ? date : seriesDate[1]!;
  for (let j = 0; j < v.variants.length; j++) {
    const s = v.variants[j]!;
    if (s.products !== null && (product < 0 || !hasProduct(s.products, product))) continue;
    if (s.firstFrom.length > 0 && !(first >= maxBounds(s.firstFrom, p, -Infinity))) continue;
    if (s.firstTo.length > 0 && !(first <= minBounds(s.firstTo, p, Infinity))) continue;
    if (s.gap !== null) {
      const a = doseDate(s.gap.a, dose, date);
      const b = doseDate(s.gap.b, dose, date);
      if (a === a && b === b && b < applyInterval(a, s.gap.kind, s.gap.n)) continue;
    }
    return j;
  }
  return v.fallbackVariant;
}

/** Any dose of the series' vaccines before `before` on a day in [from, to]. */
function priorDoseBetween(v: CVaccine, p: PersonDays, before: number, from: number, to: number): boolean {
  for (let i = 0; i < p.n; i++) {
    const d = p.hDate[i]!;
    if (d >= before) break;
    const hv = p.hVaccine[i]!;
    if (hv >= 0 && v.group[hv] === 1 && d >= from && d <= to) return true;
  }
  return false;
}

/** Fills winFrom/winTo with the person's merged windows for this dose; returns their count. */
function buildWindows(c: CompiledRuleSet, v: CVaccine, dr: CDose, p: PersonDays, product: number, continuing: boolean, dose: number, date: number): number {
  const bit = 1 << (dose - 1);
  let n = 0;
  conditionOnly = false;
  if (v.windows.length > winFrom.length) {
    winFrom = new Float64Array(v.windows.length);
    winTo = new Float64Array(v.windows.length);
  }
  for (let i = 0; i < v.windows.length; i++) {
    const w = v.windows[i]!;
    if ((w.doseMask & bit) === 0) continue;
    if (p.birth < w.birthFrom || p.birth > w.birthTo) continue;
    if (w.products !== null && product >= 0 && !hasProduct(w.products, product)) continue;
    if ((w.requireMask & p.conditionMask) !== w.requireMask || (w.datedBit >= 0 && !(p.conditionDates[w.datedBit]! <= w.datedBy))) {
      conditionOnly = true;
      continue;
    }
    if (w.priorFrom === w.priorFrom && !priorDoseBetween(v, p, date, w.priorFrom, w.priorTo)) continue;
    const from = maxBounds(dr.from, p, maxBounds(w.from, p, w.effFrom));
    const to = minBounds(dr.to, p, minBounds(w.to, p, w.effTo));
    if (!(from <= to)) continue;
    // insertion by start, so that merging is one pass
    let k = n++;
    while (k > 0 && winFrom[k - 1]! > from) {
      winFrom[k] = winFrom[k - 1]!;
      winTo[k] = winTo[k - 1]!;
      k--;
    }
    winFrom[k] = from;
    winTo[k] = to;
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && winFrom[i]! <= winTo[m - 1]! + 1) {
      if (winTo[i]! > winTo[m - 1]!) winTo[m - 1] = winTo[i]!;
    } else {
      winFrom[m] = winFrom[i]!;
      winTo[m++] = winTo[i]!;
    }
  }
  if (product >= 0 && v.admitNew !== null) m = clipToAdmission(m, (continuing ? v.admitContinuing! : v.admitNew)[product]);
  return m;
}

let clipFrom = new Float64Array(256);
let clipTo = new Float64Array(256);

function clipToAdmission(n: number, admitted: Float64Array | undefined): number {
  if (admitted === undefined) return 0;
  if (n * admitted.length > clipFrom.length) {
    clipFrom = new Float64Array(n * admitted.length);
    clipTo = new Float64Array(n * admitted.length);
  }
  let m = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < admitted.length; j += 2) {
      const f = Math.max(winFrom[i]!, admitted[j]!);
      const t = Math.min(winTo[i]!, admitted[j + 1]!);
      if (f <= t) {
        clipFrom[m] = f;
        clipTo[m++] = t;
      }
    }
  for (let i = 0; i < m; i++) {
    winFrom[i] = clipFrom[i]!;
    winTo[i] = clipTo[i]!;
  }
  return m;
}

function seasonStart(v: CVaccine, fy: number): number {
  const s = v.season;
  return dayNumberOf(s[0] < 4 ? fy + 1 : fy, s[0], s[1]);
}
function seasonEnd(v: CVaccine, fy: number): number {
  const s = v.season;
  return dayNumberOf(s[2] < 4 ? fy + 1 : fy, s[2], s[3]);
}

/** Sets segFrom/segTo to the first segment (window, or window ∩ season) that ends on or after x. */
function segmentAtOrAfter(v: CVaccine, n: number, x: number): boolean {
  for (let i = 0; i < n; i++) {
    const wf = winFrom[i]!, wt = winTo[i]!;
    if (wt < x) continue;
    if (v.repeat !== 1) {
      segFrom = wf;
      segTo = wt;
      return true;
    }
    const start = Math.max(x, wf);
    let fy = fiscalYearOf(start);
    if (seasonEnd(v, fy) < start) fy++;
    segFrom = Math.max(seasonStart(v, fy), wf);
    segTo = Math.min(seasonEnd(v, fy), wt);
    if (segFrom <= segTo) return true;
  }
  return false;
}

/** Sets segFrom/segTo to the last segment. */
function lastSegment(v: CVaccine, n: number): boolean {
  for (let i = n - 1; i >= 0; i--) {
    const wf = winFrom[i]!, wt = winTo[i]!;
    if (v.repeat !== 1) {
      segFrom = wf;
      segTo = wt;
      return true;
    }
    let fy = fiscalYearOf(wt);
    if (seasonStart(v, fy) > wt) fy--;
    segFrom = Math.max(seasonStart(v, fy), wf);
    segTo = Math.min(seasonEnd(v, fy), wt);
    if (segFrom <= segTo) return true;
  }
  return false;
}

function isLiveInjectable(c: CompiledRuleSet, vaccine: number, product: number): boolean {
  const byProduct = product >= 0 ? c.productLive[product]! : 0;
  return byProduct !== 0 ? byProduct === LIVE_INJECTABLE : vaccine >= 0 && c.vaccineLive[vaccine] === LIVE_INJECTABLE;
}

/**
 * Lower bound from the same-series intervals (-Infinity when none). A dependent dose also comes after every
 * earlier dose (only doses strictly before the date count), even where the law states no interval from it.
 */
function intervalBound(dr: CDose, p: PersonDays, dose: number): number {
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

/** Lower bound from injectable live vaccines of other ids given before `date` (-Infinity when none). */
function liveBound(c: CompiledRuleSet, v: CVaccine, p: PersonDays, product: number, date: number): number {
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

/**
 * `earliestFrom`, also clear of the live vaccines given between `date` and the day found: a dose on that day must
 * keep 27日 from them too (one given the day after `date` would otherwise make "earliest" fail its own check).
 * Each pass moves the day strictly later, so this ends.
 */
function earliestSettled(
  c: CompiledRuleSet, v: CVaccine, p: PersonDays, prod: number, date: number, n: number, lower: number, from: number,
): number {
  let e = earliestFrom(v, n, lower, from);
  // on or before `date`, the doses before `e` are among those `lower` already keeps clear of
  while (e === e && e > date) {
    const live = liveBound(c, v, p, prod, e);
    if (!(live > e)) return e;
    lower = live;
    e = earliestFrom(v, n, lower, from);
  }
  return e;
}

/** First day ≥ max(lower, from) that lies in a segment, or NaN. */
function earliestFrom(v: CVaccine, n: number, lower: number, from: number): number {
  const x = lower > from ? lower : from;
  return segmentAtOrAfter(v, n, x) ? Math.max(x, segFrom) : NaN;
}

/**
 * Checks dose `dose` of vaccine index `vi` given on day `date` with product index `product` (-1 unknown)
 * for a compiled person. Writes into and returns `out`.
 */
export function evaluateDoseDays(
  c: CompiledRuleSet, vi: number, dose: number, date: DayNumber, product: number, p: PersonDays,
  out: DoseCheckDays = newDoseCheckDays(),
): DoseCheckDays {
  out.routine = false;
  out.windowFrom = out.windowTo = out.earliest = NaN;
  out.variant = -1;
  const v = c.vaccines[vi];
  if (v === undefined) return finish(out, R['unknown-vaccine']);
  if (!Number.isInteger(dose) || dose < 1 || !Number.isInteger(date) || p.invalid) return finish(out, R['invalid-input']);
  if (dose > v.maxDose) return finish(out, R['series-complete']);
  let reasons = 0;

  const bit = 1 << (dose - 1);
  let inForce = false;
  for (let i = 0; i < v.windows.length && !inForce; i++) {
    const w = v.windows[i]!;
    inForce = (w.doseMask & bit) !== 0 && w.effFrom <= date && date <= w.effTo;
  }
  if (!inForce) return finish(out, R['not-in-schedule-at-date']);
  if (v.sex !== 0) {
    if (p.sex === 0) reasons |= R['sex-unknown'];
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
      if (ex.vaccine === hv && (ex.product < 0 || ex.product === p.hProduct[i])) return finish(out, reasons | R['excluded-by-prior-vaccination']);
    }
    if (v.group[hv] !== 1) continue;
    lastDose = d;
    const k = p.hDose[i]!;
    if (k >= 1 && k <= MAX_DOSE) {
      seriesDate[k] = d;
      if (k === 1 && p.hProduct[i]! >= 0) seriesProduct = p.hProduct[i]!;
    }
  }
  if (v.repeat === 1) {
    const fy = fiscalYearOf(date);
    const from = seasonStart(v, fy);
    if (date >= from && date <= seasonEnd(v, fy) && lastDose >= from) return finish(out, reasons | R['series-complete']);
  } else if (v.repeat === 2 && lastDose >= p.pregnancyStart) return finish(out, reasons | R['series-complete']);

  const prod = product >= 0 ? product : seriesProduct;
  if (v.productRequired && prod < 0) reasons |= R['product-unknown'];
  if (v.sameProduct && dose > 1 && product >= 0 && seriesProduct >= 0 && product !== seriesProduct) reasons |= R['product-mismatch'];
  if (prod >= 0 && v.catalog !== null && !hasProduct(v.catalog, prod)) reasons |= R['product-not-allowed'];
  const continuing = dose > 1 && seriesProduct >= 0 && seriesProduct === prod;
  if (prod >= 0 && v.admitNew !== null) {
    const admitted = (continuing ? v.admitContinuing! : v.admitNew)[prod];
    if (admitted === undefined || !inIntervals(admitted, date)) reasons |= R['product-not-allowed'];
  }

  const vIndex = selectVariant(v, p, prod, dose, date);
  const variant: CVariant = v.variants[vIndex]!;
  out.variant = vIndex;
  if (dose > variant.doses.length) return finish(out, reasons | R['series-complete']);
  const dr = variant.doses[dose - 1]!;
  let blocked = false; // no earliest date can exist
  if (v.repeat === 0 && seriesDate[dose] === seriesDate[dose]) {
    reasons |= R['dose-already-given'];
    blocked = true;
  }
  if (!dr.independent)
    for (let k = 1; k < dose; k++)
      if (seriesDate[k] !== seriesDate[k]) {
        reasons |= R['previous-dose-missing'];
        blocked = true;
        break;
      }

  const n = buildWindows(c, v, dr, p, prod, continuing, dose, date);
  if (n === 0) {
    if ((reasons & R['product-not-allowed']) === 0) reasons |= conditionOnly ? R['condition-not-met'] : R['not-in-target-group'];
    return finish(out, reasons);
  }
  if (!segmentAtOrAfter(v, n, date)) lastSegment(v, n);
  const selFrom = segFrom;
  out.windowFrom = segFrom;
  out.windowTo = segTo;
  if (date < segFrom) reasons |= R['too-early'];
  else if (date > segTo) reasons |= R['too-late'];

  const lowInterval = intervalBound(dr, p, dose);
  const lowLive = liveBound(c, v, p, prod, date);
  if (date < lowInterval) reasons |= R['interval-too-short'];
  if (date < lowLive) reasons |= R['live-vaccine-interval'];
  if (!blocked) {
    let earliest = earliestSettled(c, v, p, prod, date, n, lowInterval > lowLive ? lowInterval : lowLive, selFrom);
    // a variant chosen by a gap (HPV 9価) may allow an earlier date than the one chosen for `date`
    if (v.hasGapVariant && dose > 1) earliest = earliestOverVariants(c, v, p, prod, continuing, dose, date, lowLive, selFrom, vIndex, earliest);
    out.earliest = earliest;
  }
  return finish(out, reasons);
}

function earliestOverVariants(
  c: CompiledRuleSet, v: CVaccine, p: PersonDays, prod: number, continuing: boolean, dose: number, date: number,
  lowLive: number, selFrom: number, chosen: number, best: number,
): number {
  for (let j = 0; j < v.variants.length; j++) {
    const s = v.variants[j]!;
    if (j === chosen || dose > s.doses.length) continue;
    const dr = s.doses[dose - 1]!;
    const n = buildWindows(c, v, dr, p, prod, continuing, dose, date);
    if (n === 0) continue;
    const low = intervalBound(dr, p, dose);
    const e = earliestSettled(c, v, p, prod, date, n, low > lowLive ? low : lowLive, selFrom);
    if (e === e && !(e >= best) && selectVariant(v, p, prod, dose, e) === j) best = e;
  }
  return best;
}

function finish(out: DoseCheckDays, reasons: number): DoseCheckDays {
  out.reasons = reasons;
  out.routine = reasons === 0;
  return out;
}
