// Imports and the suspense queue (疑義): registry and slip files as batches, held slips investigated and resolved.
// Each export is documented on `Session`, which hosts call.
import { randomUUID } from 'node:crypto';
import { heldSlipDecider, streams, vaccinationDeciderFor, type HeldSlipState } from '@vaxledger/domain';
import type { SuspenseDoc } from '@vaxledger/projections';
import type { AnyStreamCommand } from '../../commands/stream-command.ts';
import { categoryFor, checkRecordedDose } from '../dose-check.ts';
import { importRegistryFile, type RegistryImportOptions } from '../registry-importer.ts';
import { fieldsOfSlip, importSlipFile, importVrsFile, type SlipImportOptions, type VrsImportOptions } from '../slip-importer.ts';
import type { ImportSummary } from '../import-errors.ts';
import type { SessionContext } from './context.ts';

export function importRegistry(ctx: SessionContext, bytes: Uint8Array, options: RegistryImportOptions): Promise<ImportSummary> {
  return landFile(ctx, 'import.registry', (metadata) => importRegistryFile(ctx.engine, bytes, metadata, options));
}

export function importSlips(ctx: SessionContext, bytes: Uint8Array, options: SlipImportOptions): Promise<ImportSummary> {
  return landFile(ctx, 'import.slips', (metadata) => importSlipFile(ctx.engine, bytes, metadata, options));
}

export function importVrs(ctx: SessionContext, bytes: Uint8Array, options: VrsImportOptions): Promise<ImportSummary> {
  return landFile(ctx, 'import.vrs', (metadata) => importVrsFile(ctx.engine, bytes, metadata, options));
}

/**
 * Either import: authorized, the projections the importer plans against brought up to date, then the file landed as
 * one batch by its importer (through the command handler, which catches up after: 'projecting').
 */
async function landFile(
  ctx: SessionContext, action: 'import.registry' | 'import.slips' | 'import.vrs',
  land: (metadata: ReturnType<SessionContext['meta']>) => Promise<ImportSummary>,
): Promise<ImportSummary> {
  await ctx.authorize(action);
  await ctx.upToDate();
  return land(ctx.meta('import'));
}

export async function suspense(ctx: SessionContext, options: { status?: SuspenseDoc['status'] | 'all' } = {}): Promise<SuspenseDoc[]> {
  await ctx.authorize('suspense.view');
  await ctx.upToDate();
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
  // Decided on the slip's own stream: a slip resolved twice at once (two clerks, two processes) is resolved once.
  const stream = streams.slip(ctx.tenant, slipId);
  if ('reject' in resolution) {
    await ctx.engine.commands.execute({ stream, decider: heldSlipDecider, command: { type: 'RejectSlip', slipId, reason: resolution.reject } }, ctx.meta());
    return {};
  }
  const residentId = resolution.match;
  const recordId = randomUUID();
  await ctx.upToDate();
  const person = await ctx.eligibilityDoc(residentId);
  // The match and the dose it records are one unit: the dose through the vaccinations decider, as a record by command
  // (a dose already on the ledger is refused without a reason), decided again with the slip on a conflict.
  const recordMatched = (held: HeldSlipState): AnyStreamCommand | null => {
    if (held.status === 'none') return null;
    const row = held.held;
    const fields = 'slip' in row ? fieldsOfSlip(row.slip) : { vaccine: row.answer.vaccine, dose: row.answer.dose, date: row.answer.date };
    const requested = 'slip' in row ? row.slip.category : row.answer.category;
    const check = checkRecordedDose(fields, person, ctx.engine.rules);
    return {
      stream: streams.vaccination(ctx.tenant, residentId), decider: vaccinationDeciderFor(ctx.engine.rules),
      command: {
        type: 'RecordVaccination', recordId, residentId, fields: { ...fields, category: categoryFor(check, requested) },
        source: row.source ?? 'clinic-slip', warnings: check.reasons,
        ...('answer' in row && row.inquiryId ? { inquiryId: row.inquiryId } : {}),
        ...(resolution.duplicateReason === undefined ? {} : { duplicateReason: resolution.duplicateReason }),
      },
    };
  };
  await ctx.forResident(residentId, (residentRegistered) => ctx.engine.commands.execute({
    stream, decider: heldSlipDecider,
    command: { type: 'ResolveSlip', slipId, residentId, residentRegistered, recordId, ...(resolution.reason === undefined ? {} : { reason: resolution.reason }) },
    then: recordMatched,
  }, ctx.meta()));
  return { recordId };
}
