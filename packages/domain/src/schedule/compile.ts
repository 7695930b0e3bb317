/**
 * Compiles a validated RuleSet into flat, index-based structures for the hot path: ids become small integers,
 * dates become day numbers, conditions become bits, switches are resolved, product admissions are pre-merged.
 * Compilation allocates; evaluation (evaluate-days.ts) does not.
 */
import { dayNumberOf, parseIsoDate, type DayNumber } from '../time/day-number.ts';
import { RuleSetSchema, type Bound, type Interval, type IntervalKind, type RuleSet, type VaccineRule, type WindowRule } from './rule-schema.ts';

export const FAR_PAST: DayNumber = dayNumberOf(1, 1, 1);
export const FAR_FUTURE: DayNumber = dayNumberOf(9999, 12, 31);

// Kind codes are small integers on the hot path; each kind is a union of its own constants, so that the compiler
// rejects a bound kind where an interval kind belongs (or any other number).
export const B_DATE = 0, B_BIRTH = 1, B_MONTHS = 2, B_AGE = 3, B_FY_START = 4, B_FY_END = 5, B_SCHOOL = 6, B_PREGNANCY = 7, B_AFTER_CONDITION = 8;
export type BoundKind = typeof B_DATE | typeof B_BIRTH | typeof B_MONTHS | typeof B_AGE | typeof B_FY_START | typeof B_FY_END | typeof B_SCHOOL | typeof B_PREGNANCY | typeof B_AFTER_CONDITION;
export const I_DAYS = 0, I_MONTHS = 1, I_MONTHS_HALF = 2;
export type IntervalCode = typeof I_DAYS | typeof I_MONTHS | typeof I_MONTHS_HALF;
export const LIVE_NONE = 0, LIVE_INJECTABLE = 1, LIVE_ORAL = 2;
/** A vaccine's sex (SEX_ANY: both), or a person's (SEX_ANY: not recorded). */
export const SEX_ANY = 0, SEX_FEMALE = 1, SEX_MALE = 2;
export type SexCode = typeof SEX_ANY | typeof SEX_FEMALE | typeof SEX_MALE;
export const REPEAT_NONE = 0, REPEAT_SEASON = 1, REPEAT_PREGNANCY = 2;
export type RepeatKind = typeof REPEAT_NONE | typeof REPEAT_SEASON | typeof REPEAT_PREGNANCY;

/** `cond`: the condition index whose date a B_AFTER_CONDITION bound counts from (-1 for every other kind). */
export interface CBound { readonly kind: BoundKind; readonly n: number; readonly plus: number; readonly cond: number }
export interface CInterval { readonly dose: number; readonly kind: IntervalCode; readonly n: number; readonly shortBit: number; readonly shortN: number }
export interface CDose { readonly from: readonly CBound[]; readonly to: readonly CBound[]; readonly after: readonly CInterval[]; readonly independent: boolean }
export interface CVariant {
  readonly id: string;
  readonly products: Int32Array | null;
  readonly firstFrom: readonly CBound[];
  readonly firstTo: readonly CBound[];
  readonly gap: { readonly a: number; readonly b: number; readonly kind: IntervalCode; readonly n: number } | null;
  readonly doses: readonly CDose[];
}
export interface CWindow {
  readonly id: string;
  readonly doseMask: number;
  readonly effFrom: DayNumber;
  readonly effTo: DayNumber;
  readonly birthFrom: DayNumber;
  readonly birthTo: DayNumber;
  readonly products: Int32Array | null;
  readonly requireMask: number;
  readonly datedBit: number; // index of the dated condition, -1 none
  readonly datedBy: DayNumber;
  readonly priorFrom: DayNumber; // NaN when no prior-dose requirement
  readonly priorTo: DayNumber;
  readonly from: readonly CBound[];
  readonly to: readonly CBound[];
}
export interface CVaccine {
  readonly id: string;
  readonly index: number;
  readonly sex: SexCode;
  readonly productRequired: boolean;
  readonly sameProduct: boolean;
  readonly group: Uint8Array; // by global vaccine index: 1 when its doses count in this series
  readonly excluded: readonly { readonly vaccine: number; readonly product: number }[];
  readonly repeat: RepeatKind;
  readonly season: readonly [number, number, number, number]; // from month, day, to month, day
  readonly windows: readonly CWindow[];
  readonly variants: readonly CVariant[];
  readonly fallbackVariant: number;
  readonly hasGapVariant: boolean;
  readonly maxDose: number;
  readonly catalog: Int32Array | null;
  /** per product index: merged admitted intervals [from0, to0, from1, to1, …]; null array = any product */
  readonly admitNew: readonly (Float64Array | undefined)[] | null;
  readonly admitContinuing: readonly (Float64Array | undefined)[] | null;
}
export interface CompiledRuleSet {
  readonly rules: RuleSet;
  readonly vaccines: readonly CVaccine[];
  readonly vaccineIndex: ReadonlyMap<string, number>;
  readonly productIndex: ReadonlyMap<string, number>;
  readonly conditionIndex: ReadonlyMap<string, number>;
  readonly vaccineLive: Uint8Array; // by global vaccine index
  readonly productLive: Uint8Array; // by product index
  readonly liveFrom: DayNumber;
  readonly liveTo: DayNumber;
  readonly liveDays: number;
  /** The highest dose ordinal a check reads (a series' last dose, or one a variant's gap names). */
  readonly lastOrdinal: number;
}

