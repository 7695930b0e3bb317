// 依頼書: request letters for a vaccination outside the city (里帰り出産 …) — lodged, issued, the outside dose put on the
// ledger, what the person paid reimbursed (償還払い). Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import {
  DomainError, letterItemsFor, requestLetterDeciderFor, streams, vaccinationDeciderFor, VaccinationFieldsSchema,
  type LetterItem, type RequestLetterState, type ReturnBy, type VaccinationFields,
} from '@vaxledger/domain';
import { letterKey, type RequestLetterDoc } from '@vaxledger/projections';
import type { AnyStreamCommand } from '../../commands/stream-command.ts';
import { categoryFor, checkRecordedDose } from '../dose-check.ts';
import { japanDate } from '../slip-importer.ts';
import { describeInvalid, type SessionContext } from './context.ts';

export interface LodgeLetterInput {
  readonly residentId: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly stayAddress: string;
  readonly stayPostalCode?: string;
  readonly stayPhone?: string;
  readonly reason: string;
  readonly clinicName: string;
  readonly returnTo?: string;
  /** 返送区分; the resident brings the copy back when not said. */
  readonly returnBy?: ReturnBy;
}

/** What a step of a letter answers: where it stands, by id, with no item of the person's. */
export interface LetterStep {
  readonly letterId: string;
  readonly residentId: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly status: RequestLetterDoc['status'];
}

/** The letter as printed (the city's word processor fills its template from these items). */
export interface RequestLetter {
  readonly letterId: string;
  /** 全国地方公共団体コード of the issuing municipality. */
  readonly municipality: string;
  readonly residentId: string;
  readonly person: { readonly kanjiName: string; readonly kanaName: string; readonly birthDate: string };
  readonly vaccine: string;
  readonly dose: number;
  /** 送付先名: the outside clinic. */
  readonly clinicName: string;
  readonly documentNumber: string;
  readonly approvalNumber: string;
  readonly issuedOn: string;
  readonly contact?: string;
  readonly stay: { readonly postalCode?: string; readonly address: string; readonly phone?: string };
  readonly reason: string;
  readonly returnTo?: string;
  readonly returnBy: ReturnBy;
  /** How many times the letter was issued (1 on its first issue). */
  readonly issueCount: number;
  readonly reissueReason?: string;
}

export interface OutsideDoseInput extends Partial<Pick<VaccinationFields, 'product' | 'clinicNo' | 'maker' | 'amount' | 'remarks'>> {
  readonly date: string;
  readonly lot: string;
  /** Why a dose already on the ledger (same vaccine and dose) is recorded again; without it, such a record is refused. */
  readonly duplicateReason?: string;
}

export interface RecordedOutsideDose extends LetterStep {
  readonly recordId: string;
  readonly routine: boolean;
  readonly category: VaccinationFields['category'];
  readonly warnings: readonly string[];
}

const decider = (ctx: SessionContext) => requestLetterDeciderFor(ctx.engine.rules);
const today = (ctx: SessionContext) => japanDate(ctx.engine.clock.now());

/** Lodges a letter for a registered resident: what it asks, of which clinic, where the person stays. */
export async function lodgeLetter(ctx: SessionContext, input: LodgeLetterInput): Promise<LetterStep> {
  await ctx.authorize('letter.lodge', input.residentId);
  const letterId = randomUUID();
  const { events } = await ctx.forResident(input.residentId, (residentRegistered) => ctx.engine.commands.execute({
    stream: streams.letter(ctx.tenant, letterId), decider: decider(ctx),
    command: {
      type: 'LodgeRequestLetter', letterId, residentId: input.residentId, residentRegistered, vaccine: input.vaccine, dose: input.dose,
      stayAddress: input.stayAddress, reason: input.reason, clinicName: input.clinicName, returnBy: input.returnBy ?? 'resident', today: today(ctx),
      ...(input.stayPostalCode === undefined ? {} : { stayPostalCode: input.stayPostalCode }),
      ...(input.stayPhone === undefined ? {} : { stayPhone: input.stayPhone }),
      ...(input.returnTo === undefined ? {} : { returnTo: input.returnTo }),
    },
  }, ctx.meta()));
  const lodged = events[0]!;
  if (lodged.type !== 'RequestLetterLodged') throw new Error('a lodged letter decided no RequestLetterLodged');
  return { letterId, residentId: lodged.data.residentId, vaccine: lodged.data.vaccine, dose: lodged.data.dose, status: 'lodged' };
}

