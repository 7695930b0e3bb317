// 予防接種台帳 reads: a resident's ledger now or as of a past instant, showing only what the purpose may see.
// Each export is documented on `Session`, which hosts call.
import { DomainError, streams, itemsFor, ITEMS_BY_PURPOSE, type ViewItem, type ResidentDetails } from '@vaxledger/domain';
import { foldLedger, type ProjectedEvent, projectedEventOf, type LedgerDoc } from '@vaxledger/projections';
import type { SessionContext } from './context.ts';

export interface LedgerView {
  readonly residentId: string;
  /** Only the items the purpose may see (事務と情報項目の対応付け); the others are absent, not blank. */
  readonly resident: Partial<Pick<ResidentDetails, 'kanaName' | 'kanjiName' | 'birthDate' | 'sex' | 'address' | 'postalCode' | 'integratedAddresseeNo'>> & {
    readonly status: string;
    /** True when 住基閲覧注意 withheld the address from this purpose. */
    readonly addressWithheld?: boolean;
  };
  readonly records: LedgerDoc['records'][number][];
  /** The items shown, as recorded in the operation log. */
  readonly items: readonly ViewItem[];
  readonly asOf: string | null;
}

/**
 * The vaccination ledger of one resident, now or as the store knew it at a past instant (`asOf`, ISO 8601).
 * The read is appended to the operation log before the ledger is returned.
 */
export async function viewLedger(ctx: SessionContext, residentId: string, options: { asOf?: string } = {}): Promise<LedgerView> {
  await ctx.authorize('ledger.view', residentId);
  const resident = await ctx.requireResident(residentId);
  await ctx.refuseIfSuspended(resident, 'ledger.view');
  let asOf: string | null = null;
  if (options.asOf !== undefined) {
    const t = Date.parse(options.asOf);
    if (Number.isNaN(t)) throw new DomainError('invalid-instant', '--as-of is not an ISO 8601 instant');
    asOf = new Date(t).toISOString();
  }
  const doc = asOf === null ? await ctx.currentLedger(residentId) : await ledgerAsOf(ctx, residentId, { instant: asOf });
  const restricted = resident.details.addressDisclosureRestricted === true;
  const items = itemsFor(ctx.purpose, restricted);
  const shown: Record<string, unknown> = { status: resident.status };
  for (const item of items) {
    if (item === 'residentId' || item === 'vaccinations') continue;
    const value = resident.details[item];
    if (value !== undefined) shown[item] = value;
  }
  if (restricted && !items.includes('address') && ITEMS_BY_PURPOSE[ctx.purpose].includes('address')) shown.addressWithheld = true;
  await ctx.logRead('ledger.view', items, { residentId, asOf: asOf ?? undefined, count: doc?.records.length ?? 0 });
  return {
    residentId,
    resident: shown as LedgerView['resident'],
    records: doc && items.includes('vaccinations') ? [...doc.records] : [],
    items,
    asOf,
  };
}

export async function ledgerAsOf(ctx: SessionContext, residentId: string, at: { instant?: string; position?: number }): Promise<LedgerDoc | undefined> {
  const events: ProjectedEvent[] = [];
  for await (const e of ctx.engine.store.readStream(streams.vaccination(ctx.tenant, residentId))) {
    if (at.instant !== undefined && e.recordedAt > at.instant) break;
    if (at.position !== undefined && Number(e.globalPosition) > at.position) break;
    events.push(projectedEventOf(e, ''));
  }
  return foldLedger(ctx.tenant, residentId, events);
}
