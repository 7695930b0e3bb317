/**
 * 委託料請求: which of a month's clinic slips the city pays, at what price, and why every other one is not paid. Pure:
 * the application gathers the records, held slips, clinics and approvals; this decides (docs/claims.md).
 */
import type { HoldReason } from '../events/import-events.ts';
import type { VaccinationFields } from '../events/vaccination-events.ts';

type Category = VaccinationFields['category'];
import type { Vaccine } from '../events/vaccination-events.ts';
import { coPaymentFor, examinationFeeFor, feeFor, type FeeTable, type Setting } from './fee-table.ts';

/** 支払対象外の理由: every line of the month that is not paid names one (Japanese names: CLAIM_EXCLUSION_NAMES). */
export const EXCLUSION_REASONS = [
  'voided', 'unknown-clinic', 'not-routine', 'outside-window', 'late-beyond-limit', 'duplicate', 'claimed-in-month', 'no-fee', 'held', 'rejected',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** A dose on the ledger that came from a clinic slip, as the claim needs it. */
export interface ClaimRecord {
  readonly recordId: string;
  readonly residentId: string;
  readonly clinicNo?: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  /** 接種日 */
  readonly date: string;
  readonly category: Category;
  /** The dose check's reasons (警告内容): a routine slip outside its window carries them. */
  readonly warnings: readonly string[];
  readonly status: 'active' | 'voided';
  /** When the slip's batch landed (ISO instant): its JST month is the record's 請求年月. */
  readonly recordedAt: string;
  readonly setting?: Setting;
  /** 免除区分 of the person on the day (from the exemption port), if any. */
  readonly exemption?: string;
}

/** 予診のみ from a clinic slip: an examination that ended without a vaccination, paid the examination fee. */
export interface ClaimExamination {
  readonly recordId: string;
  readonly residentId: string;
  readonly clinicNo?: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly date: string;
  readonly recordedAt: string;
}

/** A clinic slip held in the suspense queue (or rejected from it): listed, never paid. */
export interface ClaimHeldSlip {
  readonly slipId: string;
  readonly clinicNo?: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly date: string;
  readonly reason: HoldReason;
  readonly status: 'held' | 'matched' | 'rejected';
  readonly heldAt: string;
}

export interface ClaimClinic {
  readonly clinicNo: string;
  readonly name: string;
  readonly location: 'inside-city' | 'outside-city';
}

/** An approved claim, as recorded (ClaimApproved): the month it closed, the lines it paid and the lines it listed unpaid. */
export interface ClaimApproval {
  readonly clinicNo: string;
  readonly month: string;
  readonly lines: readonly { readonly recordId: string }[];
  /** The records it listed as not paid (with their reasons): they stay in that month's claim. */
  readonly excludedRefs: readonly string[];
}

export interface PayableLine {
  readonly recordId: string;
  readonly residentId: string;
  readonly kind: 'dose' | 'examination';
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly date: string;
  readonly fee: number;
  readonly coPayment: number;
  /** What the city pays the clinic: the fee less the co-payment the person paid there. */
  readonly amount: number;
}

export interface ExcludedLine {
  /** The record's id, or the held slip's. */
  readonly ref: string;
  readonly residentId?: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  readonly date: string;
  readonly reason: ExclusionReason;
}

export interface ClinicClaim {
  readonly clinicNo: string;
  /** Absent for a number no clinic is registered under. */
  readonly clinic?: ClaimClinic;
  readonly lines: readonly PayableLine[];
  readonly excluded: readonly ExcludedLine[];
  readonly totals: { readonly doses: number; readonly examinations: number; readonly fee: number; readonly coPayment: number; readonly amount: number };
}

export interface ClaimInputs {
  readonly records: readonly ClaimRecord[];
  /** 予診のみ (absent: none). */
  readonly examinations?: readonly ClaimExamination[];
  readonly held: readonly ClaimHeldSlip[];
  readonly clinics: ReadonlyMap<string, ClaimClinic>;
  readonly approvals: readonly ClaimApproval[];
  readonly table: FeeTable;
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const JST_OFFSET_MS = 9 * 3_600_000;

/** The JST month (YYYY-MM) of an instant. */
export function japanMonthOf(instant: string): string {
  return new Date(Date.parse(instant) + JST_OFFSET_MS).toISOString().slice(0, 7);
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Whole months from `from` (YYYY-MM) to `to`. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

const NO_CLINIC = '-';

/**
 * 請求年月 of a record: the JST month its slip landed in, unless that month's claim of its clinic was approved without it
 * (it landed after the claim was built) — then the first later month whose claim was not approved without it. A record
 * an approval paid or listed belongs to that approval's month. Decided by what each approval holds, not by clocks, so a
 * slip landing while a claim is being approved is claimed exactly once.
 */
export function claimMonthOf(record: Pick<ClaimRecord, 'recordId' | 'clinicNo' | 'recordedAt'>, approvals: readonly ClaimApproval[]): string {
  const mine = approvals.filter((a) => a.clinicNo === (record.clinicNo ?? NO_CLINIC));
  const holds = (a: ClaimApproval) => a.lines.some((l) => l.recordId === record.recordId) || a.excludedRefs.includes(record.recordId);
  const listedIn = mine.find(holds);
  if (listedIn) return listedIn.month;
  let month = japanMonthOf(record.recordedAt);
  while (mine.some((a) => a.month === month)) month = nextMonth(month);
  return month;
}

const doseKeyOf = (r: ClaimRecord) => `${r.residentId}/${r.vaccine}/${r.dose}`;

function exclusionOf(record: ClaimRecord, month: string, inputs: ClaimInputs, seen: Set<string>, doseKeys: ReadonlyMap<string, string>): ExclusionReason | undefined {
  if (record.status === 'voided') return 'voided';
  if (record.clinicNo === undefined || !inputs.clinics.has(record.clinicNo)) return 'unknown-clinic';
  if (record.category !== 'routine') return record.category === 'voluntary' && record.warnings.length > 0 ? 'outside-window' : 'not-routine';
  if (monthsBetween(record.date.slice(0, 7), month) > inputs.table.claimLimitMonths) return 'late-beyond-limit';
  const dose = doseKeyOf(record);
  if (seen.has(dose)) return 'duplicate';
  const paidBefore = inputs.approvals.some((a) => a.month !== month && a.lines.some((l) => doseKeys.get(l.recordId) === dose));
  if (paidBefore) return 'claimed-in-month';
  if (feeFor(inputs.table, record.vaccine, record.dose, record.setting ?? 'individual', record.date) === undefined) return 'no-fee';
  return undefined;
}

/** The month's claim of every clinic (or of `clinicNo` only), in clinic number order, lines in slip date order. */
export function buildClaims(month: string, inputs: ClaimInputs, clinicNo?: string): ClinicClaim[] {
  const byClinic = new Map<string, { lines: PayableLine[]; excluded: ExcludedLine[] }>();
  const groupOf = (no: string | undefined) => {
    const key = no ?? NO_CLINIC;
    let group = byClinic.get(key);
    if (!group) byClinic.set(key, (group = { lines: [], excluded: [] }));
    return group;
  };
  const records = inputs.records.filter((r) => claimMonthOf(r, inputs.approvals) === month)
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.date.localeCompare(b.date) || a.recordId.localeCompare(b.recordId));
  const seen = new Set<string>();
  const doseKeys = new Map(inputs.records.map((r) => [r.recordId, doseKeyOf(r)]));
  for (const r of records) {
    const group = groupOf(r.clinicNo);
    const reason = exclusionOf(r, month, inputs, seen, doseKeys);
    if (reason) {
      group.excluded.push({ ref: r.recordId, residentId: r.residentId, vaccine: r.vaccine, dose: r.dose, date: r.date, reason });
      continue;
    }
    seen.add(doseKeyOf(r));
    const fee = feeFor(inputs.table, r.vaccine, r.dose, r.setting ?? 'individual', r.date)!;
    const coPayment = Math.min(fee, coPaymentFor(inputs.table, r.vaccine, r.date, r.exemption));
    group.lines.push({ recordId: r.recordId, residentId: r.residentId, kind: 'dose', vaccine: r.vaccine, dose: r.dose, date: r.date, fee, coPayment, amount: fee - coPayment });
  }
  const examined = new Set<string>();
  const examinations = (inputs.examinations ?? []).filter((x) => claimMonthOf(x, inputs.approvals) === month)
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.date.localeCompare(b.date) || a.recordId.localeCompare(b.recordId));
  for (const x of examinations) {
    const group = groupOf(x.clinicNo);
    const key = `${x.residentId}/${x.vaccine}/${x.dose}/${x.date}`;
    const fee = examinationFeeFor(inputs.table, 'individual', x.date);
    const reason: ExclusionReason | undefined = x.clinicNo === undefined || !inputs.clinics.has(x.clinicNo) ? 'unknown-clinic'
      : monthsBetween(x.date.slice(0, 7), month) > inputs.table.claimLimitMonths ? 'late-beyond-limit'
      : examined.has(key) ? 'duplicate'
      : fee === undefined ? 'no-fee' : undefined;
    if (reason) {
      group.excluded.push({ ref: x.recordId, residentId: x.residentId, vaccine: x.vaccine, dose: x.dose, date: x.date, reason });
      continue;
    }
    examined.add(key);
    group.lines.push({ recordId: x.recordId, residentId: x.residentId, kind: 'examination', vaccine: x.vaccine, dose: x.dose, date: x.date, fee: fee!, coPayment: 0, amount: fee! });
  }
  for (const s of inputs.held) {
    // A matched slip became a record (listed above in the month it was recorded).
    if (s.status === 'matched' || japanMonthOf(s.heldAt) !== month) continue;
    const reason: ExclusionReason = s.reason === 'duplicate' ? 'duplicate' : s.status === 'rejected' ? 'rejected' : 'held';
    groupOf(s.clinicNo).excluded.push({ ref: s.slipId, vaccine: s.vaccine, dose: s.dose, date: s.date, reason });
  }
  return [...byClinic].filter(([no]) => clinicNo === undefined || no === clinicNo).sort(([a], [b]) => a.localeCompare(b)).map(([no, g]) => ({
    clinicNo: no, ...(inputs.clinics.has(no) ? { clinic: inputs.clinics.get(no)! } : {}),
    lines: g.lines, excluded: g.excluded,
    totals: {
      doses: g.lines.filter((l) => l.kind === 'dose').length,
      examinations: g.lines.filter((l) => l.kind === 'examination').length,
      fee: g.lines.reduce((s, l) => s + l.fee, 0),
      coPayment: g.lines.reduce((s, l) => s + l.coPayment, 0),
      amount: g.lines.reduce((s, l) => s + l.amount, 0),
    },
  }));
}