/**
 * Issues the letter (文書番号, 起案番号, today's date) — once, or again with a reason until its dose is recorded — and
 * returns it to be printed, the read of the person's items put on the record before it is returned.
 */
export async function issueLetter(ctx: SessionContext, letterId: string, input: { documentNumber: string; approvalNumber: string; contact?: string; reissueReason?: string }): Promise<RequestLetter> {
  await ctx.authorize('letter.issue');
  const stream = streams.letter(ctx.tenant, letterId);
  const { state } = await ctx.engine.commands.execute({
    stream, decider: decider(ctx),
    command: {
      type: 'IssueRequestLetter', letterId, documentNumber: input.documentNumber, approvalNumber: input.approvalNumber, today: today(ctx),
      ...(input.contact === undefined ? {} : { contact: input.contact }),
      ...(input.reissueReason === undefined ? {} : { reissueReason: input.reissueReason }),
    },
  }, ctx.meta());
  const doc = await letterDoc(ctx, letterId, state);
  const resident = await ctx.requireResident(doc.residentId);
  const issue = doc.issues[doc.issues.length - 1]!;
  const items: LetterItem[] = ['letterId', 'residentId', 'vaccine', 'dose', 'clinicName', 'documentNumber', 'approvalNumber', 'issuedOn', 'contact', 'stayPostalCode', 'stayAddress', 'stayPhone', 'reason', 'returnTo', 'returnBy'];
  await ctx.logRead('letter.issue', [...items, 'kanjiName', 'kanaName', 'birthDate'], { residentId: doc.residentId });
  const d = resident.details;
  return {
    letterId, municipality: ctx.tenant, residentId: doc.residentId,
    person: { kanjiName: d.kanjiName, kanaName: d.kanaName, birthDate: d.birthDate },
    vaccine: doc.vaccine, dose: doc.dose, clinicName: doc.clinicName,
    documentNumber: issue.documentNumber, approvalNumber: issue.approvalNumber, issuedOn: issue.issuedOn,
    ...(issue.contact === undefined ? {} : { contact: issue.contact }),
    stay: { address: doc.stayAddress, ...(doc.stayPostalCode === undefined ? {} : { postalCode: doc.stayPostalCode }), ...(doc.stayPhone === undefined ? {} : { phone: doc.stayPhone }) },
    reason: doc.reason, returnBy: doc.returnBy, ...(doc.returnTo === undefined ? {} : { returnTo: doc.returnTo }),
    issueCount: doc.issues.length, ...(issue.reissueReason === undefined ? {} : { reissueReason: issue.reissueReason }),
  };
}

/**
 * The outside clinic's dose: through the schedule check like any registered dose, put on the person's ledger with
 * source `outside`, and noted on the letter — one unit, so that a letter never says recorded without its dose.
 */
export async function recordOutsideDose(ctx: SessionContext, letterId: string, input: OutsideDoseInput): Promise<RecordedOutsideDose> {
  await ctx.authorize('letter.record');
  await ctx.upToDate();
  const stream = streams.letter(ctx.tenant, letterId);
  const { state } = await ctx.engine.load(decider(ctx), stream);
  if (state.status === 'none') throw new DomainError('unknown-letter', `no request letter ${letterId.slice(0, 36)}`);
  const { residentId, vaccine, dose } = state;
  // The dose goes on the ledger as any dose does: the operator must be one who may write it.
  await ctx.authorize('vaccination.write', residentId);
  const { duplicateReason, date, ...rest } = input;
  const parsed = VaccinationFieldsSchema.safeParse({ ...rest, vaccine, dose, date, category: 'routine' });
  if (!parsed.success) throw new DomainError('invalid-vaccination', `request letter ${letterId}: ${describeInvalid(parsed.error)}`);
  const recordId = randomUUID();
  const check = checkRecordedDose(parsed.data, await ctx.eligibilityDoc(residentId), ctx.engine.rules);
  const fields = { ...parsed.data, category: categoryFor(check, undefined) };
  const onLedger = (): AnyStreamCommand => ({
    stream: streams.vaccination(ctx.tenant, residentId), decider: vaccinationDeciderFor(ctx.engine.rules),
    command: {
      type: 'RecordVaccination', recordId, residentId, fields, source: 'outside', warnings: check.reasons,
      ...(duplicateReason === undefined ? {} : { duplicateReason }),
    },
  });
  await ctx.engine.commands.execute({
    stream, decider: decider(ctx),
    command: { type: 'RecordOutsideVaccination', letterId, recordId, vaccinatedOn: date, today: today(ctx) },
    then: onLedger,
  }, ctx.meta());
  return { letterId, residentId, vaccine, dose, status: 'recorded', recordId, routine: check.routine, category: fields.category, warnings: check.reasons };
}

