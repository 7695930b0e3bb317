/**
 * The routine schedule as JSON-serialisable data, validated by zod at load time only (never on the hot path).
 * A host can load a changed rule set (a new 政令, a municipality's decision on an UNCONFIRMED point) without
 * code changes; the code only knows the *kinds* of legal wording, listed in BoundSchema and IntervalSchema.
 */
import { z } from 'zod';
import { IsoDateSchema } from '../events/common.ts';

const Int = z.number().int();
const Ordinal = z.number().int().min(1).max(30); // dose ordinals are kept in a 32-bit mask
const MonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

const plus = { plusDays: Int.optional() }; // e.g. 「…に至った日の翌日」 = plusDays 1, 「…の前日」 = -1

/** One end of a window, in the wording of the law. A window's start is the latest of its `from` bounds. */
export const BoundSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: IsoDateSchema, ...plus }), // a fixed calendar date
  z.object({ kind: z.literal('birth-days'), n: Int, ...plus }), // 出生N日後 (birth = 0日)
  z.object({ kind: z.literal('months'), n: Int, ...plus }), // 生後N月に至った日
  z.object({ kind: z.literal('age'), n: Int, ...plus }), // X歳に達する日 (day before the X-th birthday)
  z.object({ kind: z.literal('fiscal-year-start-of-age'), n: Int, ...plus }), // 1st day of X歳となる日の属する年度
  z.object({ kind: z.literal('fiscal-year-end-of-age'), n: Int, ...plus }), // last day of that 年度
  z.object({ kind: z.literal('school-entry'), years: Int, ...plus }), // 小学校就学の始期 + years (April 1)
  z.object({ kind: z.literal('pregnancy-days'), n: Int, ...plus }), // 妊娠N日 (0週0日 = 0)
  // 「(the condition's date) から起算してN月を経過する日」: the day before the same day N months after the date the
  // condition carries (長期療養特例: the day the illness ended + 2年). An undated condition (still lasting) sets no bound.
  z.object({ kind: z.literal('months-after-condition'), condition: z.string(), n: Int, ...plus }),
]);
export type Bound = z.infer<typeof BoundSchema>;

export const IntervalKindSchema = z.enum([
  'days', // N日以上の間隔 → previous + N + 1
  'months', // N月の間隔 → same day N months later, else the 1st of the next month
  'months-half', // N月半の間隔
]);
export type IntervalKind = z.infer<typeof IntervalKindSchema>;

/** A minimum interval from an earlier dose of the same series. */
export const IntervalSchema = z.object({
  dose: Ordinal,
  kind: IntervalKindSchema,
  n: Int.min(0),
  /** a shorter interval allowed when the person has `condition` (Hib: 20日 if the doctor judges it necessary) */
  shortened: z.object({ condition: z.string(), n: Int.min(0) }).optional(),
});
export type Interval = z.infer<typeof IntervalSchema>;

export const DoseRuleSchema = z.object({
  dose: Ordinal,
  label: z.string(), // 初回1, 追加, 1期, 2期 …
  from: z.array(BoundSchema).optional(), // extra age bounds of this dose (PCV 追加: 生後12月以降)
  to: z.array(BoundSchema).optional(), // (PCV 初回: 生後24月まで)
  after: z.array(IntervalSchema).optional(),
  /** true when the dose is a target whatever the earlier doses (MR 2期, JE 2期) */
  independent: z.boolean().optional(),
});
export type DoseRule = z.infer<typeof DoseRuleSchema>;

/** The series that applies depends on the product or on the age at the first dose; the first matching variant wins. */
export const SeriesVariantSchema = z.object({
  id: z.string(),
  source: z.string(),
  unconfirmed: z.string().optional(),
  when: z
    .object({
      products: z.array(z.string()).optional(),
      firstDoseFrom: z.array(BoundSchema).optional(),
      firstDoseTo: z.array(BoundSchema).optional(),
      /** the gap between two doses is at least this long (treated as met while the later dose is unknown) */
      gapAtLeast: z.object({ dose: Ordinal, laterDose: Ordinal, kind: IntervalKindSchema, n: Int.min(0) }).optional(),
    })
    .optional(),
  doses: z.array(DoseRuleSchema).min(1),
});
export type SeriesVariant = z.infer<typeof SeriesVariantSchema>;

export const EffectiveSchema = z.object({ from: IsoDateSchema, to: IsoDateSchema.nullable() });

