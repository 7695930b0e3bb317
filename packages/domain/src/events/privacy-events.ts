import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';

/**
 * A person's personal items are erased: their key is destroyed, so everything sealed with it (events, projection
 * documents, copies of the database) reads as erased. The event itself carries no personal data; the slips held for
 * the person are named so that their queue entries go too.
 */
export const SubjectErasedSchema = z.object({
  residentId: ResidentIdSchema,
  reason: freeText(300, 1),
  /** Erased before the retention period ended (allowed only with a reason, by an administrator). */
  withinRetention: z.boolean(),
  slipIds: z.array(z.uuid()),
});

/**
 * What the statistics keep of an erased person: one anonymous cell per dose (no id, no date, no birth date), so that
 * statistics produced before and after an erasure agree.
 */
export const StatisticsRetainedSchema = z.object({
  cells: z.array(z.object({
    vaccine: z.string().max(30),
    dose: z.number().int().min(1).max(30),
    fiscalYear: z.number().int().min(1900).max(2200),
    ward: z.string().max(10),
    ageGroup: z.string().max(10),
  })),
});

export const RetentionSchema = z.object({ erasableAfterDate: IsoDateSchema });
