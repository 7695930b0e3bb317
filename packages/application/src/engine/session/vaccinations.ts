// 予防接種実績登録 by command: a vaccination recorded, corrected or voided, and the conditions the schedule depends on.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { DomainError, isIsoDate, SPECIAL_STATUS_KINDS, SpecialStatusKindSchema, streams, vaccinationDeciderFor, VaccinationFieldsSchema, type EventOf, type VaccinationCommand, type VaccinationFields } from '@vaxledger/domain';
import { categoryFor, checkRecordedDose } from '../dose-check.ts';
import { describeInvalid, type SessionContext } from './context.ts';
import { requestDerivedId, requestEventIds, storedByRequest } from './request-ids.ts';

export interface RecordVaccinationInput extends Omit<VaccinationFields, 'category'> {
  readonly residentId: string;
  readonly category?: VaccinationFields['category'];
  readonly source: EventOf<'VaccinationRecorded'>['data']['source'];
  readonly identityDocument?: string;
  readonly warnings?: readonly string[];
  readonly recordId?: string;
  /** Idempotency key: the same call retried with it (after a lost answer) is a no-op answering as the first did. */
  readonly requestId?: string;
  /** Why a dose already on the ledger (same vaccine and dose) is recorded again; without it, such a record is refused. */
  readonly duplicateReason?: string;
}

export interface RecordedVaccination {
  readonly recordId: string;
  /** Whether the schedule check found the dose routine (定期). */
  readonly routine: boolean;
  readonly category: VaccinationFields['category'];
  /** 警告内容: why the dose is not routine, or what the record lacks. */
  readonly warnings: readonly string[];
}

/**
 * Registers a vaccination; returns its record id. The resident must be in the registry. The dose goes through
 * the schedule check: a dose that is not routine is recorded all the same, with the reasons as 警告内容.
 */
export async function recordVaccination(ctx: SessionContext, input: RecordVaccinationInput): Promise<RecordedVaccination> {
  const { residentId, source, identityDocument, warnings, recordId, category, requestId, duplicateReason, ...rest } = input;
  const fields = VaccinationFieldsSchema.safeParse({ category: category ?? 'routine', ...rest });
  if (!fields.success) throw new DomainError('invalid-vaccination', `resident ${residentId}: ${describeInvalid(fields.error)}`);
  const id = recordId ?? (requestId !== undefined ? requestDerivedId(ctx, requestId, 'record') : randomUUID());
  await ctx.authorize('vaccination.write', residentId);
  await ctx.requireResident(residentId);
  // The record itself left out: a retry of this request, already stored, is checked as the first call was.
  const check = checkRecordedDose(fields.data, await ctx.eligibilityDoc(residentId), ctx.engine.rules, id);
  const decidedFields = { ...fields.data, category: categoryFor(check, category) };
  await vaccinationCommand(ctx, 
    { type: 'RecordVaccination', recordId: id, residentId, fields: decidedFields, source, identityDocument, warnings: [...new Set([...check.reasons, ...(warnings ?? [])])], ...(duplicateReason === undefined ? {} : { duplicateReason }) },
    true, requestId,
  );
  return { recordId: id, routine: check.routine, category: decidedFields.category, warnings: check.reasons };
}

export async function correctVaccination(ctx: SessionContext, input: { residentId: string; recordId: string; changes: Partial<VaccinationFields>; reason: string; requestId?: string }): Promise<void> {
  const changes = VaccinationFieldsSchema.partial().safeParse(input.changes);
  if (!changes.success) throw new DomainError('invalid-correction', `record ${input.recordId}: ${describeInvalid(changes.error)}`);
  await ctx.authorize('vaccination.write', input.residentId);
  await ctx.requireResident(input.residentId);
  let corrected = changes.data;
  let warnings: string[] | undefined;
  const c = changes.data;
  if (c.vaccine !== undefined || c.dose !== undefined || c.date !== undefined || c.product !== undefined) {
    const current = (await ctx.currentLedger(input.residentId))?.records.find((r) => r.recordId === input.recordId);
    if (current) {
      const next = { ...current.fields, ...c };
      const check = checkRecordedDose(next, await ctx.eligibilityDoc(input.residentId), ctx.engine.rules, input.recordId);
      warnings = check.reasons;
      if (c.category === undefined && current.fields.category !== 'temporary' && current.fields.category !== 'special-measures') {
        corrected = { ...c, category: categoryFor(check, undefined) };
      }
    }
  }
  await vaccinationCommand(ctx, { type: 'CorrectVaccination', recordId: input.recordId, residentId: input.residentId, changes: corrected, reason: input.reason, ...(warnings ? { warnings } : {}) }, true, input.requestId);
}

/** A special status's period and its document: given, the condition is one of SPECIAL_STATUS_KINDS (長期療養, 被災, 免除). */
export interface ConditionPeriodOptions {
  readonly from?: string;
  readonly to?: string;
  readonly document?: string;
}

export async function recordCondition(ctx: SessionContext, residentId: string, condition: string, options: { requestId?: string } & ConditionPeriodOptions = {}): Promise<void> {
  const { requestId, from, to, document } = options;
  await ctx.authorize('vaccination.write', residentId);
  await ctx.requireResident(residentId);
  if (from === undefined && (to !== undefined || document !== undefined)) throw new DomainError('invalid-condition', 'a period (--to) or a document is given only with its first day (--from)');
  let period: { from: string; to?: string; document: string } | undefined;
  if (from !== undefined) {
    if (!SpecialStatusKindSchema.safeParse(condition).success) throw new DomainError('unknown-condition-kind', `--kind must be one of ${SPECIAL_STATUS_KINDS.join(', ')}`);
    if (!isIsoDate(from)) throw new DomainError('invalid-date', '--from is not a date (YYYY-MM-DD)');
    if (to !== undefined && !isIsoDate(to)) throw new DomainError('invalid-date', '--to is not a date (YYYY-MM-DD)');
    if (document === undefined || document.trim() === '') throw new DomainError('invalid-condition', '--document is required: the document that shows the status (診断書, 罹災証明書 …)');
    period = { from, ...(to === undefined ? {} : { to }), document };
  }
  await vaccinationCommand(ctx, { type: 'RecordCondition', residentId, condition, ...(period ? { period } : {}) }, true, requestId);
}

export async function withdrawCondition(ctx: SessionContext, residentId: string, condition: string, reason: string, options: { requestId?: string } = {}): Promise<void> {
  await vaccinationCommand(ctx, { type: 'WithdrawCondition', residentId, condition, reason }, false, options.requestId);
}

export async function voidVaccination(ctx: SessionContext, input: { residentId: string; recordId: string; reason: string; requestId?: string }): Promise<void> {
  const { requestId, ...command } = input;
  await vaccinationCommand(ctx, { type: 'VoidVaccination', ...command }, false, requestId);
}

export async function vaccinationCommand(ctx: SessionContext, command: VaccinationCommand, authorized = false, requestId?: string): Promise<void> {
  if (!authorized) {
    await ctx.authorize('vaccination.write', command.residentId);
    await ctx.requireResident(command.residentId);
  }
  const stream = streams.vaccination(ctx.tenant, command.residentId);
  // A retry of a request already stored: nothing more to do (its events carry the request's ids).
  if (requestId !== undefined && await storedByRequest(ctx, stream, requestId)) return;
  await ctx.engine.commands.execute({
    stream, decider: vaccinationDeciderFor(ctx.engine.rules), command,
    ...(requestId !== undefined ? { ids: (count: number) => requestEventIds(ctx, requestId, count) } : {}),
  }, ctx.meta());
}
