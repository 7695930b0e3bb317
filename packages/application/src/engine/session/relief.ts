// 健康被害救済: relief claims lodged, forwarded to the prefecture, decided by the national review, paid. The one place a
// 個人番号 enters the engine: checked, resolved, reduced to its blind index, and forgotten.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { DomainError, myNumberOf, reliefDeciderFor, streams, type ReliefCommand, type ReliefDecision, type ReliefState, type ReliefVaccination } from '@vaxledger/domain';
import { reliefCaseKey, type ReliefCaseDoc, type ResidentDoc } from '@vaxledger/projections';
import type { MyNumberResolver } from '../../ports/my-number-resolver.ts';
import { myNumberIndexOf } from '../../security/my-number-index.ts';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

/** A relief case as shown: everything but the blind index, which only the engine compares. */
export type ReliefCase = Omit<ReliefCaseDoc, 'tenant' | 'myNumberIndex'>;

export interface LodgeReliefInput {
  readonly residentId: string;
  /** The vaccination the claim is about (a record of the person's ledger). */
  readonly recordId: string;
  /** A benefit id (medical-expenses, …); checked against the vaccination's class. */
  readonly benefit: string;
  readonly receivedOn: string;
  /** The identity document checked (番号法第16条): my-number-card, resident-record-and-photo-id, notification-card-and-photo-id. */
  readonly identityDocument: string;
  /** The 個人番号 as given (full-width digits, spaces and dashes are read through): checked, used, forgotten. */
  readonly myNumber: string;
  /** The 団体内統合宛名システム to ask; the engine's own (EngineOptions.myNumberResolver) when not given. */
  readonly resolver?: MyNumberResolver;
}

/** The items a relief case shows (every key of ReliefCase): what a read of the list is logged with. */
const RELIEF_CASE_ITEMS = [
  'caseId', 'residentId', 'recordId', 'vaccine', 'reliefClass', 'benefit', 'receivedOn', 'identityDocument', 'earlierCaseIds',
  'status', 'forwardedOn', 'decision', 'notifiedOn', 'payments',
] as const satisfies ReadonlyArray<keyof ReliefCase>;

const caseIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The 個人番号's blind index, once it is shown to name this resident. Every refusal here leaves no trace of the
 * number: its message never carries it, and the only record is the session's OperationRejected (action and reason,
 * no person, no number), which is the anonymous count of numbers refused.
 */
async function indexOfCheckedNumber(ctx: SessionContext, resolver: MyNumberResolver, given: string, resident: ResidentDoc): Promise<string> {
  const myNumber = myNumberOf(given);
  if (myNumber === null) throw new DomainError('invalid-my-number', 'the 個人番号 given is not one (12 digits, the last a check digit): nothing of it was kept');
  const person = await resolver.resolve(myNumber);
  if (person === null) throw new DomainError('my-number-unresolved', 'the 個人番号 given names nobody the 団体内統合宛名システム knows: nothing of it was kept');
  const same = 'residentId' in person
    ? person.residentId === resident.residentId
    : resident.details.integratedAddresseeNo !== undefined && person.integratedAddresseeNo === resident.details.integratedAddresseeNo;
  if (!same) throw new DomainError('my-number-other-person', `the 個人番号 given does not name resident ${resident.residentId}: check the identity document; nothing of it was kept`);
  return myNumberIndexOf(ctx.engine.keyStore, ctx.tenant, myNumber);
}

/** Every case of the tenant (a city has tens a year): opened, for the blind index or the list. */
async function allCases(ctx: SessionContext): Promise<ReliefCaseDoc[]> {
  const out: ReliefCaseDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('relief', { prefix: `${ctx.tenant}/` })) out.push(doc as ReliefCaseDoc);
  return out;
}

const shown = ({ tenant: _t, myNumberIndex: _i, ...rest }: ReliefCaseDoc): ReliefCase => rest;

