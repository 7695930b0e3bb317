// Retention and erasure: a person's items erased by destroying their key, the statistics kept as anonymous cells.
// Each export is documented on `Session`, which hosts call.
import {
  DomainError, fiscalYearOf, normalizeKana, parseIsoDate, streams,
  type ResidentDetails, type Slip,
} from '@vaxledger/domain';
import { type SuspenseDoc, ageGroupOf, ageOn } from '@vaxledger/projections';
import { japanDate } from '../slip-importer.ts';
import { destroyRemaining, subjectsOfErasure } from '../erasure-completion.ts';
import type { SessionContext } from './context.ts';

/**
 * The steps of an erasure, in order. A host never sees them; the engine's `erasureSteps` seam is told each one before
 * it runs, so that tests can fail (or kill) an erasure at every step and show that it is finished afterwards.
 */
export const ERASURE_STEPS = ['note', 'record', 'catch-up', 'destroy-key', 'destroy-held', 'discard-snapshot', 'clear-note'] as const;
export type ErasureStep = typeof ERASURE_STEPS[number];

/** What an erasure did, in counts (never data). */
export interface ErasureResult {
  readonly withinRetention: boolean;
  /** The person was already recorded as erased: this call only destroyed what of theirs remained. */
  readonly alreadyErased: boolean;
  readonly counts: {
    /** Vaccination records on the ledger. */
    readonly doses: number;
    /** Held clinic slips (疑義) that named the person or whose 4 information match theirs. */
    readonly heldSlips: number;
    /** Held VRS rows, likewise. */
    readonly vrsRows: number;
    /** Keys destroyed by this call (the person's own and each held item's). */
    readonly keysDestroyed: number;
  };
}

/** A held slip is the person's when it names them, was matched to them, or carries their 4 information (kana name, birth date, sex). */
function heldSlipOf(doc: SuspenseDoc, residentId: string, details: ResidentDetails): boolean {
  const slip: Slip = doc.slip;
  if (slip.residentId === residentId || doc.resolution?.residentId === residentId) return true;
  return normalizeKana(slip.kanaName) === normalizeKana(details.kanaName) && slip.birthDate === details.birthDate && slip.sex === details.sex;
}

