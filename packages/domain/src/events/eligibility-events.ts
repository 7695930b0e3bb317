import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, PartSchema, ResidentIdSchema } from './common.ts';
import { VaccineSchema } from './vaccination-events.ts';
import { MAX_FORM_SERIAL } from '../forms/form-number.ts';

/**
 * A condition the schedule law depends on, recorded by the host (長期療養特例, 抗体検査の結果, 妊娠, 障害, 罹患):
 * the condition strings of the schedule module ('long-term-illness', 'antibody-insufficient:2024-06-01', …).
 */
export const ConditionRecordedSchema = z.object({
  residentId: ResidentIdSchema,
  condition: freeText(60, 1),
  /**
   * A special status with a period (長期療養者区分, 被災者区分, 免除区分: 別添2 #60–62): its first day, the day it ended
   * (absent while it lasts) and the document that shows it (診断書, 罹災証明書, 受給者証 …). Absent for plain conditions.
   */
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  document: freeText(200, 1).optional(),
});

/** The kinds of special status recorded with a period (see {@link ConditionRecordedSchema}). */
export const SPECIAL_STATUS_KINDS = ['long-term-illness', 'disaster', 'fee-exemption'] as const;
export const SpecialStatusKindSchema = z.enum(SPECIAL_STATUS_KINDS);
export type SpecialStatusKind = z.infer<typeof SpecialStatusKindSchema>;

/** A special status recorded with an open period ended on a day (`condition end`). */
export const ConditionEndedSchema = z.object({
  residentId: ResidentIdSchema,
  condition: SpecialStatusKindSchema,
  on: IsoDateSchema,
});

/**
 * 風しん抗体検査 (別添2 #64–68: 判定結果, 検査方法, 抗体価, 単位, 検査番号). Health data: sealed with the person's key. An
 * insufficient result makes a man of the 第5期 cohort a routine target (the schedule's 'antibody-insufficient').
 */
export const AntibodyTestRecordedSchema = z.object({
  residentId: ResidentIdSchema,
  testId: z.string().min(1).max(64),
  date: IsoDateSchema,
  method: freeText(60, 1),
  titer: freeText(20, 1),
  unit: freeText(20, 1),
  result: z.enum(['sufficient', 'insufficient']),
  testNumber: freeText(30, 1),
});

export const ConditionWithdrawnSchema = z.object({
  residentId: ResidentIdSchema,
  condition: freeText(60, 1),
  reason: freeText(200, 1),
});

export const NOTICE_KINDS = ['ticket', 'guidance', 'reminder'] as const;
export const NoticeKindSchema = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

export const EligibilityCriteriaSchema = z.object({
  vaccine: VaccineSchema,
  dose: z.number().int().min(1).max(30),
  date: IsoDateSchema,
  ward: z.string().max(10).optional(),
  birthFrom: IsoDateSchema.optional(),
  birthTo: IsoDateSchema.optional(),
  withinDays: z.number().int().min(0).max(366).optional(),
  /** Which statuses were asked for (a notice run records those it covered). */
  statuses: z.array(z.enum(['due', 'closing', 'upcoming', 'missed', 'complete'])).min(1).max(5).optional(),
});
export type EligibilityCriteria = z.infer<typeof EligibilityCriteriaSchema>;

/**
 * 接種券 / 案内通知 / 勧奨通知: an extraction that leads to mail is on the record, with its criteria and the residents
 * covered, so that who was sent what, and why, can be answered later.
 */
export const NoticesIssuedSchema = z.object({
  runId: z.uuid(),
  kind: NoticeKindSchema,
  criteria: EligibilityCriteriaSchema,
  residentIds: z.array(ResidentIdSchema),
  /** How many matched but were left out (送付除外, 住基閲覧注意). */
  withheld: z.number().int().nonnegative(),
  /** A large run is split across events (IDS_PER_PART ids each), the header repeated: readers join their residentIds. */
  part: PartSchema.optional(),
  /** Why the same criteria were issued again within the repeat period (`--again`). */
  again: freeText(200, 1).optional(),
  /**
   * 印刷連番 of this event's first form: residentIds[i] got the form of serial formSerialFrom + i (its 予診票番号 is
   * formNumberOf(that serial)). Absent in runs recorded before forms were numbered: those have no forms.
   */
  formSerialFrom: z.number().int().min(1).max(MAX_FORM_SERIAL).optional(),
});
