// Imports and the suspense queue (疑義): registry and slip files as batches, held slips investigated and resolved.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { DomainError, streams, vaccinationDeciderFor } from '@vaxledger/domain';
import { docKey, type SuspenseDoc } from '@vaxledger/projections';
import { categoryFor, checkRecordedDose } from '../dose-check.ts';
import { importRegistryFile, type RegistryImportOptions } from '../registry-importer.ts';
import { fieldsOfSlip, importSlipFile, importVrsFile, type SlipImportOptions, type VrsImportOptions } from '../slip-importer.ts';
import type { ImportProgress, ImportSummary } from '../import-errors.ts';
import type { SessionContext } from './context.ts';

export function importRegistry(ctx: SessionContext, bytes: Uint8Array, options: RegistryImportOptions): Promise<ImportSummary> {
  return landFile(ctx, 'import.registry', options, (metadata) => importRegistryFile(ctx.engine, bytes, metadata, options));
}

export function importSlips(ctx: SessionContext, bytes: Uint8Array, options: SlipImportOptions): Promise<ImportSummary> {
  return landFile(ctx, 'import.slips', options, (metadata) => importSlipFile(ctx.engine, bytes, metadata, options));
}

export function importVrs(ctx: SessionContext, bytes: Uint8Array, options: VrsImportOptions): Promise<ImportSummary> {
  return landFile(ctx, 'import.vrs', options, (metadata) => importVrsFile(ctx.engine, bytes, metadata, options));
}

/** Either import: authorized, the file landed as one batch by its importer, then the projections caught up ('projecting'). */
async function landFile(
  ctx: SessionContext, action: 'import.registry' | 'import.slips' | 'import.vrs', options: { onProgress?: ImportProgress },
  land: (metadata: ReturnType<SessionContext['meta']>) => Promise<ImportSummary>,
): Promise<ImportSummary> {
  await ctx.authorize(action);
  const summary = await land(ctx.meta('import'));
  options.onProgress?.('projecting', 0, 1);
  await ctx.engine.catchUp();
  return summary;
}

export async function suspense(ctx: SessionContext, options: { status?: SuspenseDoc['status'] | 'all' } = {}): Promise<SuspenseDoc[]> {
  await ctx.authorize('suspense.view');
  await ctx.engine.catchUp();
  const status = options.status ?? 'held';
  const out: SuspenseDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('suspense', { prefix: `${ctx.tenant}/` })) {
    const d = doc as SuspenseDoc;
    if (status === 'all' || d.status === status) out.push(d);
  }
  out.sort((a, b) => a.heldAt.localeCompare(b.heldAt) || a.line - b.line);
  await ctx.logRead('suspense.view', ['slip', 'reason'], { count: out.length });
  return out;
}

export async function resolveSlip(ctx: SessionContext, slipId: string, resolution: { match: string; reason?: string; duplicateReason?: string } | { reject: string }): Promise<{ recordId?: string }> {
  await ctx.authorize('suspense.resolve', 'match' in resolution ? resolution.match : undefined);
  await ctx.engine.catchUp();
  const key = docKey(ctx.tenant, slipId);
  const held = (await ctx.engine.projectionStore.getDocs('suspense', [key])).get(key)?.doc as SuspenseDoc | undefined;
  if (!held) throw new DomainError('unknown-slip', `no held slip ${slipId.slice(0, 36)}`);
  if (held.status !== 'held') throw new DomainError('slip-resolved', `slip ${slipId} was already ${held.status}`);
  const slipStream = { stream: streams.slip(ctx.tenant, slipId), expectedRevision: 0n as const };
  const metadata = ctx.meta();
  if ('reject' in resolution) {
    await ctx.engine.store.appendMulti([{ ...slipStream, events: [ctx.envelope('SlipResolved', { slipId, resolution: 'rejected', reason: resolution.reject }, metadata)] }]);
    await ctx.engine.catchUp();
    return {};
  }
  const residentId = resolution.match;
  await ctx.requireResident(residentId);
  const fields = fieldsOfSlip(held.slip);
  const check = checkRecordedDose(fields, await ctx.eligibilityDoc(residentId), ctx.engine.rules);
  const recordId = randomUUID();
  const vaccinationStream = streams.vaccination(ctx.tenant, residentId);
  // Through the vaccinations decider, as a record by command: a dose already on the ledger is refused without a reason.
  const decider = vaccinationDeciderFor(ctx.engine.rules);
  const { state, revision } = await ctx.engine.load(decider, vaccinationStream);
  const decided = decider.decide({
    type: 'RecordVaccination', recordId, residentId, fields: { ...fields, category: categoryFor(check, held.slip.category) },
    source: held.source ?? 'clinic-slip', warnings: check.reasons,
    ...(resolution.duplicateReason === undefined ? {} : { duplicateReason: resolution.duplicateReason }),
  }, state);
  if (E.isLeft(decided)) throw decided.left;
  await ctx.engine.store.appendMulti([
    { ...slipStream, events: [ctx.envelope('SlipResolved', { slipId, resolution: 'matched', residentId, recordId, reason: resolution.reason ?? 'matched after investigation' }, metadata)] },
    {
      stream: vaccinationStream, expectedRevision: revision ?? 'no_stream',
      events: decided.right.map((e) => ctx.envelope(e.type, e.data, metadata)),
    },
  ]);
  await ctx.engine.catchUp();
  return { recordId };
}
