// 予防接種台帳 reads: a resident's ledger now or as of a past instant, showing only what the purpose may see.
// Each export is documented on `Session`, which hosts call.
import { DomainError, streams, itemsFor, ITEMS_BY_PURPOSE, type ViewItem, type ResidentDetails } from '@vaxledger/domain';
import { docKey, foldLedger, foldSpecialStatuses, type SpecialStatuses, type ProjectedEvent, projectedEventOf, residentsProjection, type LedgerDoc, type ResidentDoc } from '@vaxledger/projections';
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
  /** 風しん抗体検査 (別添2 #64–68), by test date; shown with the vaccinations. */
  readonly antibodyTests: SpecialStatuses['antibodyTests'][number][];
  /** Special statuses with a period (長期療養者区分, 被災者区分, 免除区分: #60–62); shown with the vaccinations. */
  readonly statuses: SpecialStatuses['statuses'][number][];
  /** The items shown, as recorded in the operation log. */
  readonly items: readonly ViewItem[];
  readonly asOf: string | null;
  /**
   * How `asOf` was read: `as-given` (an instant with its offset), `jst-midnight` (a date alone: 00:00 JST that day),
   * `jst` (a date and time without an offset: Japan time).
   */
  readonly asOfTakenAs?: 'as-given' | 'jst-midnight' | 'jst';
}

/**
 * An --as-of value as an instant. Clerks think in Japan time: a date alone is 00:00 JST of that day, a time without an
 * offset is JST; an instant with `Z` or an offset is taken as given.
 */
export function parseAsOf(text: string): { instant: string; takenAs: NonNullable<LedgerView['asOfTakenAs']> } {
  const t = text.trim();
  let iso = t;
  let takenAs: NonNullable<LedgerView['asOfTakenAs']> = 'as-given';
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    iso = `${t}T00:00:00+09:00`;
    takenAs = 'jst-midnight';
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/.test(t)) {
    iso = `${t.replace(' ', 'T')}+09:00`;
    takenAs = 'jst';
  } else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    throw new DomainError('invalid-instant', '--as-of is not a date (YYYY-MM-DD, taken as 00:00 JST) or an ISO 8601 instant');
  }
  const ms = Date.parse(iso);
  // Date.parse rolls 2026-02-30 over to March: a date that is not on the calendar is refused.
  const japanDay = Number.isNaN(ms) ? '' : new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
  if (Number.isNaN(ms) || (takenAs !== 'as-given' && japanDay !== t.slice(0, 10))) {
    throw new DomainError('invalid-instant', '--as-of is not a date (YYYY-MM-DD, taken as 00:00 JST) or an ISO 8601 instant');
  }
  return { instant: new Date(ms).toISOString(), takenAs };
}

/**
 * The vaccination ledger of one resident, now or as the store knew it at a past instant (`asOf`, ISO 8601).
 * The read is appended to the operation log before the ledger is returned.
 */
export async function viewLedger(ctx: SessionContext, residentId: string, options: { asOf?: string } = {}): Promise<LedgerView> {
  await ctx.authorize('ledger.view', residentId);
  const resident = await ctx.requireResident(residentId);
  await ctx.refuseIfSuspended(resident, 'ledger.view');
  const parsed = options.asOf === undefined ? null : parseAsOf(options.asOf);
  const asOf = parsed?.instant ?? null;
  const doc = asOf === null ? await ctx.currentLedger(residentId) : await replayLedger(ctx, residentId, { instant: asOf });
  // As of a past instant, the person as they were then (status, name, address), not as they are today.
  const then = asOf === null ? resident : await residentAsOf(ctx, residentId, asOf);
  const restricted = resident.details.addressDisclosureRestricted === true || then?.details.addressDisclosureRestricted === true;
  const items = itemsFor(ctx.purpose, restricted);
  const shown: Record<string, unknown> = { status: then?.status ?? 'not-registered' };
  for (const item of items) {
    if (item === 'residentId' || item === 'vaccinations' || then === undefined) continue;
    const value = then.details[item];
    if (value !== undefined) shown[item] = value;
  }
  if (restricted && !items.includes('address') && ITEMS_BY_PURPOSE[ctx.purpose].includes('address')) shown.addressWithheld = true;
  const special = items.includes('vaccinations') ? await replaySpecialStatuses(ctx, residentId, asOf) : { antibodyTests: [], statuses: [] };
  await ctx.logRead('ledger.view', items, { residentId, asOf: asOf ?? undefined, count: doc?.records.length ?? 0 });
  return {
    residentId,
    resident: shown as LedgerView['resident'],
    records: doc && items.includes('vaccinations') ? [...doc.records] : [],
    antibodyTests: [...special.antibodyTests],
    statuses: [...special.statuses],
    items,
    asOf,
    ...(parsed ? { asOfTakenAs: parsed.takenAs } : {}),
  };
}

