// The person's requests (開示・訂正・利用停止): lodged, extended, decided, and the disclosure export.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { DomainError, recordedEventOf, storedRowsMatching, type StoredRowFilter, streams, parseIsoDate, REQUEST_DECISION_DAYS, formatIsoDate, RequestKindSchema, type RequestKind, itemsFor, type StreamAppend, type ResidentDetails } from '@vaxledger/domain';
import { docKey, type RequestDoc, readSelectedOperationLog, type LedgerDoc, type OplogEntry } from '@vaxledger/projections';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

export interface Disclosure {
  readonly requestId: string;
  readonly residentId: string;
  readonly exportedAt: string;
  readonly resident: ResidentDetails & { readonly status: string };
  readonly records: LedgerDoc['records'][number][];
  /** Provision records: the notice runs (接種券, 案内, 勧奨) that covered the person. */
  readonly notices: ReadonlyArray<{ runId: string; kind: string; at: string; vaccine: string; dose: number }>;
  /** Provision records: the 副本 exports to the intermediate server that carried the person's records. */
  readonly copies: ReadonlyArray<{ exportId: string; at: string }>;
  readonly operationLog: ReadonlyArray<Omit<OplogEntry, 'hash' | 'previousHash'>>;
}

/** Lodges a request; it must be decided within 14 days of receipt unless extended with a reason. */
export async function lodgeRequest(ctx: SessionContext, input: { residentId: string; kind: RequestKind; receivedOn: string; summary?: string }): Promise<RequestDoc> {
  await ctx.authorize('request.manage', input.residentId);
  if (!RequestKindSchema.safeParse(input.kind).success) throw new DomainError('invalid-request-kind', 'kind must be disclosure, correction or suspension');
  await ctx.requireResident(input.residentId);
  const received = parseIsoDate(input.receivedOn);
  if (received === null) throw new DomainError('invalid-date', 'the date of receipt is not a valid date');
  // A receipt in the future is a typing error, and its deadline would be too.
  if (input.receivedOn > japanDate(ctx.engine.clock.now())) throw new DomainError('invalid-date', 'the date of receipt is in the future (JST)');
  const requestId = randomUUID();
  await ctx.engine.store.appendMulti([{
    stream: streams.request(ctx.tenant, requestId), expectedRevision: 'no_stream',
    events: [ctx.envelope('RequestLodged', { requestId, kind: input.kind, residentId: input.residentId, receivedOn: input.receivedOn, deadline: formatIsoDate(received + REQUEST_DECISION_DAYS), ...(input.summary ? { summary: input.summary } : {}) }, ctx.meta())],
  }]);
  return requestDoc(ctx, requestId);
}

export async function extendRequest(ctx: SessionContext, requestId: string, deadline: string, reason: string): Promise<RequestDoc> {
  const current = await requestDoc(ctx, requestId);
  if (current.status !== 'lodged') throw new DomainError('request-decided', `request ${requestId} is already decided`);
  if (parseIsoDate(deadline) === null || deadline <= current.deadline) throw new DomainError('invalid-deadline', 'the new deadline must be a valid date after the current one');
  await appendToRequest(ctx, requestId, 'RequestDeadlineExtended', { requestId, residentId: current.residentId, deadline, reason });
  return requestDoc(ctx, requestId);
}

export async function decideRequest(ctx: SessionContext, requestId: string, decision: 'granted' | 'partially-granted' | 'refused', reason: string): Promise<RequestDoc> {
  const current = await requestDoc(ctx, requestId);
  if (current.status !== 'lodged') throw new DomainError('request-decided', `request ${requestId} is already decided`);
  const decidedOn = japanDate(ctx.engine.clock.now());
  const metadata = ctx.meta();
  const appends: StreamAppend[] = [{
    stream: streams.request(ctx.tenant, requestId), expectedRevision: 'stream_exists',
    events: [ctx.envelope('RequestDecided', { requestId, residentId: current.residentId, decision, reason, decidedOn }, metadata)],
  }];
  if (current.kind === 'suspension' && decision !== 'refused') {
    appends.push({ stream: streams.resident(ctx.tenant, current.residentId), expectedRevision: 'stream_exists', events: [ctx.envelope('UseSuspended', { residentId: current.residentId, requestId }, metadata)] });
  }
  await ctx.engine.store.appendMulti(appends);
  return requestDoc(ctx, requestId);
}

export async function requests(ctx: SessionContext, options: { overdue?: boolean } = {}): Promise<RequestDoc[]> {
  await ctx.authorize('request.manage');
  await ctx.engine.catchUp();
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
  const items = itemsFor('disclosure', false);
  await ctx.logRead('disclosure.export', [...items, 'notices', 'copies', 'operationLog'], { residentId, count: log.length });
  return {
    requestId, residentId, exportedAt: ctx.engine.clock.now().toISOString(),
    resident: { ...resident.details, status: resident.status },
    records: ledger ? [...ledger.records] : [],
    notices,
    copies,
    operationLog: log.map(({ hash: _h, previousHash: _p, ...entry }) => entry),
  };
}

/** A request, after the one policy decision (deny by default) for managing requests. */
async function requestDoc(ctx: SessionContext, requestId: string): Promise<RequestDoc> {
  await ctx.authorize('request.manage');
  await ctx.engine.catchUp();
  const key = docKey(ctx.tenant, requestId);
  const doc = (await ctx.engine.projectionStore.getDocs('requests', [key])).get(key)?.doc as RequestDoc | undefined;
  if (!doc) throw new DomainError('unknown-request', `no request ${requestId.slice(0, 36)}`);
  return doc;
}

async function appendToRequest(ctx: SessionContext, requestId: string, type: 'RequestDeadlineExtended', data: unknown): Promise<void> {
  await ctx.engine.store.appendMulti([{ stream: streams.request(ctx.tenant, requestId), expectedRevision: 'stream_exists', events: [ctx.envelope(type, data, ctx.meta())] }]);
}
