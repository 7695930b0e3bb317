// 対象者抽出 and 通知: who is due, and the notice runs (接種券, 案内, 勧奨) put on the record.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { containsMyNumber, DomainError, recordedEventOf, slicesOf, storedRowsMatching, streams, NoticeKindSchema, EligibilityCriteriaSchema, type EligibilityCriteria, type NoticeKind } from '@vaxledger/domain';
import { docKey, EligibilityIndex, type EligibilityQuery, type EligibilityRow, type EligibilityStatus, type ResidentDoc } from '@vaxledger/projections';
import { describeInvalid, type SessionContext } from './context.ts';

export interface NoticeRun {
  readonly runId: string;
  readonly kind: NoticeKind;
  readonly criteria: EligibilityQuery;
  readonly notices: ReadonlyArray<EligibilityRow & { kanaName: string; kanjiName: string; postalCode: string | null; address: string; addressSupplement: string | null }>;
  /** Matched but left out: 送付除外 or 住基閲覧注意. */
  readonly withheld: number;
}

/** The statuses each kind of notice may go to: tickets and guidance before or in the window, reminders in or after it. */
const STATUSES_OF_KIND: Readonly<Record<NoticeKind, readonly EligibilityStatus[]>> = {
  ticket: ['due', 'closing', 'upcoming'],
  guidance: ['due', 'closing', 'upcoming'],
  reminder: ['due', 'closing', 'missed'],
};

/** Days within which the same criteria issued again are refused unless a reason is given (a person mailed twice). */
export const NOTICE_REPEAT_DAYS = 30;

/**
 * Whether two runs are the same mailing: the same kind to the same people — vaccine, dose, ward, birth cohort and
 * statuses. The evaluation date and horizon are left out: the same run a day later reaches the same people.
 */
function sameMailing(kind: NoticeKind, a: EligibilityCriteria, otherKind: string, b: EligibilityCriteria): boolean {
  const statuses = (c: EligibilityCriteria) => [...(c.statuses ?? STATUSES_OF_KIND[kind])].sort().join(',');
  return kind === otherKind && a.vaccine === b.vaccine && a.dose === b.dose && (a.ward ?? '') === (b.ward ?? '')
    && (a.birthFrom ?? '') === (b.birthFrom ?? '') && (a.birthTo ?? '') === (b.birthTo ?? '') && statuses(a) === statuses(b);
}

/** The last run of the same mailing within `days` of now, if any (runs are kept in clear: no sealed row is opened). */
async function recentSameRun(ctx: SessionContext, kind: NoticeKind, criteria: EligibilityCriteria, days: number): Promise<{ runId: string; at: string } | null> {
  const since = new Date(ctx.engine.clock.now().getTime() - days * 86_400_000).toISOString();
  let found: { runId: string; at: string } | null = null;
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'NoticesIssued', dataContains: JSON.stringify(criteria.vaccine) })) {
    const e = recordedEventOf(row);
    const d = e.data as { runId: string; kind: string; criteria: EligibilityCriteria };
    if (e.recordedAt >= since && sameMailing(kind, criteria, d.kind, d.criteria)) found = { runId: d.runId, at: e.recordedAt };
  }
  return found;
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

export async function issueNotices(ctx: SessionContext, kind: NoticeKind, query: EligibilityQuery, options: { again?: string; repeatWithinDays?: number } = {}): Promise<NoticeRun> {
  const parsedKind = NoticeKindSchema.safeParse(kind);
  if (!parsedKind.success) throw new DomainError('invalid-notice-kind', 'notice kind must be ticket, guidance or reminder');
  const criteria = EligibilityCriteriaSchema.safeParse(query);
  if (!criteria.success) throw new DomainError('invalid-criteria', describeInvalid(criteria.error));
  const allowed = STATUSES_OF_KIND[parsedKind.data];
  const outside = (criteria.data.statuses ?? []).filter((s) => !allowed.includes(s));
  if (outside.length > 0) throw new DomainError('invalid-status', `a ${kind} goes to ${allowed.join(', ')}; not to ${outside.join(', ')}`);
  const statuses = [...new Set(criteria.data.statuses ?? allowed)];
  const again = options.again?.trim();
  if (options.again !== undefined && (again === undefined || again.length === 0 || again.length > 200)) throw new DomainError('invalid-again', '--again needs a reason, at most 200 characters');
  // The reason is kept in clear on the run: a My Number in it is refused (never at rest in clear).
  if (again !== undefined && containsMyNumber(again)) throw new DomainError('my-number-in-text', '--again holds a 個人番号: write the reason without it');
  await ctx.authorize('notices.issue');
  const recorded = { ...criteria.data, statuses };
  if (again === undefined) {
    const previous = await recentSameRun(ctx, parsedKind.data, recorded, options.repeatWithinDays ?? NOTICE_REPEAT_DAYS);
    if (previous) {
      throw new DomainError('notices-issued-recently', `the same ${kind} run (${previous.runId}) was issued at ${previous.at}, within ${options.repeatWithinDays ?? NOTICE_REPEAT_DAYS} days: give --again REASON to issue it again`);
    }
  }
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
        data: { runId, kind, criteria: recorded, residentIds, withheld, ...(again === undefined ? {} : { again }), ...(slices.length > 1 ? { part: { index, of: slices.length } } : {}) },
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
  return { runId, kind, criteria: recorded, notices, withheld: matched.length - covered.length };
}
