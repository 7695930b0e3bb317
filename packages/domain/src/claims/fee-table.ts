/**
 * 委託料単価表: what the city pays a clinic for a routine dose or an examination that ended without one (予診のみ), and
 * what the person pays at the clinic (自己負担) unless exempt. Data, not code: a JSON file validated here when it is
 * loaded (`vaxledger fees load`), each price with the dates it is in force, so a new fiscal year's prices are a new
 * entry and a past month's claim is still priced as it was (docs/claims.md).
 */
import { z } from 'zod';
import { IsoDateSchema } from '../events/common.ts';
import { VaccineSchema, type Vaccine } from '../events/vaccination-events.ts';

/** 実施形態: 個別接種 at a clinic, 集団接種 at a venue the city runs. */
export const SETTINGS = ['individual', 'group'] as const;
export const SettingSchema = z.enum(SETTINGS);
export type Setting = z.infer<typeof SettingSchema>;

const Yen = z.number().int().min(0).max(1_000_000);
const inForce = { from: IsoDateSchema, to: IsoDateSchema.optional() };

/** One price: a vaccine (its doses, or every dose), a setting, the dates it is in force. */
export const FeeEntrySchema = z.object({
  vaccine: VaccineSchema,
  /** 期回数: the doses it prices; absent, every dose. */
  doses: z.array(z.number().int().min(1).max(30)).min(1).optional(),
  setting: SettingSchema.default('individual'),
  amount: Yen,
  ...inForce,
}).strict();

/** 予診のみ: an examination after which the doctor did not vaccinate. */
export const ExaminationFeeSchema = z.object({ setting: SettingSchema.default('individual'), amount: Yen, ...inForce }).strict();

/** 自己負担: the part of the fee the person pays at the clinic (the city pays the clinic the rest). */
export const CoPaymentSchema = z.object({ vaccine: VaccineSchema, amount: Yen, ...inForce }).strict();

export const FeeTableSchema = z.object({
  /** What the table is (e.g. 仙台市 令和8年度 予防接種委託料). */
  name: z.string().trim().min(1).max(100),
  /** 請求期限: a dose claimed more than this many months after the month it was given is not paid. */
  claimLimitMonths: z.number().int().min(1).max(120),
  fees: z.array(FeeEntrySchema).max(2000),
  examinationOnly: z.array(ExaminationFeeSchema).max(200).default([]),
  coPayments: z.array(CoPaymentSchema).max(2000).default([]),
  /** 免除区分 whose holders pay no co-payment (生活保護受給者, 市民税非課税世帯 …), as the exemption port names them. */
  exemptFromCoPayment: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
}).strict();
export type FeeTable = z.infer<typeof FeeTableSchema>;

const inForceOn = (e: { from: string; to?: string | undefined }, date: string) => e.from <= date && (e.to === undefined || date <= e.to);

/** The fee in force on `date` for the vaccine's dose in the setting; a dose-specific entry wins over an every-dose one. */
export function feeFor(table: FeeTable, vaccine: Vaccine, dose: number, setting: Setting, date: string): number | undefined {
  const candidates = table.fees.filter((f) => f.vaccine === vaccine && f.setting === setting && inForceOn(f, date) && (f.doses === undefined || f.doses.includes(dose)));
  const specific = candidates.find((f) => f.doses !== undefined);
  return (specific ?? candidates[0])?.amount;
}

export function examinationFeeFor(table: FeeTable, setting: Setting, date: string): number | undefined {
  return table.examinationOnly.find((f) => f.setting === setting && inForceOn(f, date))?.amount;
}

/**
 * The exemption the city records itself (`condition record --kind fee-exemption`): a decision that the person pays no
 * co-payment, whatever the table lists.
 */
export const RECORDED_FEE_EXEMPTION = 'fee-exemption';

/** The co-payment the person owes for the vaccine on `date`: none when their exemption is one the table lists (or the city's own). */
export function coPaymentFor(table: FeeTable, vaccine: Vaccine, date: string, exemption: string | undefined): number {
  if (exemption === RECORDED_FEE_EXEMPTION || (exemption !== undefined && table.exemptFromCoPayment.includes(exemption))) return 0;
  return table.coPayments.find((c) => c.vaccine === vaccine && inForceOn(c, date))?.amount ?? 0;
}
