// 対象者抽出 and 通知: who is due, and the notice runs (接種券, 案内, 勧奨) put on the record.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { DomainError, streams, NoticeKindSchema, EligibilityCriteriaSchema, slicesOf, type NoticeKind } from '@vaxledger/domain';
import { docKey, EligibilityIndex, type EligibilityQuery, type EligibilityRow, type ResidentDoc } from '@vaxledger/projections';
import { describeInvalid, type SessionContext } from './context.ts';

export interface NoticeRun {
  readonly runId: string;
  readonly kind: NoticeKind;
  readonly criteria: EligibilityQuery;
  readonly notices: ReadonlyArray<EligibilityRow & { kanaName: string; kanjiName: string; postalCode: string | null; address: string; addressSupplement: string | null }>;
  /** Matched but left out: 送付除外 or 住基閲覧注意. */
  readonly withheld: number;
}

async function eligibilityIndex(ctx: SessionContext): Promise<EligibilityIndex> {
  await ctx.engine.catchUp();
  return ctx.engine.eligibilityIndex();
}

/**
 * 対象者抽出: who is due, closing, upcoming or has missed a vaccine and dose on a date (statuses computed now, from
 * facts). Residents who moved out, died or were cancelled are left out. The extraction is logged as a read.
 */
export async function eligible(ctx: SessionContext, query: EligibilityQuery): Promise<EligibilityRow[]> {
  const criteria = EligibilityCriteriaSchema.safeParse(query);
  if (!criteria.success) throw new DomainError('invalid-criteria', describeInvalid(criteria.error));
  await ctx.authorize('eligibility.view');
  const rows = (await eligibilityIndex(ctx)).query(query);
  await ctx.logRead('eligibility.view', ['residentId', 'status', 'window', 'wardCode'], { count: rows.length });
  return rows;
}

export async function issueNotices(ctx: SessionContext, kind: NoticeKind, query: EligibilityQuery): Promise<NoticeRun> {
  const parsedKind = NoticeKindSchema.safeParse(kind);
  if (!parsedKind.success) throw new DomainError('invalid-notice-kind', 'notice kind must be ticket, guidance or reminder');
  const criteria = EligibilityCriteriaSchema.safeParse(query);
  if (!criteria.success) throw new DomainError('invalid-criteria', describeInvalid(criteria.error));
  await ctx.authorize('notices.issue');
  const statuses = kind === 'reminder' ? (['due', 'closing', 'missed'] as const) : (['due', 'closing', 'upcoming'] as const);
  const matched = (await eligibilityIndex(ctx)).query({ ...criteria.data, statuses });
  const covered = matched.filter((r) => !r.noMail);
  const runId = randomUUID();
  const withheld = matched.length - covered.length;
  // A run of a whole city is split across events of one unit (a single event would pass EventStoreDB's append limit).
  const slices = slicesOf(covered.map((r) => r.residentId));
  await ctx.engine.appendDecided(
    {
      stream: streams.notices(ctx.tenant, runId),
      events: slices.map((residentIds, index) => ({
        type: 'NoticesIssued' as const,
        data: { runId, kind, criteria: criteria.data, residentIds, withheld, ...(slices.length > 1 ? { part: { index, of: slices.length } } : {}) },
      })),
      expectedRevision: 'no_stream',
    },
    ctx.meta(),
  );
  await ctx.engine.catchUp();
  // What a notice needs, and nothing more: name, postal code, address.
  const keys = covered.map((r) => docKey(ctx.tenant, r.residentId));
  const residents = await ctx.engine.projectionStore.getDocs('residents', keys);
  const notices = covered.map((r) => {
    const d = (residents.get(docKey(ctx.tenant, r.residentId))?.doc as ResidentDoc).details;
    // Object.assign: a spread followed by new members is a slow path in V8 (Node 20), and a run can list 100,000s.
    return Object.assign({}, r, { kanaName: d.kanaName, kanjiName: d.kanjiName, postalCode: d.postalCode ?? null, address: d.address, addressSupplement: d.addressSupplement ?? null });
  });
  return { runId, kind, criteria: criteria.data, notices, withheld: matched.length - covered.length };
}