export async function erase(ctx: SessionContext, residentId: string, options: { reason?: string } = {}): Promise<ErasureResult> {
  await ctx.authorize('subject.erase', residentId);
  const cipher = ctx.engine.cipher;
  if (!cipher) throw new DomainError('no-cipher', 'this engine keeps no sealed data: nothing to erase by key');
  const step = async (s: ErasureStep) => ctx.engine.erasureSteps?.(s);
  const recorded = await recordedErasure(ctx, residentId);
  if (recorded) return finish(ctx, residentId, recorded);

  const resident = await ctx.requireResident(residentId);
  const person = await ctx.eligibilityDoc(residentId);
  const today = japanDate(ctx.engine.clock.now());
  const years = ctx.engine.retentionYears;
  const plusYears = (iso: string) => `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
  const lastDose = (person?.doses ?? []).reduce((m, d) => (d.date > m ? d.date : m), '0000-01-01');
  const left = resident.status !== 'resident' && resident.leftOn !== undefined;
  const withinRetention = !left || plusYears(resident.leftOn!) > today || plusYears(lastDose) > today;
  if (withinRetention && !options.reason) {
    throw new DomainError('within-retention', `resident ${residentId} is within the retention period (${years} years after leaving and after the last vaccination); give a reason to erase now`);
  }
  const cells = new Map<string, { vaccine: string; dose: number; fiscalYear: number; ward: string; ageGroup: string }>();
  const birth = parseIsoDate(resident.details.birthDate);
  for (const d of person?.doses ?? []) {
    const day = parseIsoDate(d.date)!;
    const cell = { vaccine: d.vaccine, dose: d.dose, fiscalYear: fiscalYearOf(day), ward: resident.details.wardCode ?? 'unknown', ageGroup: birth === null ? 'unknown' : ageGroupOf(ageOn(birth, day)) };
    cells.set(JSON.stringify(cell), cell);
  }
  // Held slips and VRS rows go with the person: those naming them and those carrying their 4 information (a slip
  // held under a mistyped 整理番号 still shows their name and birth date, and its remarks whatever a clinic wrote).
  const slipIds: string[] = [];
  let vrsRows = 0;
  for await (const { doc } of ctx.engine.projectionStore.scan('suspense', { prefix: `${ctx.tenant}/` })) {
    const held = doc as SuspenseDoc;
    if (!heldSlipOf(held, residentId, resident.details)) continue;
    slipIds.push(held.slipId);
    if (held.source === 'vrs') vrsRows++;
  }
  const subjects = subjectsOfErasure(residentId, slipIds);
  const keyStore = ctx.engine.keyStore;
  // Noted in the key store before it is recorded: a crash after the record is finished by the next process to open the store.
  await step('note');
  await keyStore?.notePendingErasure?.(ctx.tenant, residentId, subjects);
  await step('record');
  const metadata = ctx.meta();
  await ctx.engine.store.appendMulti([
    {
      stream: streams.resident(ctx.tenant, residentId), expectedRevision: BigInt(resident.revision),
      events: [ctx.envelope('SubjectErased', { residentId, reason: options.reason ?? '保存期間の経過', withinRetention, slipIds }, metadata)],
    },
    { stream: streams.statistics(ctx.tenant), expectedRevision: 'any', events: [ctx.envelope('StatisticsRetained', { cells: [...cells.values()] }, metadata)] },
  ]);
  await step('catch-up');
  await ctx.engine.catchUp();
  await step('destroy-key');
  let keysDestroyed = await destroyRemaining(cipher, ctx.tenant, [residentId]);
  await step('destroy-held');
  keysDestroyed += await destroyRemaining(cipher, ctx.tenant, subjects.slice(1));
  // The eligibility snapshot holds the person's items under a key of its own: that key goes too.
  await step('discard-snapshot');
  await ctx.engine.discardEligibilitySnapshot();
  await step('clear-note');
  await keyStore?.clearPendingErasure?.(ctx.tenant, residentId);
  return { withinRetention, alreadyErased: false, counts: { doses: person?.doses.length ?? 0, heldSlips: slipIds.length - vrsRows, vrsRows, keysDestroyed } };
}

/**
 * The SubjectErased the person's stream records, or null when they were not erased (an erased person is never
 * registered again: their key's tombstone refuses it). Its data is clear: it reads without a key.
 */
async function recordedErasure(ctx: SessionContext, residentId: string): Promise<{ withinRetention: boolean; slipIds: readonly string[] } | null> {
  let found: { withinRetention: boolean; slipIds: readonly string[] } | null = null;
  for await (const e of ctx.engine.store.readStream(streams.resident(ctx.tenant, residentId))) {
    if (e.type === 'SubjectErased') found = e.data as { withinRetention: boolean; slipIds: readonly string[] };
  }
  return found;
}

/** An erasure already recorded: whatever of the person's keys remains is destroyed now (an interrupted erasure is finished). */
async function finish(ctx: SessionContext, residentId: string, recorded: { withinRetention: boolean; slipIds: readonly string[] }): Promise<ErasureResult> {
  const keyStore = ctx.engine.keyStore;
  const noted = (await keyStore?.pendingErasures?.(ctx.tenant))?.find((p) => p.residentId === residentId)?.subjects ?? [];
  const keysDestroyed = await destroyRemaining(ctx.engine.cipher!, ctx.tenant, [...new Set([...subjectsOfErasure(residentId, recorded.slipIds), ...noted])]);
  await ctx.engine.discardEligibilitySnapshot();
  await keyStore?.clearPendingErasure?.(ctx.tenant, residentId);
  return { withinRetention: recorded.withinRetention, alreadyErased: true, counts: { doses: 0, heldSlips: 0, vrsRows: 0, keysDestroyed } };
}
