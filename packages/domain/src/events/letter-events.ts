import { z } from 'zod';
import { freeText, noMyNumber } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';
import { VaccineSchema } from './vaccination-events.ts';

/**
 * 依頼書 (予防接種実施依頼書): the city asks a clinic outside it to vaccinate a resident who stays there for a while (里帰り
 * 出産, a long stay for treatment), and reimburses what the resident paid (償還払い). One stream per letter: lodged,
 * issued (and reissued), the outside dose recorded, the reimbursement paid. The assessment's items (別添2 #45–59).
 */

/** 返送区分: how the copy of the pre-examination form (予診票写し) comes back — from the clinic by mail, or with the resident. */
export const RETURN_BY = ['clinic', 'resident'] as const;
export const ReturnBySchema = z.enum(RETURN_BY);
export type ReturnBy = z.infer<typeof ReturnBySchema>;

/** Yen of one reimbursement, at most: a typing error (an extra digit) is refused rather than paid. */
export const MAX_REIMBURSEMENT_YEN = 1_000_000;

export const RequestLetterLodgedSchema = z.object({
  letterId: z.uuid(),
  residentId: ResidentIdSchema,
  vaccine: VaccineSchema, // 接種名称区分
  dose: z.number().int().min(1).max(20), // 期回数区分
  stayPostalCode: z.string().regex(/^\d{3}-?\d{4}$/, 'not a 郵便番号 (123-4567)').optional(), // 滞在先郵便番号
  stayAddress: freeText(200, 1), // 滞在先住所 (with its 方書)
  // A telephone number is digits too: one that reads as a 個人番号 is refused like any text.
  stayPhone: noMyNumber(z.string().regex(/^[0-9+()-]{6,20}$/, 'not a telephone number (digits, "-", "+", "(", ")")')).optional(), // 滞在先電話番号
  reason: freeText(200, 1), // 依頼書発行理由
  clinicName: freeText(100, 1), // 送付先名: the outside clinic the letter is addressed to
  returnTo: freeText(200, 1).optional(), // 予診票写しの宛先 (absent: the city's section that issued the letter)
  returnBy: ReturnBySchema, // 返送区分
  lodgedOn: IsoDateSchema,
});

export const RequestLetterIssuedSchema = z.object({
  letterId: z.uuid(),
  residentId: ResidentIdSchema,
  documentNumber: freeText(40, 1), // 文書番号
  approvalNumber: freeText(40, 1), // 起案番号
  issuedOn: IsoDateSchema, // 発行日
  contact: freeText(100).optional(), // 連絡先 (the city's section: name, telephone, extension)
  /** Why the letter was issued again (lost, changed stay); absent on its first issue. */
  reissueReason: freeText(200, 1).optional(),
});

/** The outside clinic's dose, put on the person's ledger (source `outside`) as `recordId`, in the same unit. */
export const OutsideVaccinationRecordedSchema = z.object({
  letterId: z.uuid(),
  residentId: ResidentIdSchema,
  recordId: z.uuid(),
  vaccinatedOn: IsoDateSchema,
});

/** 償還払い: what the resident paid the outside clinic, paid back by the city. */
export const ReimbursementPaidSchema = z.object({
  letterId: z.uuid(),
  residentId: ResidentIdSchema,
  amount: z.number().int().positive().max(MAX_REIMBURSEMENT_YEN),
  paidOn: IsoDateSchema,
});
