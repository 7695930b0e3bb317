import { z } from 'zod';
import { isIsoDate } from '../time/day-number.ts';
import { RESIDENT_ID_PATTERN } from '../identifiers/ids.ts';
import { isValidLocalGovernmentCode } from '../tenant/local-government-code.ts';

export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'not a valid date (YYYY-MM-DD)' });
export const ResidentIdSchema = z.string().regex(RESIDENT_ID_PATTERN, 'not a valid 整理番号 (letters, digits, "-" or "_", at most 32)');
/** 全国地方公共団体コード of another municipality (6 digits, the last a check digit): where a mover came from, whom an inquiry asks. */
export const MunicipalityCodeSchema = z.string().refine(isValidLocalGovernmentCode, { message: 'not a 全国地方公共団体コード (6 digits with a valid check digit)' });
export const SexSchema = z.enum(['female', 'male']);
export type Sex = z.infer<typeof SexSchema>;

/**
 * Resident ids per event, at most, in a unit that lists persons (a notice run, a 副本 export): about 200 KB of ids, so
 * that one event stays well under EventStoreDB's append limit (1 MiB) whatever the run's size. A longer list is split
 * across events of the same unit, each carrying the unit's header again and its `part`.
 */
export const IDS_PER_PART = 10_000;

/** Which part of a split unit an event is (absent: the unit is one event). Readers put the parts' lists together. */
export const PartSchema = z.object({
  index: z.number().int().nonnegative(),
  of: z.number().int().min(2),
}).refine((p) => p.index < p.of, 'part index beyond the count');

/** A list cut into slices of at most `size` (one empty slice for an empty list: a unit always has an event). */
export function slicesOf<T>(list: readonly T[], size: number = IDS_PER_PART): T[][] {
  if (list.length === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
