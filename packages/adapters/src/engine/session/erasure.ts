// Retention and erasure: a person's items erased by destroying their key, the statistics kept as anonymous cells.
// Each export is documented on `Session`, which hosts call.
import { DomainError, streams, fiscalYearOf, parseIsoDate } from '@vaxledger/domain';
import { type SuspenseDoc, ageGroupOf, ageOn } from '@vaxledger/projections';
import { japanDate } from '../slip-importer.ts';
import type { SessionContext } from './context.ts';

export async function erase(ctx: SessionContext, residentId: string, options: { reason?: string } = {}): Promise<{ withinRetention: boolean }> {
  await ctx.authorize('subject.erase', residentId);
  if (!ctx.engine.cipher) throw new DomainError('no-cipher', 'this engine keeps no sealed data: nothing to erase by key');
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
  const slipIds: string[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('suspense', { prefix: `${ctx.tenant}/` })) {
    const slip = doc as SuspenseDoc;
    if (slip.slip.residentId === residentId) slipIds.push(slip.slipId);
  }
  const metadata = ctx.meta();
  await ctx.engine.store.appendMulti([
    {
      stream: streams.resident(ctx.tenant, residentId), expectedRevision: BigInt(resident.revision),
      events: [ctx.envelope('SubjectErased', { residentId, reason: options.reason ?? '保存期間の経過', withinRetention, slipIds }, metadata)],
    },
    { stream: streams.statistics(ctx.tenant), expectedRevision: 'any', events: [ctx.envelope('StatisticsRetained', { cells: [...cells.values()] }, metadata)] },
  ]);
  await ctx.engine.catchUp();
  await ctx.engine.cipher.destroy(ctx.tenant, residentId);
  // The eligibility snapshot holds the person's items under a key of its own: that key goes too.
  await ctx.engine.discardEligibilitySnapshot();
  return { withinRetention };
}
