import { z } from 'zod';
import { freeText } from './free-text.ts';
import { IsoDateSchema, ResidentIdSchema } from './common.ts';
import { VaccineSchema } from './vaccination-events.ts';
import { FeeTableSchema } from '../claims/fee-table.ts';

/**
 * 委託医療機関 and 委託料請求: the clinics the city pays for routine doses (one stream each), the fee table in force (one
 * settings stream, the last one loaded holds), and each clinic's claim of a month (one stream per clinic and month:
 * approved once, paid once). docs/claims.md.
 */

/** 医療機関番号 as slips write it (保険医療機関コード 10 digits, or the city's own numbering). */
export const CLINIC_NO_PATTERN = /^[0-9A-Za-z_-]{1,20}$/;
export const ClinicNoSchema = z.string().regex(CLINIC_NO_PATTERN, 'not a clinic number (letters, digits, "-" or "_", at most 20)');
export const ClaimMonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'not a month (YYYY-MM)');

export const ClinicRegisteredSchema = z.object({
  clinicNo: ClinicNoSchema,
  /** 医療機関名 (an institution, not a person). */
  name: freeText(100, 1),
  /** 市内 / 市外 (広域化予防接種: a clinic outside the city under the prefecture's agreement). */
  location: z.enum(['inside-city', 'outside-city']),
  registeredOn: IsoDateSchema,
});

/** The fee table loaded (`vaxledger fees load`): the whole table and the SHA-256 of the file it came from. */
export const FeeTableSetSchema = z.object({
  table: FeeTableSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest'),
  fileName: freeText(200, 1),
});

/**
 * One paid line: the record's id and its amounts only. Who was vaccinated with what stays in the person's sealed
 * record (the id leads there); the claim keeps counts by vaccine and dose for the 実施報告書.
 */
export const ClaimLineSchema = z.object({
  recordId: z.uuid(),
  fee: z.number().int().nonnegative(),
  coPayment: z.number().int().nonnegative(),
  amount: z.number().int().nonnegative(),
});

/** 請求の承認: the month's claim of one clinic, with every line paid and the totals, fixed from here on. */
export const ClaimApprovedSchema = z.object({
  clinicNo: ClinicNoSchema,
  month: ClaimMonthSchema,
  approvedOn: IsoDateSchema,
  lines: z.array(ClaimLineSchema).max(20_000),
  /** Paid doses by vaccine and dose (実施報告書); examinations (予診のみ) are counted in the totals only. */
  counts: z.array(z.object({ vaccine: VaccineSchema, dose: z.number().int().min(1).max(30), doses: z.number().int().positive(), amount: z.number().int().nonnegative() })).max(600),
  /** The records listed as not paid (their ids only): they stay in this month's claim, never moved to a later one. */
  excludedRefs: z.array(z.uuid()).max(20_000),
  /** How many lines were not paid, by reason (the lines themselves are rebuilt from the ledger). */
  excluded: z.record(z.string().max(30), z.number().int().nonnegative()),
  totals: z.object({ doses: z.number().int().nonnegative(), examinations: z.number().int().nonnegative(), fee: z.number().int().nonnegative(), coPayment: z.number().int().nonnegative(), amount: z.number().int().nonnegative() }),
  /** The fee table the claim was priced with. */
  feeTableSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** 支払: the approved amount paid to the clinic on `paidOn`. */
export const ClaimPaidSchema = z.object({
  clinicNo: ClinicNoSchema,
  month: ClaimMonthSchema,
  paidOn: IsoDateSchema,
  amount: z.number().int().nonnegative(),
});

/** 実施報告書印刷日: the month's implementation report was printed (per clinic: counts by vaccine and dose, amounts). */
export const ClaimReportPrintedSchema = z.object({
  month: ClaimMonthSchema,
  printedOn: IsoDateSchema,
  clinics: z.number().int().nonnegative(),
  doses: z.number().int().nonnegative(),
  amount: z.number().int().nonnegative(),
});

/**
 * 予診のみ: a clinic examined the person for a vaccination and did not give it (予診理由区分 says why). Not a dose: it
 * never enters the ledger or the schedule; a clinic is paid the examination fee for it.
 */
export const ExaminationRecordedSchema = z.object({
  recordId: z.uuid(),
  residentId: ResidentIdSchema,
  vaccine: VaccineSchema,
  dose: z.number().int().min(1).max(30),
  /** The day of the examination. */
  date: IsoDateSchema,
  clinicNo: freeText(20).optional(),
  /** 予診理由区分: the city's code for why the dose was not given (発熱, 体調不良, 接種不適当者 …). */
  reason: freeText(10, 1),
  source: z.literal('clinic-slip'),
});
