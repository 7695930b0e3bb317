import { z } from 'zod';
import { freeText, noMyNumber } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';

/** 接種名称区分: the vaccine ids of the routine schedule (schedule-law.md). */
export const VACCINES = [
  'hib', 'pcv', 'hepb', 'rota', 'dpt-ipv-hib', 'dpt-ipv', 'bcg', 'mr', 'varicella', 'je', 'dt', 'hpv',
  'influenza', 'pneumococcal-elderly', 'covid19', 'zoster', 'rubella-5', 'rsv-maternal',
] as const;
export type Vaccine = (typeof VACCINES)[number];
export const VaccineSchema = z.enum(VACCINES);

/** 接種区分: routine (定期), voluntary (任意), temporary (臨時), special-measures (特措法). */
export const CATEGORIES = ['routine', 'voluntary', 'temporary', 'special-measures'] as const;
export const CategorySchema = z.enum(CATEGORIES);

/**
 * Where a record came from. `outside`: a dose given outside the city on the city's request letter (依頼書, e.g. 里帰り
 * 出産), registered from the outside clinic's report.
 */
export const SOURCES = ['clinic-slip', 'counter', 'other-municipality', 'vrs', 'manual', 'outside'] as const;
export const RecordSourceSchema = z.enum(SOURCES);

/** The items of a vaccination (別添2, 予防接種結果) that can be corrected. */
export const VaccinationFieldsSchema = z.object({
  vaccine: VaccineSchema, // 接種名称区分
  dose: z.number().int().min(1).max(20), // 期回数区分 (ordinal within the series)
  date: IsoDateSchema, // 接種日
  product: freeText(40).optional(), // ワクチン名区分 / product id
  clinicNo: freeText(20).optional(), // 接種医療機関番号
  lot: freeText(40).optional(), // Lot番号
  amount: freeText(20).optional(), // 接種量
  maker: freeText(40).optional(), // ワクチンメーカー区分
  category: CategorySchema, // 接種区分
  examiningDoctor: freeText(20).optional(), // 予診医番号
  vaccinatingDoctor: freeText(20).optional(), // 接種医番号
  remarks: freeText(500).optional(), // 備考
  coPaymentClass: freeText(10).optional(), // 負担金区分 (the clinic's code: what the person paid there)
  exemptionClass: freeText(40).optional(), // 免除区分 (the kind of co-payment exemption the clinic applied)
});
export type VaccinationFields = z.infer<typeof VaccinationFieldsSchema>;

export const VaccinationRecordedSchema = VaccinationFieldsSchema.extend({
  recordId: z.uuid(),
  residentId: ResidentIdSchema,
  source: RecordSourceSchema,
  /** The kind of identity document checked at the counter (番号法第16条). */
  identityDocument: freeText(40).optional(),
  warnings: z.array(z.string().max(60)).max(20), // 警告内容
  /** Why a dose already on the ledger was recorded again (sealed with the person's key, like every other item). */
  duplicateReason: noMyNumber(z.string().trim().min(1).max(200)).optional(),
  /** For a record another municipality gave (source `other-municipality`): the inquiry (情報照会) it answered. */
  inquiryId: z.uuid().optional(),
});

/** Schema v1 stored 接種区分 as the 別添2 code and had no 警告内容; read through the upcaster. */
export const VaccinationRecordedV1Schema = VaccinationFieldsSchema.omit({ category: true }).extend({
  recordId: z.uuid(),
  residentId: ResidentIdSchema,
  source: RecordSourceSchema,
  categoryCode: z.enum(['1', '2', '3', '4']),
});

export const VaccinationCorrectedSchema = z.object({
  recordId: z.uuid(),
  residentId: ResidentIdSchema,
  changes: VaccinationFieldsSchema.partial().refine((c) => Object.keys(c).length > 0, { message: 'nothing to correct' }),
  reason: freeText(500, 1),
  warnings: z.array(z.string().max(60)).max(20).optional(),
});

export const VaccinationVoidedSchema = z.object({
  recordId: z.uuid(),
  residentId: ResidentIdSchema,
  reason: freeText(500, 1),
});