async function caseDoc(ctx: SessionContext, residentId: string, caseId: string): Promise<ReliefCase> {
  const key = reliefCaseKey(ctx.tenant, residentId, caseId);
  const doc = (await ctx.engine.projectionStore.getDocs('relief', [key])).get(key)?.doc as ReliefCaseDoc | undefined;
  if (!doc) throw new DomainError('unknown-relief-case', `no relief case ${caseId.slice(0, 36)}`);
  return shown(doc);
}

export async function lodgeRelief(ctx: SessionContext, input: LodgeReliefInput): Promise<ReliefCase> {
  await ctx.authorize('relief.lodge', input.residentId);
  const resolver = input.resolver ?? ctx.engine.myNumberResolver;
  if (!resolver) throw new DomainError('no-resolver', 'no 個人番号 resolver (団体内統合宛名システム): give its export with --resolver FILE, or the engine its myNumberResolver');
  await ctx.upToDate();
  const resident = await ctx.requireResident(input.residentId);
  const myNumberIndex = await indexOfCheckedNumber(ctx, resolver, input.myNumber, resident);
  const earlierCases = (await allCases(ctx)).filter((c) => c.myNumberIndex === myNumberIndex).map((c) => ({ caseId: c.caseId, residentId: c.residentId }));
  const record = (await ctx.currentLedger(input.residentId))?.records.find((r) => r.recordId === input.recordId);
  const vaccination: ReliefVaccination | null = record ? { recordId: record.recordId, status: record.status, fields: record.fields } : null;
  const caseId = randomUUID();
  await ctx.engine.commands.execute({
    stream: streams.relief(ctx.tenant, caseId), decider: reliefDeciderFor(ctx.engine.rules),
    command: {
      type: 'LodgeRelief', caseId, residentId: input.residentId, residentRegistered: true, recordId: input.recordId, vaccination,
      benefit: input.benefit, receivedOn: input.receivedOn, identityDocument: input.identityDocument, myNumberIndex, earlierCases,
      today: japanDate(ctx.engine.clock.now()),
    },
  }, ctx.meta());
  return caseDoc(ctx, input.residentId, caseId);
}

/** A step of a lodged case (forward, decide, pay): decided on the case's own stream, one writer at a time. */
async function step(ctx: SessionContext, caseId: string, command: ReliefCommand): Promise<ReliefCase> {
  await ctx.authorize('relief.manage');
  if (!caseIdPattern.test(caseId)) throw new DomainError('unknown-relief-case', `no relief case ${JSON.stringify(caseId.slice(0, 36))}`);
  const { state } = await ctx.engine.commands.execute({ stream: streams.relief(ctx.tenant, caseId), decider: reliefDeciderFor(ctx.engine.rules), command }, ctx.meta());
  return caseDoc(ctx, (state as Exclude<ReliefState, { status: 'none' }>).residentId, caseId);
}

export function forwardRelief(ctx: SessionContext, caseId: string): Promise<ReliefCase> {
  return step(ctx, caseId, { type: 'ForwardRelief', caseId, today: japanDate(ctx.engine.clock.now()) });
}

export function decideRelief(ctx: SessionContext, caseId: string, decision: ReliefDecision, notifiedOn: string): Promise<ReliefCase> {
  return step(ctx, caseId, { type: 'DecideRelief', caseId, decision, notifiedOn, today: japanDate(ctx.engine.clock.now()) });
}

export function payRelief(ctx: SessionContext, caseId: string, amount: number, paidOn: string): Promise<ReliefCase> {
  return step(ctx, caseId, { type: 'PayRelief', caseId, amount, paidOn, today: japanDate(ctx.engine.clock.now()) });
}

/** Every case, oldest claim first; the read is on the record before it is returned. */
export async function reliefCases(ctx: SessionContext): Promise<ReliefCase[]> {
  await ctx.authorize('relief.view');
  await ctx.upToDate();
  const cases = (await allCases(ctx)).sort((a, b) => a.receivedOn.localeCompare(b.receivedOn) || a.caseId.localeCompare(b.caseId)).map(shown);
  await ctx.logRead('relief.list', [...RELIEF_CASE_ITEMS], { count: cases.length });
  return cases;
}
