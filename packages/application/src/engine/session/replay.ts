// 再現 (replay): what the store knew at a past instant, for the auditor. Folded from the rows recorded up to then into
// fresh projections; ids, statuses and counts only, unless one resident is asked for. Documented on `Session.replay`.
import { DomainError } from '@vaxledger/domain';
import {
  computeStatistics, docKey, scanEligibility, type LedgerDoc, type OperatorDoc, type ProjectionStore, type RequestDoc,
  type RetainedStatisticsDoc, type StatisticsReport, type SuspenseDoc,
} from '@vaxledger/projections';
import type { SessionContext } from './context.ts';
import { parseAsOf, replayLedger } from './ledger-reads.ts';

/** What the store knew at `asOf`: every part reflects the stored rows up to `position` (recorded at `recordedAt`). */
export interface Replay {
  /** The instant asked for, exact (a date alone is 00:00 JST). */
  readonly asOf: string;
  /** The last position recorded at or before it (0: nothing was), and when it was recorded. */
  readonly position: number;
  readonly recordedAt: string | null;
  /** Documents per projection, this tenant's. */
  readonly counts: ReadonlyArray<{ readonly projection: string; readonly documents: number }>;
  readonly fiscalYear: number;
  readonly statistics: StatisticsReport;
  /** Every operator registered by then, with roles, purposes and status. */
  readonly operators: ReadonlyArray<{ readonly operatorId: string; readonly status: OperatorDoc['status']; readonly roles: readonly string[]; readonly purposes: readonly string[] }>;
  /** The requests not yet decided by then (ids, kinds, statuses: no person). */
  readonly requests: ReadonlyArray<{ readonly requestId: string; readonly kind: string; readonly status: RequestDoc['status']; readonly deadline: string }>;
  /** The slips still held by then (疑義: ids, statuses, why held). */
  readonly suspense: ReadonlyArray<{ readonly slipId: string; readonly status: SuspenseDoc['status']; readonly reason: string; readonly heldAt: string }>;
  /** The ledger of the resident asked for, as of then (undefined when none was asked for; null before any record). */
  readonly resident?: { readonly residentId: string; readonly ledger: LedgerDoc | null };
}

/** The 年度 (April to March) of an instant's day in Japan. */
function japanFiscalYear(instant: string): number {
  const day = new Date(Date.parse(instant) + 9 * 3_600_000);
  return day.getUTCMonth() >= 3 ? day.getUTCFullYear() : day.getUTCFullYear() - 1;
}

async function docsOf<T>(store: ProjectionStore, projection: string, tenant: string): Promise<T[]> {
  const docs: T[] = [];
  for await (const d of store.scan(projection, { prefix: docKey(tenant, '') })) docs.push(d.doc as T);
  return docs;
}

export async function replay(ctx: SessionContext, asOf: string, options: { residentId?: string; fiscalYear?: number } = {}): Promise<Replay> {
  await ctx.authorize('replay.view', options.residentId);
  const { instant } = parseAsOf(asOf);
  const given = options.fiscalYear;
  if (given !== undefined && (!Number.isInteger(given) || given < 1900 || given > 2200)) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
  const fiscalYear = given ?? japanFiscalYear(instant);
  const tenant = ctx.tenant;
  const report = await ctx.engine.verification.replayAsOf(instant, async (store, at) => {
    const counts: Array<{ projection: string; documents: number }> = [];
    for (const p of ctx.engine.projections) {
      let documents = 0;
      for await (const _ of store.scan(p.name, { prefix: docKey(tenant, '') })) documents++;
      counts.push({ projection: p.name, documents });
    }
    const retainedKey = docKey(tenant, 'retained');
    const retained = (await store.getDocs('retained-statistics', [retainedKey])).get(retainedKey)?.doc as RetainedStatisticsDoc | undefined;
    const statistics = computeStatistics(await scanEligibility(store, tenant), fiscalYear, ctx.engine.rules, retained?.cells ?? []);
    const operators = (await docsOf<OperatorDoc>(store, 'operators', tenant))
      .filter((o) => o.status !== 'unknown')
      .map((o) => ({ operatorId: o.operatorId, status: o.status, roles: [...o.roles].sort(), purposes: [...o.purposes].sort() }))
      .sort((a, b) => (a.operatorId < b.operatorId ? -1 : 1));
    const requests = (await docsOf<RequestDoc>(store, 'requests', tenant))
      .filter((r) => r.status === 'lodged')
      .map((r) => ({ requestId: r.requestId, kind: r.kind, status: r.status, deadline: r.deadline }));
    const suspense = (await docsOf<SuspenseDoc>(store, 'suspense', tenant))
      .filter((s) => s.status === 'held')
      .map((s) => ({ slipId: s.slipId, status: s.status, reason: s.reason, heldAt: s.heldAt }));
    return { asOf: instant, position: at.position, recordedAt: at.recordedAt, counts, fiscalYear, statistics, operators, requests, suspense };
  });
  let resident: Replay['resident'];
  if (options.residentId !== undefined) {
    const residentId = options.residentId;
    resident = { residentId, ledger: (await replayLedger(ctx, residentId, { position: report.position })) ?? null };
  }
  const items = ['aggregateCounts', 'operatorRoster', 'requestIds', 'slipIds', ...(resident ? ['vaccinations'] : [])];
  await ctx.logRead('replay.view', items, { ...(resident ? { residentId: resident.residentId } : {}), asOf: instant, count: report.position });
  return { ...report, ...(resident ? { resident } : {}) };
}
