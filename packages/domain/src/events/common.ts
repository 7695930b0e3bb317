import { z } from 'zod';
import { isIsoDate } from '../time/day-number.ts';
import { RESIDENT_ID_PATTERN } from '../identifiers/ids.ts';

export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'not a valid date (YYYY-MM-DD)' });
export const ResidentIdSchema = z.string().regex(RESIDENT_ID_PATTERN, 'not a valid 整理番号 (letters, digits, "-" or "_", at most 32)');
export const SexSchema = z.enum(['female', 'male']);
export type Sex = z.infer<typeof SexSchema>;
