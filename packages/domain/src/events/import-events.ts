import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema, SexSchema } from './common.ts';
import { CategorySchema, VaccineSchema } from './vaccination-events.ts';
import { INTEGRATED_ADDRESSEE_NO_PATTERN } from '../identifiers/ids.ts';
import { FormNumberSchema } from './form-events.ts';

/**
 * The record of one imported file: which file (its SHA-256), what it held and what it led to. It is appended in
 * the same atomic unit as the file's events, so a batch is on the record whole or not at all.
 */
export const ImportBatchRecordedSchema = z.object({
  batchId: z.uuid(),
  kind: z.enum(['registry', 'slips', 'vrs', 'inquiry-answer', 'print-return', 'antibody']),
  /** The file's name without its directory, and its SHA-256: what was imported, not where it lay. */
  fileName: freeText(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  encoding: z.string().max(20),
  rows: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** 別添2 items present in the file but outside the affair's allow-list: dropped at the boundary, named here. */
  droppedItems: z.array(freeText(40)).max(200),
});

/** A clinic slip (個人票) as read from the file: what the suspense queue must show to resolve it. */
export const SlipSchema = z.object({
  residentId: z.string().max(40),
  kanaName: freeText(100),
  birthDate: IsoDateSchema,
  sex: SexSchema,
  vaccine: VaccineSchema,
  dose: z.number().int().min(1).max(30),
  date: IsoDateSchema,
  product: freeText(40).optional(),
  category: CategorySchema.optional(),
  clinicNo: freeText(20).optional(),
  lot: freeText(40).optional(),
  amount: freeText(20).optional(),
  maker: freeText(40).optional(),
  examiningDoctor: freeText(20).optional(),
  vaccinatingDoctor: freeText(20).optional(),
  remarks: freeText(500).optional(),
  coPaymentClass: freeText(10).optional(),
  exemptionClass: freeText(40).optional(),
  /** 予診理由区分: set when the slip is of an examination without vaccination (予診のみ). */
  examinationReason: freeText(10).optional(),
  /** 予診票番号 written on the slip, as printed (its check character verified when the file was read). */
  formNumber: FormNumberSchema.optional(),
});
export type Slip = z.infer<typeof SlipSchema>;

export const HOLD_REASONS = [
  'no-such-resident', 'basic-four-mismatch', 'not-resident-on-date', 'duplicate', 'future-date', 'no-inquiry',
  // The slip's 予診票番号: no form has it; its form was reissued or voided; it was issued to another person or dose.
  'form-unknown', 'form-invalidated', 'form-mismatch',
] as const;

/** Items a held slip can disagree on: the 4 information, or (a form-mismatch) what its form was issued for. */
export const MISMATCHED_ITEMS = ['kanaName', 'birthDate', 'sex', 'residentId', 'vaccine', 'dose'] as const;
export type MismatchedItem = (typeof MISMATCHED_ITEMS)[number];
export const HoldReasonSchema = z.enum(HOLD_REASONS);
export type HoldReason = z.infer<typeof HoldReasonSchema>;

/**
 * One record of another municipality's answer to an inquiry (情報照会の回答), as read: the 副本's items, keyed by the
 * 統合宛名番号 the inquiry was sent under. It names no one on its own.
 */
export const AnsweredRecordSchema = z.object({
  integratedAddresseeNo: z.string().regex(INTEGRATED_ADDRESSEE_NO_PATTERN),
  vaccine: VaccineSchema,
  dose: z.number().int().min(1).max(20),
  date: IsoDateSchema,
  category: CategorySchema.optional(),
});
export type AnsweredRecord = z.infer<typeof AnsweredRecordSchema>;

/**
 * 疑義: a slip that could not be matched with certainty. It waits in the suspense queue; nothing is guessed. A held
 * record of an inquiry's answer has `answer` (and source `other-municipality`) instead of `slip`.
 */
export const SlipHeldSchema = z.object({
  slipId: z.uuid(),
  batchId: z.uuid(),
  line: z.number().int().positive(),
  reason: HoldReasonSchema,
  /** For a 4-information mismatch: which items differ (names, never values). */
  mismatchedItems: z.array(z.enum(MISMATCHED_ITEMS)).optional(),
  slip: SlipSchema.optional(),
  answer: AnsweredRecordSchema.optional(),
  /** The inquiry the held answer record came for, when one was found. */
  inquiryId: z.uuid().optional(),
  /**
   * The 整理番号 (or 接種券番号) the slip names, in clear like every id, so that the operation log names it after the
   * slip's own key is destroyed. Not `residentId`: the slip may name no one, and projections keyed by a resident must
   * not take it for one. Absent in slips held before held slips had keys of their own.
   */
  namedResidentId: z.string().max(40).optional(),
  /**
   * Where the row came from when not a clinic slip: a VRS download ('vrs'), another municipality's answer
   * ('other-municipality'). Recorded with it once resolved.
   */
  source: z.enum(['vrs', 'other-municipality']).optional(),
}).refine((d) => (d.slip === undefined) !== (d.answer === undefined), { message: 'a held slip carries a slip or an answer record, one of them' });

/** The investigation's outcome: matched to a resident (then recorded) or rejected with a reason. */
export const SlipResolvedSchema = z.object({
  slipId: z.uuid(),
  resolution: z.enum(['matched', 'rejected']),
  residentId: ResidentIdSchema.optional(),
  recordId: z.uuid().optional(),
  reason: freeText(500, 1),
});
