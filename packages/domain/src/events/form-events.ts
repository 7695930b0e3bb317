import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';
import { VaccineSchema } from './vaccination-events.ts';
import { isFormNumber, MAX_FORM_SERIAL } from '../forms/form-number.ts';

/** 予診票番号 as printed: ten digits and a check character that verifies (docs/form-numbers.md). */
export const FormNumberSchema = z.string().refine(isFormNumber, { message: 'not a 予診票番号 whose check character verifies' });

/** Why a form is reissued (予診票再発行): lost, the person moved, the form was damaged, or another reason (noted). */
export const REISSUE_REASONS = ['lost', 'moved', 'damaged', 'other'] as const;
export const ReissueReasonSchema = z.enum(REISSUE_REASONS);
export type ReissueReason = z.infer<typeof ReissueReasonSchema>;

/** 印刷区分: printed with its run by the contractor (一括), or one by one at the office (個別: a reissue, a counter). */
export const PRINT_KINDS = ['batch', 'individual'] as const;
export const PrintKindSchema = z.enum(PRINT_KINDS);
export type PrintKind = z.infer<typeof PrintKindSchema>;

/**
 * 印刷連番: serials handed out in order, from one stream, so that no two forms (of two runs issued at once) ever share
 * a number. What took them is named: a notice run, or the reissue of a form.
 */
export const FormSerialsReservedSchema = z.object({
  from: z.number().int().min(1).max(MAX_FORM_SERIAL),
  count: z.number().int().min(1),
  runId: z.uuid().optional(),
  /** The form whose reissue took the serial. */
  reissueOf: FormNumberSchema.optional(),
});

/**
 * 予診票再発行: the form is invalid from now on, and a new one with a new number goes to the same person for the same
 * vaccine and dose. `reissueCount` is the new form's 予診票再発行枚数 (how many reissues led to it).
 */
export const FormReissuedSchema = z.object({
  formNumber: FormNumberSchema,
  newFormNumber: FormNumberSchema,
  residentId: ResidentIdSchema,
  runId: z.uuid(),
  vaccine: VaccineSchema,
  dose: z.number().int().min(1).max(30),
  reason: ReissueReasonSchema,
  note: freeText(200, 1).optional(),
  reissueCount: z.number().int().min(1),
  /** 予診票再発行日 (JST). */
  reissuedOn: IsoDateSchema,
});

/** A form withdrawn without a successor (issued in error, the person no longer a target). */
export const FormVoidedSchema = z.object({
  formNumber: FormNumberSchema,
  residentId: ResidentIdSchema,
  reason: freeText(200, 1),
  voidedOn: IsoDateSchema,
});

/** 印刷区分 / 印刷日: the form was printed. */
export const FormPrintedSchema = z.object({
  formNumber: FormNumberSchema,
  residentId: ResidentIdSchema,
  printKind: PrintKindSchema,
  printedOn: IsoDateSchema,
});

/** 発送日: the form was put in the mail. */
export const FormMailedSchema = z.object({
  formNumber: FormNumberSchema,
  residentId: ResidentIdSchema,
  mailedOn: IsoDateSchema,
});

/** 不達: the mail came back (宛所不明, 転居先不明, 受取拒否 …): the person is flagged for the next run. */
export const FormReturnedSchema = z.object({
  formNumber: FormNumberSchema,
  residentId: ResidentIdSchema,
  reason: freeText(200, 1),
  returnedOn: IsoDateSchema,
});
