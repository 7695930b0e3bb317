// 風しん抗体検査 and the end of a special status (長期療養, 被災, 免除): events on the resident's vaccination stream, like
// the conditions the schedule reads from them. Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { AntibodyTestRecordedSchema, DomainError, isIsoDate, SPECIAL_STATUS_KINDS, SpecialStatusKindSchema, type SpecialStatusKind } from '@vaxledger/domain';
import type { EligibilityDoc } from '@vaxledger/projections';
import { describeInvalid, type SessionContext } from './context.ts';
import { vaccinationCommand } from './vaccinations.ts';

export interface AntibodyTestInput {
  readonly residentId: string;
  /** 検査日 */
  readonly date: string;
  /** 検査方法 (HI, EIA, LTI …) */
  readonly method: string;
  /** 抗体価, as the laboratory wrote it (8, 1:16, 6.0 …) */
  readonly titer: string;
  /** 単位 (倍, IU/mL, EIA価 …) */
  readonly unit: string;
  /** 判定結果: insufficient (十分な量の抗体がない) makes a man of the 第5期 cohort a routine target */
  readonly result: 'sufficient' | 'insufficient';
  /** 検査番号: the same number recorded again with the same items adds nothing */
  readonly testNumber: string;
  readonly requestId?: string;
}

export async function recordAntibodyTest(ctx: SessionContext, input: AntibodyTestInput): Promise<void> {
  const { residentId, requestId, ...items } = input;
  await ctx.authorize('vaccination.write', residentId);
  await ctx.requireResident(residentId);
  const parsed = AntibodyTestRecordedSchema.omit({ residentId: true, testId: true }).safeParse(items);
  if (!parsed.success) throw new DomainError('invalid-antibody-test', `resident ${residentId}: ${describeInvalid(parsed.error)}`);
  const test = { testId: randomUUID(), ...parsed.data };
  // Whether the same 検査番号 is already on the record is the decider's question: the test id then goes unused.
  await vaccinationCommand(ctx, { type: 'RecordAntibodyTest', residentId, test }, true, requestId);
}

export async function endCondition(ctx: SessionContext, residentId: string, kind: string, on: string, options: { requestId?: string } = {}): Promise<void> {
  await ctx.authorize('vaccination.write', residentId);
  await ctx.requireResident(residentId);
  if (!SpecialStatusKindSchema.safeParse(kind).success) throw new DomainError('unknown-condition-kind', `--kind must be one of ${SPECIAL_STATUS_KINDS.join(', ')}`);
  if (!isIsoDate(on)) throw new DomainError('invalid-date', '--on is not a date (YYYY-MM-DD)');
  await vaccinationCommand(ctx, { type: 'EndCondition', residentId, condition: kind as SpecialStatusKind, on }, true, options.requestId);
}

/**
 * Whether a person is exempt from the co-payment (免除区分) on a day, from their eligibility facts: a fee-exemption
 * period that covers the day, both ends inclusive, an open one lasting. For a host that already holds the documents
 * (a month's claims); `Session.feeExemptOn` reads one person and logs the read.
 */
export function isFeeExemptOn(doc: Pick<EligibilityDoc, 'periods'> | undefined, date: string): boolean {
  return (doc?.periods ?? []).some((p) => p.kind === 'fee-exemption' && p.from <= date && (p.to === undefined || date <= p.to));
}

export async function feeExemptOn(ctx: SessionContext, residentId: string, date: string): Promise<boolean> {
  await ctx.authorize('status.view', residentId);
  if (!isIsoDate(date)) throw new DomainError('invalid-date', 'the day asked about is not a date (YYYY-MM-DD)');
  await ctx.requireResident(residentId);
  await ctx.upToDate();
  const exempt = isFeeExemptOn(await ctx.eligibilityDoc(residentId), date);
  await ctx.logRead('status.view', ['feeExemption'], { residentId });
  return exempt;
}
