// 対象者抽出 and 通知: who is due, and the notice runs (接種券, 案内, 勧奨) put on the record.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  DomainError, EligibilityCriteriaSchema, formNumberOf, formSerialsDecider, NOTICE_REPEAT_DAYS, noticeRunCriteria, noticeRunDecider, recordedEventOf, storedRowsMatching, streams,
  type EligibilityCriteria, type NoticeKind, type PriorNoticeRun,
} from '@vaxledger/domain';
import { docKey, EligibilityIndex, type EligibilityQuery, type EligibilityRow, type ResidentDoc } from '@vaxledger/projections';
import { describeInvalid, type SessionContext } from './context.ts';

export interface NoticeRun {
  readonly runId: string;
  readonly kind: NoticeKind;
  readonly criteria: EligibilityQuery;
  /** One per resident covered, with the 予診票番号 of the form issued to them (printed on the notice). */
  readonly notices: ReadonlyArray<EligibilityRow & { formNumber: string; kanaName: string; kanjiName: string; postalCode: string | null; address: string; addressSupplement: string | null }>;
  /** Matched but left out: 送付除外 or 住基閲覧注意. */
  readonly withheld: number;
}

/**
 * The runs of the same vaccine recorded within `days` of now: what the same-mailing rule is decided against (runs are
 * kept in clear: no sealed row is opened).
 */
async function recentRuns(ctx: SessionContext, vaccine: string, days: number): Promise<PriorNoticeRun[]> {
  const since = new Date(ctx.engine.clock.now().getTime() - days * 86_400_000).toISOString();
  const runs: PriorNoticeRun[] = [];
  for await (const { row } of storedRowsMatching(ctx.engine.storedRows, { tenant: ctx.tenant, typeIs: 'NoticesIssued', dataContains: JSON.stringify(vaccine) })) {
    const e = recordedEventOf(row);
    const d = e.data as { runId: string; kind: string; criteria: EligibilityCriteria };
    if (e.recordedAt >= since) runs.push({ runId: d.runId, kind: d.kind, criteria: d.criteria, at: e.recordedAt });
  }
  return runs;
}

async function eligibilityIndex(ctx: SessionContext): Promise<EligibilityIndex> {
  await ctx.upToDate();
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
  // Checked before the authorization, as any malformed call is; the decider checks the same again.
  const checked = noticeRunCriteria({ kind, criteria: query as EligibilityCriteria, ...(options.again === undefined ? {} : { again: options.again }) });
  if (E.isLeft(checked)) throw checked.left;
  await ctx.authorize('notices.issue');
  const { criteria: recorded } = checked.right;
  const priorRuns = await recentRuns(ctx, recorded.vaccine, options.repeatWithinDays ?? NOTICE_REPEAT_DAYS);
  const matched = (await eligibilityIndex(ctx)).query(recorded);
  const covered = matched.filter((r) => !r.noMail);
  const runId = randomUUID();
  let formSerialFrom = 0;
  // Every covered resident gets a form numbered from the next 印刷連番, reserved in the same unit as the run: two runs
  // issued at once are decided one after the other and never number two forms alike.
  await ctx.engine.commands.execute({
    stream: streams.formSerials(ctx.tenant), decider: formSerialsDecider,
    command: { type: 'ReserveFormSerials', count: covered.length, runId },
    then: (_state, reserved) => {
      formSerialFrom = reserved[0]?.data.from ?? 0;
      return {
        stream: streams.notices(ctx.tenant, runId), decider: noticeRunDecider,
        command: {
          type: 'IssueNotices', runId, kind, criteria: query as EligibilityCriteria, residentIds: covered.map((r) => r.residentId), withheld: matched.length - covered.length,
          now: ctx.engine.clock.now().toISOString(), priorRuns,
          ...(options.again === undefined ? {} : { again: options.again }), ...(options.repeatWithinDays === undefined ? {} : { repeatWithinDays: options.repeatWithinDays }),
          ...(formSerialFrom > 0 ? { formSerialFrom } : {}),
        },
      };
    },
  }, ctx.meta());
  // What a notice needs, and nothing more: name, postal code, address.
  const keys = covered.map((r) => docKey(ctx.tenant, r.residentId));
  const residents = await ctx.engine.projectionStore.getDocs('residents', keys);
  const notices = covered.map((r, i) => {
    const d = (residents.get(docKey(ctx.tenant, r.residentId))?.doc as ResidentDoc).details;
    // Object.assign: a spread followed by new members is a slow path in V8 (Node 20), and a run can list 100,000s.
    return Object.assign({}, r, { formNumber: formNumberOf(formSerialFrom + i), kanaName: d.kanaName, kanjiName: d.kanjiName, postalCode: d.postalCode ?? null, address: d.address, addressSupplement: d.addressSupplement ?? null });
  });
  return { runId, kind: checked.right.kind, criteria: recorded, notices, withheld: matched.length - covered.length };
}
