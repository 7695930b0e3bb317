/**
 * A person prepared once for many checks (eligibility projection runs every vaccine and dose for each
 * resident): civil birth date, condition bits and a date-sorted history in typed arrays.
 */
import { civilOf, type DayNumber } from '../time/day-number.ts';
import { SEX_ANY, SEX_FEMALE, SEX_MALE, type CompiledRuleSet, type SexCode } from './compile.ts';
import { parseConditions } from './conditions.ts';

export type { Sex } from '../events/common.ts';
import type { Sex } from '../events/common.ts';

export interface HistoryDoseDays {
  readonly vaccine: string;
  readonly dose: number;
  readonly date: DayNumber;
  readonly product?: string | undefined;
}

export interface PersonDaysInput {
  readonly birth: DayNumber;
  readonly sex?: Sex | undefined;
  readonly conditions?: readonly string[] | undefined;
  readonly history?: readonly HistoryDoseDays[] | undefined;
}

export interface PersonDays {
  readonly birth: DayNumber;
  readonly by: number;
  readonly bm: number;
  readonly bd: number;
  readonly sex: SexCode; // SEX_ANY when not recorded
  readonly conditionMask: number;
  readonly conditionDates: Float64Array; // by condition index; NaN when undated
  readonly pregnancyStart: DayNumber; // NaN when none
  readonly hadDisease: Uint8Array; // by vaccine index
  readonly invalid: boolean; // a condition did not parse
  readonly n: number; // history length
  readonly hVaccine: Int32Array; // -1 for a vaccine id the rule set does not know
  readonly hDose: Int32Array;
  readonly hDate: Float64Array; // ascending
  readonly hProduct: Int32Array; // -1 unknown
}

// Shared by every person without conditions or history: most of a city. Never written to after creation.
const NO_CONDITION_DATES = new Float64Array(32).fill(NaN);
const NO_INTS = new Int32Array(0);
const NO_DAYS = new Float64Array(0);
const noDiseases = new WeakMap<CompiledRuleSet, Uint8Array>();

/** `asOf` anchors 'pregnancy-weeks:…' conditions (gestational age on that day). */
export function compilePerson(c: CompiledRuleSet, input: PersonDaysInput, asOf: DayNumber = input.birth): PersonDays {
  const hasConditions = (input.conditions?.length ?? 0) > 0;
  const parsed = parseConditions(input.conditions, asOf);
  let conditionMask = 0;
  const conditionDates = hasConditions ? new Float64Array(32).fill(NaN) : NO_CONDITION_DATES;
  for (const name of parsed.names) {
    const i = c.conditionIndex.get(name);
    if (i === undefined) continue; // named by no rule: irrelevant to this rule set
    conditionMask |= 1 << i;
    const d = parsed.dates.get(name);
    if (d !== undefined) conditionDates[i] = d;
  }
  let hadDisease = noDiseases.get(c);
  if (!hadDisease) noDiseases.set(c, (hadDisease = new Uint8Array(c.vaccineLive.length)));
  if (parsed.hadDisease.size > 0) hadDisease = new Uint8Array(c.vaccineLive.length);
  for (const id of parsed.hadDisease) {
    const i = c.vaccineIndex.get(id);
    if (i !== undefined) hadDisease[i] = 1;
  }
  const history = [...(input.history ?? [])].sort((a, b) => a.date - b.date);
  const n = history.length;
  const hVaccine = n ? new Int32Array(n) : NO_INTS, hDose = n ? new Int32Array(n) : NO_INTS;
  const hProduct = n ? new Int32Array(n) : NO_INTS, hDate = n ? new Float64Array(n) : NO_DAYS;
  history.forEach((h, i) => {
    hVaccine[i] = c.vaccineIndex.get(h.vaccine) ?? -1;
    hDose[i] = h.dose;
    hDate[i] = h.date;
    hProduct[i] = h.product === undefined ? -1 : (c.productIndex.get(h.product) ?? -1);
  });
  const b = civilOf(input.birth);
  return {
    birth: input.birth,
    by: b.year,
    bm: b.month,
    bd: b.day,
    sex: input.sex === 'female' ? SEX_FEMALE : input.sex === 'male' ? SEX_MALE : SEX_ANY,
    conditionMask,
    conditionDates,
    pregnancyStart: parsed.pregnancyStart ?? NaN,
    hadDisease,
    invalid: parsed.invalid.length > 0,
    n,
    hVaccine,
    hDose,
    hDate,
    hProduct,
  };
}
