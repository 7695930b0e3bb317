/**
 * Stable reason codes (警告内容) for a dose that is not routine. The order is the bit order of the compiled
 * evaluator's mask, so append only — never reorder or remove (recorded warnings refer to these strings).
 */
export const REASON_CODES = [
  'invalid-input', // a date that does not exist, a dose ordinal < 1, …
  'unknown-vaccine', // the vaccine id is not in the rule set
  'not-in-schedule-at-date', // no rule for this vaccine and dose is in force on the date
  'wrong-sex', // HPV for a male, 風しん第5期 for a female, …
  'sex-unknown', // the vaccine is for one sex and the person's sex is not recorded
  'excluded-by-prior-vaccination', // e.g. 高齢者肺炎球菌 after any PPSV23
  'excluded-by-prior-disease', // condition had-disease:<vaccine>
  'series-complete', // the series (or this season's / pregnancy's dose) is already complete
  'dose-already-given', // this ordinal was already given earlier
  'previous-dose-missing', // an earlier ordinal of the series is not in the history
  'not-in-target-group', // no legal window exists for this person (birth cohort, age rule)
  'condition-not-met', // a window exists only with a condition the person lacks (抗体不足, 妊娠, 障害 …)
  'product-unknown', // the series depends on the product and none was given
  'product-not-allowed', // the product is not a routine product for this dose on the date
  'product-mismatch', // a different product from the series' first dose where the same one is required
  'too-early', // before the window opens
  'too-late', // after the window closed (and no later window exists)
  'interval-too-short', // a minimum interval from an earlier dose of the same series is not met
  'live-vaccine-interval', // 27日以上 between different injectable live vaccines is not met
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

declare const reasonMaskBrand: unique symbol;

/**
 * A set of ReasonCodes as one bit each, in REASON_CODES order: a plain number at run time (the hot path allocates
 * nothing), a type of its own at compile time so that it is never mixed up with a count, an index or a day number.
 * Combine masks with the functions below; `|` on two masks gives a plain number, which is not a ReasonMask.
 */
export type ReasonMask = number & { readonly [reasonMaskBrand]: true };

/** The empty set: a routine dose. */
export const NO_REASONS = 0 as ReasonMask;

/** Bit of each code in the compiled evaluator's reason mask. */
export const REASON_BIT: { readonly [K in ReasonCode]: ReasonMask } = Object.fromEntries(
  REASON_CODES.map((code, i) => [code, 1 << i]),
) as { [K in ReasonCode]: ReasonMask };

/** The mask of the given codes (allocates: for constants, not per check). */
export function reasonMaskOf(...codes: readonly ReasonCode[]): ReasonMask {
  let mask = NO_REASONS;
  for (const code of codes) mask = withReasons(mask, REASON_BIT[code]);
  return mask;
}

/** Both sets together. */
export function withReasons(mask: ReasonMask, more: ReasonMask): ReasonMask {
  return (mask | more) as ReasonMask;
}

/** `mask` without the codes in `less`. */
export function withoutReasons(mask: ReasonMask, less: ReasonMask): ReasonMask {
  return (mask & ~less) as ReasonMask;
}

/** Whether `mask` holds any code of `some`. */
export function hasAnyReason(mask: ReasonMask, some: ReasonMask): boolean {
  return (mask & some) !== 0;
}

/** Codes of a reason mask, in REASON_CODES order. */
export function reasonCodesOf(mask: ReasonMask): ReasonCode[] {
  const codes: ReasonCode[] = [];
  for (let i = 0; i < REASON_CODES.length; i++) if (mask & (1 << i)) codes.push(REASON_CODES[i]!);
  return codes;
}
