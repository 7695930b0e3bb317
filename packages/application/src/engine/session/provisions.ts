// 提供の記録: everything the engine handed out about one person, for the person's disclosure and for the auditor.
// Each export is documented on `Session`, which hosts call.
import { provisionsOf, provisionsPrefix, type ProvisionDoc, type ProvisionsProjectionDoc } from '@vaxledger/projections';
import type { SessionContext } from './context.ts';

/** One provision as read: the projection's document without the tenant and person it is filed under. */
export type Provision = Omit<ProvisionDoc, 'tenant' | 'residentId'>;

export interface ProvisionRecord {
  readonly residentId: string;
  /** Oldest first. */
  readonly provisions: readonly Provision[];
}

/** What the engine read of a person's provisions, oldest first (the caller authorized and will log the read). */
export async function readProvisions(ctx: SessionContext, residentId: string): Promise<Provision[]> {
  await ctx.upToDate();
  const docs: ProvisionsProjectionDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('provisions', { prefix: provisionsPrefix(ctx.tenant, residentId) })) {
    docs.push(doc as ProvisionsProjectionDoc);
  }
  return provisionsOf(docs).map(({ tenant: _t, residentId: _r, ...p }) => p);
}

export async function provisions(ctx: SessionContext, residentId: string): Promise<ProvisionRecord> {
  await ctx.authorize('provisions.view', residentId);
  await ctx.upToDate();
  await ctx.requireResident(residentId);
  const list = await readProvisions(ctx, residentId);
  await ctx.logRead('provisions.view', ['residentId', 'provisions'], { residentId, count: list.length });
  return { residentId, provisions: list };
}
