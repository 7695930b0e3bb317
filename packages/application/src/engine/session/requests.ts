// The person's requests (開示・訂正・利用停止): lodged, extended, decided, and the disclosure export.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { DomainError, recordedEventOf, requestDecider, routeRequestEvents, storedRowsMatching, type StoredRowFilter, streams, type RequestKind, itemsFor, type ResidentDetails } from '@vaxledger/domain';
import { docKey, type RequestDoc, readSelectedOperationLog, type LedgerDoc, type OplogEntry, type SpecialStatuses } from '@vaxledger/projections';
import { replaySpecialStatuses } from './ledger-reads.ts';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';
import { readProvisions, type Provision } from './provisions.ts';

export interface Disclosure {
  readonly requestId: string;
  readonly residentId: string;
  readonly exportedAt: string;
  readonly resident: ResidentDetails & { readonly status: string };
  readonly records: LedgerDoc['records'][number][];
  /** 風しん抗体検査 and special statuses (長期療養, 被災, 免除) on the person's record, as the ledger shows them. */
  readonly antibodyTests: SpecialStatuses['antibodyTests'][number][];
  readonly statuses: SpecialStatuses['statuses'][number][];
  /** Provision records: the notice runs (接種券, 案内, 勧奨) that covered the person. */
  readonly notices: ReadonlyArray<{ runId: string; kind: string; at: string; vaccine: string; dose: number }>;
  /** Provision records: the 副本 exports to the intermediate server that carried the person's records. */
  readonly copies: ReadonlyArray<{ exportId: string; at: string }>;
  /**
   * 提供の記録: everything handed out about the person (副本 exports, certificates, notice runs, disclosures — this one
   * included), each with its recipient, items, time, purpose, legal basis and deciding operator.
   */
  readonly provisions: readonly Provision[];
  readonly operationLog: ReadonlyArray<Omit<OplogEntry, 'hash' | 'previousHash'>>;
}

/** Lodges a request; it must be decided within 14 days of receipt unless extended with a reason. */
export async function lodgeRequest(ctx: SessionContext, input: { residentId: string; kind: RequestKind; receivedOn: string; summary?: string }): Promise<RequestDoc> {
  await ctx.authorize('request.manage', input.residentId);
  const requestId = randomUUID();
  const today = japanDate(ctx.engine.clock.now());
  await ctx.forResident(input.residentId, (residentRegistered) => ctx.engine.commands.execute({
    stream: streams.request(ctx.tenant, requestId), decider: requestDecider,
    command: { type: 'LodgeRequest', requestId, kind: input.kind, residentId: input.residentId, residentRegistered, receivedOn: input.receivedOn, today, ...(input.summary ? { summary: input.summary } : {}) },
  }, ctx.meta()));
  return requestDoc(ctx, requestId);
}

export async function extendRequest(ctx: SessionContext, requestId: string, deadline: string, reason: string): Promise<RequestDoc> {
  await ctx.authorize('request.manage');
  await ctx.engine.commands.execute({
    stream: streams.request(ctx.tenant, requestId), decider: requestDecider,
    command: { type: 'ExtendRequestDeadline', requestId, deadline, reason },
  }, ctx.meta());
  return requestDoc(ctx, requestId);
}

/** Decided on the request's own stream: of two decisions at once (two processes), one is stored, the other refused. */
export async function decideRequest(ctx: SessionContext, requestId: string, decision: 'granted' | 'partially-granted' | 'refused', reason: string): Promise<RequestDoc> {
  await ctx.authorize('request.manage');
  const stream = streams.request(ctx.tenant, requestId);
  await ctx.engine.commands.execute({
    stream, decider: requestDecider,
    command: { type: 'DecideRequest', requestId, decision, reason, today: japanDate(ctx.engine.clock.now()) },
    // A granted suspension suspends the person on their own stream, in the same unit.
    route: (events) => {
      const { request, resident } = routeRequestEvents(events);
      return [
        { stream, events: request },
        ...resident.map((e) => ({ stream: streams.resident(ctx.tenant, e.data.residentId), events: [e], expectedRevision: 'stream_exists' as const })),
      ];
    },
  }, ctx.meta());
  return requestDoc(ctx, requestId);
}

