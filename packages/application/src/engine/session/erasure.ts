// Retention and erasure: a person's items erased by destroying their key, the statistics kept as anonymous cells.
// Each export is documented on `Session`, which hosts call.
import * as E from 'fp-ts/lib/Either.js';
import {
  DomainError, erasureDecider, fiscalYearOf, normalizeKana, parseIsoDate, routeErasureEvents, streams,
  type EraseSubject, type ErasureState, type ResidentDetails, type Slip, type StatisticsCell,
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

/**
 * A held slip is the person's when it names them, was matched to them, or carries their 4 information (kana name, birth
 * date, sex); a held answer record, when its inquiry was about them or it carries their 統合宛名番号.
 */
function heldSlipOf(doc: SuspenseDoc, residentId: string, details: ResidentDetails): boolean {
  if (doc.resolution?.residentId === residentId) return true;
  if (doc.answer !== undefined) return doc.inquiredResidentId === residentId || (details.integratedAddresseeNo !== undefined && doc.answer.integratedAddresseeNo === details.integratedAddresseeNo);
  const slip: Slip = doc.slip!;
  if (slip.residentId === residentId) return true;
  return normalizeKana(slip.kanaName) === normalizeKana(details.kanaName) && slip.birthDate === details.birthDate && slip.sex === details.sex;
}

export async function erase(ctx: SessionContext, residentId: string, options: { reason?: string } = {}): Promise<ErasureResult> {
  await ctx.authorize('subject.erase', residentId);
  const cipher = ctx.engine.cipher;
  if (!cipher) throw new DomainError('no-cipher', 'this engine keeps no sealed data: nothing to erase by key');
  const step = async (s: ErasureStep) => ctx.engine.erasureSteps?.(s);
  const stream = streams.resident(ctx.tenant, residentId);
  const { state } = await ctx.engine.load(erasureDecider, stream);
  // An erased person is never registered again (their key's tombstone refuses it): the erasure stays recorded.
  if (state.status === 'erased') return finish(ctx, residentId, state);

  const resident = await ctx.requireResident(residentId);
  const person = await ctx.eligibilityDoc(residentId);
  const cells = new Map<string, StatisticsCell>();
  const birth = parseIsoDate(resident.details.birthDate);
  for (const d of person?.doses ?? []) {
    const day = parseIsoDate(d.date)!;
    const cell = { vaccine: d.vaccine, dose: d.dose, fiscalYear: fiscalYearOf(day), ward: resident.details.wardCode ?? 'unknown', ageGroup: birth === null ? 'unknown' : ageGroupOf(ageOn(birth, day)) } as StatisticsCell;
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
  const lastDoseOn = (person?.doses ?? []).reduce<string | undefined>((m, d) => (m === undefined || d.date > m ? d.date : m), undefined);
  const command: EraseSubject = {
    type: 'EraseSubject', residentId, today: japanDate(ctx.engine.clock.now()), retentionYears: ctx.engine.retentionYears, slipIds, statistics: [...cells.values()],
    ...(options.reason === undefined ? {} : { reason: options.reason }), ...(lastDoseOn === undefined ? {} : { lastDoseOn }),
  };
  // Refused (within the retention period, without a reason) before anything is noted; decided again when recorded.
  const allowed = erasureDecider.decide(command, state);
  if (E.isLeft(allowed)) throw allowed.left;
  const subjects = subjectsOfErasure(residentId, slipIds);
  const keyStore = ctx.engine.keyStore;
  // Noted in the key store before it is recorded: a crash after the record is finished by the next process to open the store.
  await step('note');
  await keyStore?.notePendingErasure?.(ctx.tenant, residentId, subjects);
  await step('record');
  const { events } = await ctx.engine.commands.execute({
    stream, decider: erasureDecider, command,
    // The statistics keep the person's doses as anonymous cells, on their own stream, in the same unit.
    route: (decided) => {
      const routed = routeErasureEvents(decided);
      return [{ stream, events: routed.resident }, { stream: streams.statistics(ctx.tenant), events: routed.statistics, expectedRevision: 'any' }];
    },
  }, ctx.meta(), { beforeCatchUp: () => step('catch-up') });
  const erased = events.find((e) => e.type === 'SubjectErased');
  // Another process recorded the erasure first: what remains of the keys is destroyed, as for any recorded erasure.
  if (erased?.type !== 'SubjectErased') return finish(ctx, residentId, (await ctx.engine.load(erasureDecider, stream)).state as Extract<ErasureState, { status: 'erased' }>);
  await step('destroy-key');
  let keysDestroyed = await destroyRemaining(cipher, ctx.tenant, [residentId]);
  await step('destroy-held');
  keysDestroyed += await destroyRemaining(cipher, ctx.tenant, subjects.slice(1));
  // The eligibility snapshot holds the person's items under a key of its own: that key goes too.
  await step('discard-snapshot');
  await ctx.engine.discardEligibilitySnapshot();
  await step('clear-note');
  await keyStore?.clearPendingErasure?.(ctx.tenant, residentId);
  return { withinRetention: erased.data.withinRetention, alreadyErased: false, counts: { doses: person?.doses.length ?? 0, heldSlips: slipIds.length - vrsRows, vrsRows, keysDestroyed } };
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