/** One legal window: for whom, for which doses, in force when, and its source text. Windows of a vaccine are unioned. */
export const WindowRuleSchema = z.object({
  id: z.string(),
  source: z.string(),
  unconfirmed: z.string().optional(),
  effective: EffectiveSchema, // the window is clipped to this period
  doses: z.array(Ordinal).optional(), // absent: every dose
  birth: z.object({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() }).optional(), // birth cohort
  products: z.array(z.string()).optional(),
  requires: z.array(z.string()).optional(), // conditions, all required
  /** the condition must carry a date on or before this one (風しん第5期: antibody test by 2025-03-31) */
  conditionDatedBy: z.object({ condition: z.string(), onOrBefore: IsoDateSchema }).optional(),
  /** the person had a dose of this vaccine between these dates (HPV catch-up extension) */
  priorDoseBetween: z.object({ from: IsoDateSchema, to: IsoDateSchema }).optional(),
  /** active only when the rule set's switch has this value (UNCONFIRMED law made configurable) */
  switch: z.object({ name: z.string(), is: z.boolean() }).optional(),
  from: z.array(BoundSchema),
  to: z.array(BoundSchema),
});
export type WindowRule = z.infer<typeof WindowRuleSchema>;

/** Which products a routine dose may use, and when. `continuing` products only for a series begun with them. */
export const ProductPeriodSchema = z.object({
  effective: EffectiveSchema,
  products: z.array(z.string()),
  continuing: z.array(z.string()).optional(),
  source: z.string(),
  unconfirmed: z.string().optional(),
});
export type ProductPeriod = z.infer<typeof ProductPeriodSchema>;

export const VaccineRuleSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  category: z.enum(['A', 'B']),
  sex: z.enum(['female', 'male']).optional(),
  live: z.enum(['injectable', 'oral']).optional(),
  products: z.array(z.object({ id: z.string(), live: z.enum(['injectable', 'oral']).optional() })).optional(),
  productPeriods: z.array(ProductPeriodSchema).optional(), // absent: any product
  productRequired: z.boolean().optional(), // the series depends on the product
  sameProductThroughout: z.boolean().optional(),
  countsDosesOf: z.array(z.string()).optional(), // other vaccine ids whose doses share this series' ordinals
  excludedAfter: z.array(z.object({ vaccine: z.string(), product: z.string().optional() })).optional(),
  /** seasonal: one dose per season inside each 年度 (MM-DD … MM-DD); pregnancy: one dose per pregnancy */
  repeat: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('season'), from: MonthDay, to: MonthDay, source: z.string() }),
      z.object({ kind: z.literal('pregnancy') }),
    ])
    .optional(),
  windows: z.array(WindowRuleSchema).min(1),
  series: z.array(SeriesVariantSchema).min(1),
});
export type VaccineRule = z.infer<typeof VaccineRuleSchema>;

export const LiveVaccineIntervalSchema = z.object({
  effective: EffectiveSchema,
  days: Int.min(0),
  /** live injectable vaccines outside the routine schedule that still count (おたふくかぜ …) */
  otherLiveInjectable: z.array(z.string()),
  source: z.string(),
});

export const RuleSetSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    switches: z.record(z.string(), z.boolean()),
    liveVaccineInterval: LiveVaccineIntervalSchema,
    vaccines: z.array(VaccineRuleSchema).min(1),
  })
  .superRefine((set, ctx) => {
    const ids = new Set<string>();
    for (const v of set.vaccines) {
      if (ids.has(v.id)) ctx.addIssue({ code: 'custom', message: `duplicate vaccine id ${v.id}` });
      ids.add(v.id);
      for (const s of v.series) {
        s.doses.forEach((d, i) => {
          if (d.dose !== i + 1) ctx.addIssue({ code: 'custom', message: `${v.id}/${s.id}: doses must be 1..n in order` });
          for (const a of d.after ?? [])
            if (a.dose >= d.dose) ctx.addIssue({ code: 'custom', message: `${v.id}/${s.id}: interval from a later dose` });
        });
      }
      const seasonal = v.repeat !== undefined;
      if (seasonal && v.series.some((s) => s.doses.length !== 1))
        ctx.addIssue({ code: 'custom', message: `${v.id}: repeated vaccines have a one-dose series` });
    }
  });
export type RuleSet = z.infer<typeof RuleSetSchema>;