export async function requests(ctx: SessionContext, options: { overdue?: boolean } = {}): Promise<RequestDoc[]> {
  await ctx.authorize('request.manage');
  await ctx.upToDate();
  const today = japanDate(ctx.engine.clock.now());
  const out: RequestDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('requests', { prefix: `${ctx.tenant}/` })) {
    const r = doc as RequestDoc;
    if (!options.overdue || (r.status === 'lodged' && r.deadline < today)) out.push(r);
  }
  out.sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  await ctx.logRead('request.list', ['requestId', 'kind', 'residentId', 'deadline', 'status'], { count: out.length });
  return out;
}

export async function disclose(ctx: SessionContext, requestId: string): Promise<Disclosure> {
  const request = await requestDoc(ctx, requestId);
  if (request.kind !== 'disclosure' || request.status !== 'decided' || request.decision === 'refused') {
    throw new DomainError('not-disclosable', `request ${requestId} is not a granted disclosure request`);
  }
  const residentId = request.residentId;
  const resident = await ctx.requireResident(residentId);
  const ledger = await ctx.currentLedger(residentId);
  const special = await replaySpecialStatuses(ctx, residentId, null);
  const notices: Array<Disclosure['notices'][number]> = [];
  const log: OplogEntry[] = [];
  // Notice runs are kept in clear (ids and criteria): only the rows of runs that name this person are parsed, and no
  // sealed row is opened, so that a city's store is read, not decrypted, for one person's disclosure.
  const runs: StoredRowFilter = { tenant: ctx.tenant, typeIs: 'NoticesIssued', dataContains: JSON.stringify(residentId) };
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, runs)) {
    const e = recordedEventOf(row);
    const d = e.data as { runId: string; kind: string; residentIds: string[]; criteria: { vaccine: string; dose: number } };
    if (d.residentIds.includes(residentId)) notices.push({ runId: d.runId, kind: d.kind, at: e.recordedAt, vaccine: d.criteria.vaccine, dose: d.criteria.dose });
  }
  const copies: Array<Disclosure['copies'][number]> = [];
  const exports: StoredRowFilter = { tenant: ctx.tenant, typeIs: 'CopiesExported', dataContains: JSON.stringify(residentId) };
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, exports)) {
    const e = recordedEventOf(row);
    const d = e.data as { exportId: string; residentIds: string[] };
    if (d.residentIds.includes(residentId)) copies.push({ exportId: d.exportId, at: e.recordedAt });
  }
  for await (const entry of readSelectedOperationLog(ctx.engine.storedRows, ctx.tenant, ctx.engine.clearView, { resident: residentId })) log.push(entry);
  const provisions = await readProvisions(ctx, residentId);
  const items = itemsFor('disclosure', false);
  await ctx.logRead('disclosure.export', [...items, 'notices', 'copies', 'provisions', 'operationLog'], { residentId, count: log.length });
  return {
    requestId, residentId, exportedAt: ctx.engine.clock.now().toISOString(),
    resident: { ...resident.details, status: resident.status },
    records: ledger ? [...ledger.records] : [],
    antibodyTests: [...special.antibodyTests],
    statuses: [...special.statuses],
    notices,
    copies,
    provisions,
    operationLog: log.map(({ hash: _h, previousHash: _p, ...entry }) => entry),
  };
}

/** A request, after the one policy decision (deny by default) for managing requests. */
async function requestDoc(ctx: SessionContext, requestId: string): Promise<RequestDoc> {
  await ctx.authorize('request.manage');
  await ctx.upToDate();
  const key = docKey(ctx.tenant, requestId);
  const doc = (await ctx.engine.projectionStore.getDocs('requests', [key])).get(key)?.doc as RequestDoc | undefined;
  if (!doc) throw new DomainError('unknown-request', `no request ${requestId.slice(0, 36)}`);
  return doc;
}