/** The registry facts of a resident as the store knew them at an instant; undefined before registration. */
async function residentAsOf(ctx: SessionContext, residentId: string, instant: string): Promise<ResidentDoc | undefined> {
  let doc: ResidentDoc | undefined;
  for await (const e of ctx.engine.store.readStream(streams.resident(ctx.tenant, residentId))) {
    if (e.recordedAt > instant) break;
    doc = residentsProjection.evolve(doc, projectedEventOf(e, ''), docKey(ctx.tenant, residentId));
  }
  return doc;
}

/** The public read of a past ledger: authorized and put on the record like every read (it shows a person's records). */
export async function ledgerAsOf(ctx: SessionContext, residentId: string, at: { instant?: string; position?: number }): Promise<LedgerDoc | undefined> {
  await ctx.authorize('ledger.view', residentId);
  // A person no longer registered (erased, or not yet) has a past all the same: replayed, it shows what still opens.
  const resident = await ctx.requireResident(residentId).catch(() => undefined);
  if (resident) await ctx.refuseIfSuspended(resident, 'ledger.view');
  const items = itemsFor(ctx.purpose, resident?.details.addressDisclosureRestricted === true).filter((i) => i === 'residentId' || i === 'vaccinations');
  const doc = items.includes('vaccinations') ? await replayLedger(ctx, residentId, at) : undefined;
  const asOf = at.instant !== undefined && !Number.isNaN(Date.parse(at.instant)) ? new Date(Date.parse(at.instant)).toISOString() : undefined;
  await ctx.logRead('ledger.view', items, { residentId, ...(asOf ? { asOf } : {}), count: doc?.records.length ?? 0 });
  return doc;
}

/** The antibody tests and special statuses on the resident's vaccination stream, now or up to an instant. */
export async function replaySpecialStatuses(ctx: SessionContext, residentId: string, instant: string | null): Promise<SpecialStatuses> {
  const events: ProjectedEvent[] = [];
  for await (const e of ctx.engine.store.readStream(streams.vaccination(ctx.tenant, residentId))) {
    if (instant !== null && e.recordedAt > instant) break;
    if (e.type === 'AntibodyTestRecorded' || e.type.startsWith('Condition')) events.push(projectedEventOf(e, ''));
  }
  return foldSpecialStatuses(events);
}

/** Replays the resident's vaccination stream up to an instant or a position; for reads already authorized. */
export async function replayLedger(ctx: SessionContext, residentId: string, at: { instant?: string; position?: number }): Promise<LedgerDoc | undefined> {
  const events: ProjectedEvent[] = [];
  for await (const e of ctx.engine.store.readStream(streams.vaccination(ctx.tenant, residentId))) {
    if (at.instant !== undefined && e.recordedAt > at.instant) break;
    if (at.position !== undefined && Number(e.globalPosition) > at.position) break;
    events.push(projectedEventOf(e, ''));
  }
  return foldLedger(ctx.tenant, residentId, events);
}