export interface CompileOptions {
  /** overrides of the rule set's switches */
  readonly switches?: Readonly<Record<string, boolean>>;
}

const day = (iso: string): DayNumber => {
  const d = parseIsoDate(iso);
  if (d === null) throw new RangeError(`invalid date in rule set: ${iso}`);
  return d;
};

class Interner {
  readonly map = new Map<string, number>();
  of(id: string): number {
    let i = this.map.get(id);
    if (i === undefined) this.map.set(id, (i = this.map.size));
    return i;
  }
}

const INTERVAL_KIND: Record<IntervalKind, IntervalCode> = { days: I_DAYS, months: I_MONTHS, 'months-half': I_MONTHS_HALF };

/** Validates (zod, once) and compiles a rule set. */
export function compileRuleSet(rules: RuleSet, options: CompileOptions = {}): CompiledRuleSet {
  RuleSetSchema.parse(rules);
  const switches = { ...rules.switches, ...options.switches };
  const vaccines = new Interner();
  const products = new Interner();
  const conditions = new Interner();
  for (const v of rules.vaccines) vaccines.of(v.id);
  for (const id of rules.liveVaccineInterval.otherLiveInjectable) vaccines.of(id);
  for (const v of rules.vaccines) {
    for (const id of v.countsDosesOf ?? []) vaccines.of(id);
    for (const e of v.excludedAfter ?? []) vaccines.of(e.vaccine);
  }
  conditions.of('pregnancy');
  conditions.of('long-term-illness');

  const bit = (name: string): number => {
    const i = conditions.of(name);
    if (i > 30) throw new RangeError('a rule set may name at most 31 conditions');
    return 1 << i;
  };
  const productSet = (ids: readonly string[] | undefined) => (ids ? Int32Array.from(ids, (id) => products.of(id)) : null);
  const bound = (b: Bound): CBound => {
    const plus = b.plusDays ?? 0;
    const cond = -1;
    switch (b.kind) {
      case 'date': return { kind: B_DATE, n: day(b.date), plus, cond };
      case 'birth-days': return { kind: B_BIRTH, n: b.n, plus, cond };
      case 'months': return { kind: B_MONTHS, n: b.n, plus, cond };
      case 'age': return { kind: B_AGE, n: b.n, plus, cond };
      case 'fiscal-year-start-of-age': return { kind: B_FY_START, n: b.n, plus, cond };
      case 'fiscal-year-end-of-age': return { kind: B_FY_END, n: b.n, plus, cond };
      case 'school-entry': return { kind: B_SCHOOL, n: b.years, plus, cond };
      case 'pregnancy-days': return { kind: B_PREGNANCY, n: b.n, plus, cond };
      case 'months-after-condition': return { kind: B_AFTER_CONDITION, n: b.n, plus, cond: Math.log2(bit(b.condition)) };
    }
  };
  const interval = (a: Interval): CInterval => ({
    dose: a.dose,
    kind: INTERVAL_KIND[a.kind],
    n: a.n,
    shortBit: a.shortened ? bit(a.shortened.condition) : 0,
    shortN: a.shortened?.n ?? a.n,
  });
  const window = (w: WindowRule): CWindow => ({
    id: w.id,
    doseMask: w.doses ? w.doses.reduce((m, d) => m | (1 << (d - 1)), 0) : -1,
    effFrom: day(w.effective.from),
    effTo: w.effective.to ? day(w.effective.to) : FAR_FUTURE,
    birthFrom: w.birth?.from ? day(w.birth.from) : FAR_PAST,
    birthTo: w.birth?.to ? day(w.birth.to) : FAR_FUTURE,
    products: productSet(w.products),
    requireMask: (w.requires ?? []).reduce((m, name) => m | bit(name), 0),
    datedBit: w.conditionDatedBy ? Math.log2(bit(w.conditionDatedBy.condition)) : -1,
    datedBy: w.conditionDatedBy ? day(w.conditionDatedBy.onOrBefore) : FAR_FUTURE,
    priorFrom: w.priorDoseBetween ? day(w.priorDoseBetween.from) : NaN,
    priorTo: w.priorDoseBetween ? day(w.priorDoseBetween.to) : NaN,
    from: w.from.map(bound),
    to: w.to.map(bound),
  });

  const compiled: CVaccine[] = [];
  const pending: { v: VaccineRule; fill: (n: number) => void }[] = [];
  for (const v of rules.vaccines) {
    const windows = v.windows
      .filter((w) => !w.switch || (switches[w.switch.name] ?? false) === w.switch.is)
      .map(window);
    const variants: CVariant[] = v.series.map((s) => ({
      id: s.id,
      products: productSet(s.when?.products),
      firstFrom: (s.when?.firstDoseFrom ?? []).map(bound),
      firstTo: (s.when?.firstDoseTo ?? []).map(bound),
      gap: s.when?.gapAtLeast
        ? { a: s.when.gapAtLeast.dose, b: s.when.gapAtLeast.laterDose, kind: INTERVAL_KIND[s.when.gapAtLeast.kind], n: s.when.gapAtLeast.n }
        : null,
      doses: s.doses.map((d) => ({
        from: (d.from ?? []).map(bound),
        to: (d.to ?? []).map(bound),
        after: (d.after ?? []).map(interval),
        independent: d.independent ?? false,
      })),
    }));
    let fallbackVariant = 0;
    variants.forEach((s, i) => { if (s.doses.length > variants[fallbackVariant]!.doses.length) fallbackVariant = i; });
    for (const p of v.products ?? []) products.of(p.id);
    for (const pp of v.productPeriods ?? []) for (const id of [...pp.products, ...(pp.continuing ?? [])]) products.of(id);
    const season = v.repeat?.kind === 'season' ? ([...v.repeat.from.split('-'), ...v.repeat.to.split('-')].map(Number) as [number, number, number, number]) : ([0, 0, 0, 0] as const);
    const sex: SexCode = v.sex === 'female' ? SEX_FEMALE : v.sex === 'male' ? SEX_MALE : SEX_ANY;
    const repeat: RepeatKind = v.repeat?.kind === 'season' ? REPEAT_SEASON : v.repeat?.kind === 'pregnancy' ? REPEAT_PREGNANCY : REPEAT_NONE;
    const entry = {
      id: v.id,
      index: vaccines.of(v.id),
      sex,
      productRequired: v.productRequired ?? false,
      sameProduct: v.sameProductThroughout ?? false,
      group: new Uint8Array(0),
      excluded: (v.excludedAfter ?? []).map((e) => ({ vaccine: vaccines.of(e.vaccine), product: e.product ? products.of(e.product) : -1 })),
      repeat,
      season,
      windows,
      variants,
      fallbackVariant,
      hasGapVariant: variants.some((s) => s.gap !== null),
      maxDose: Math.max(...variants.map((s) => s.doses.length)),
      catalog: productSet(v.products?.map((p) => p.id)),
      admitNew: null as (Float64Array | undefined)[] | null,
      admitContinuing: null as (Float64Array | undefined)[] | null,
    };
    compiled.push(entry);
    pending.push({
      v,
      fill: (nVaccines) => {
        entry.group = new Uint8Array(nVaccines);
        for (const id of [v.id, ...(v.countsDosesOf ?? [])]) entry.group[vaccines.of(id)] = 1;
        if (v.productPeriods) {
          entry.admitNew = admissions(v, products, false);
          entry.admitContinuing = admissions(v, products, true);
        }
      },
    });
  }
  for (const p of pending) p.fill(vaccines.map.size);

  const vaccineLive = new Uint8Array(vaccines.map.size);
  for (const v of rules.vaccines) vaccineLive[vaccines.of(v.id)] = v.live === 'injectable' ? LIVE_INJECTABLE : v.live === 'oral' ? LIVE_ORAL : LIVE_NONE;
  for (const id of rules.liveVaccineInterval.otherLiveInjectable) vaccineLive[vaccines.of(id)] = LIVE_INJECTABLE;
  const productLive = new Uint8Array(products.map.size);
  for (const v of rules.vaccines)
    for (const p of v.products ?? []) if (p.live) productLive[products.of(p.id)] = p.live === 'injectable' ? LIVE_INJECTABLE : LIVE_ORAL;

  const live = rules.liveVaccineInterval;
  return {
    rules,
    vaccines: compiled,
    vaccineIndex: vaccines.map,
    productIndex: products.map,
    conditionIndex: conditions.map,
    vaccineLive,
    productLive,
    liveFrom: day(live.effective.from),
    liveTo: live.effective.to ? day(live.effective.to) : FAR_FUTURE,
    liveDays: live.days,
    lastOrdinal: compiled.reduce((m, v) => Math.max(m, v.maxDose, ...v.variants.map((s) => (s.gap ? Math.max(s.gap.a, s.gap.b) : 0))), 1),
  };
}

/** Merged day intervals in which each product may be used (for a new series, or continuing one begun with it). */
function admissions(v: VaccineRule, products: Interner, continuing: boolean): (Float64Array | undefined)[] {
  const byProduct = new Map<number, [number, number][]>();
  for (const pp of v.productPeriods ?? []) {
    const ids = continuing ? [...pp.products, ...(pp.continuing ?? [])] : pp.products;
    for (const id of ids) {
      const list = byProduct.get(products.of(id)) ?? [];
      list.push([day(pp.effective.from), pp.effective.to ? day(pp.effective.to) : FAR_FUTURE]);
      byProduct.set(products.of(id), list);
    }
  }
  const out: (Float64Array | undefined)[] = [];
  for (const [p, list] of byProduct) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: number[] = [];
    for (const [f, t] of list) {
      const last = merged.length - 1;
      if (last > 0 && f <= merged[last]! + 1) merged[last] = Math.max(merged[last]!, t);
      else merged.push(f, t);
    }
    out[p] = Float64Array.from(merged);
  }
  return out;
}
