import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';

/** 開示請求・訂正請求・利用停止請求 (the assessment's section V): a person's requests about their own records. */
export const REQUEST_KINDS = ['disclosure', 'correction', 'suspension'] as const;
export const RequestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof RequestKindSchema>;

/** Days within which a request is decided, unless extended with a reason. */
export const REQUEST_DECISION_DAYS = 14;

export const RequestLodgedSchema = z.object({
  requestId: z.uuid(),
  kind: RequestKindSchema,
  residentId: ResidentIdSchema,
  receivedOn: IsoDateSchema,
  deadline: IsoDateSchema,
  /** What the person asks (may contain personal details: sealed with the person's key). */
  summary: freeText(2000).optional(),
});

export const RequestDeadlineExtendedSchema = z.object({
  requestId: z.uuid(),
  residentId: ResidentIdSchema,
  deadline: IsoDateSchema,
  reason: freeText(500, 1),
});

export const RequestDecidedSchema = z.object({
  requestId: z.uuid(),
  residentId: ResidentIdSchema,
  decision: z.enum(['granted', 'partially-granted', 'refused']),
  reason: freeText(1000, 1),
  decidedOn: IsoDateSchema,
});

/** 利用停止: uses without a legal duty are refused for this person from now on. */
export const UseSuspendedSchema = z.object({
  residentId: ResidentIdSchema,
  requestId: z.uuid(),
});