/** 償還払い: what the person paid the outside clinic, paid back (yen, a whole number), once the dose is recorded. */
export async function reimburseLetter(ctx: SessionContext, letterId: string, input: { amount: number; paidOn: string }): Promise<LetterStep & { amount: number; paidOn: string }> {
  await ctx.authorize('letter.reimburse');
  const { state, events } = await ctx.engine.commands.execute({
    stream: streams.letter(ctx.tenant, letterId), decider: decider(ctx),
    command: { type: 'PayReimbursement', letterId, amount: input.amount, paidOn: input.paidOn, today: today(ctx) },
  }, ctx.meta());
  const paid = events[0]!;
  if (state.status === 'none' || paid.type !== 'ReimbursementPaid') throw new Error('a reimbursement decided no ReimbursementPaid');
  return { letterId, residentId: state.residentId, vaccine: state.vaccine, dose: state.dose, status: 'reimbursed', amount: paid.data.amount, paidOn: paid.data.paidOn };
}

/** A letter as the purpose may see it: the items not in its list left out. */
export type LetterView = Partial<RequestLetterDoc> & Pick<RequestLetterDoc, 'letterId' | 'residentId'>;

/** The letters, oldest first; `open`: those not reimbursed yet. Only the items the purpose may see; the read on the record. */
export async function letters(ctx: SessionContext, options: { open?: boolean } = {}): Promise<LetterView[]> {
  await ctx.authorize('letter.list');
  await ctx.upToDate();
  const items = letterItemsFor(ctx.purpose);
  const out: RequestLetterDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('letters', { prefix: `${ctx.tenant}/` })) {
    const letter = doc as RequestLetterDoc;
    if (!options.open || letter.status !== 'reimbursed') out.push(letter);
  }
  out.sort((a, b) => a.lodgedOn.localeCompare(b.lodgedOn) || a.letterId.localeCompare(b.letterId));
  await ctx.logRead('letter.list', items, { count: out.length });
  return out.map((letter) => viewOf(letter, items));
}

function viewOf(letter: RequestLetterDoc, items: readonly LetterItem[]): LetterView {
  const shown: Record<string, unknown> = { letterId: letter.letterId, residentId: letter.residentId };
  const record = letter as unknown as Record<string, unknown>;
  for (const item of items) if (item !== 'issues' && record[item] !== undefined) shown[item] = record[item];
  if (items.includes('issues')) shown.issues = letter.issues.map((i) => ({ ...i }));
  return shown as LetterView;
}

/** The letter's document, once the projections caught up with the command that changed it. */
async function letterDoc(ctx: SessionContext, letterId: string, state: RequestLetterState): Promise<RequestLetterDoc> {
  if (state.status === 'none') throw new DomainError('unknown-letter', `no request letter ${letterId.slice(0, 36)}`);
  const key = letterKey(ctx.tenant, state.residentId, letterId);
  const doc = (await ctx.engine.projectionStore.getDocs('letters', [key])).get(key)?.doc as RequestLetterDoc | undefined;
  if (!doc) throw new DomainError('unknown-letter', `no request letter ${letterId.slice(0, 36)}`);
  return doc;
}
