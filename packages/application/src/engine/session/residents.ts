// 対象者登録 by hand: a resident registered, changed, moved or deceased, through the resident decider.
// Each export is documented on `Session`, which hosts call.
import { DomainError, residentDecider, streams, ResidentDetailsSchema, type Action, type ResidentCommand, type ResidentDetails } from '@vaxledger/domain';
import { describeInvalid, type SessionContext } from './context.ts';
import { requestEventIds } from './request-ids.ts';

/** Idempotency key of a host's call (see request-ids.ts). */
export interface RequestOptions {
  readonly requestId?: string;
}

export async function registerResident(ctx: SessionContext, residentId: string, details: ResidentDetails, options: RequestOptions = {}): Promise<void> {
  await residentCommand(ctx, { type: 'RegisterResident', residentId, details }, 'resident.write', options);
}

export async function changeResidentDetails(ctx: SessionContext, residentId: string, changes: Partial<ResidentDetails>, movement?: string, options: RequestOptions = {}): Promise<number> {
  return residentCommand(ctx, { type: 'ChangeResidentDetails', residentId, changes, movement }, 'resident.write', options);
}

export async function moveOut(ctx: SessionContext, residentId: string, movedOutOn: string, options: RequestOptions = {}): Promise<void> {
  await residentCommand(ctx, { type: 'MoveOutResident', residentId, movedOutOn }, 'resident.write', options);
}

export async function moveIn(ctx: SessionContext, residentId: string, movedInOn: string, address?: string, options: RequestOptions = {}): Promise<void> {
  await residentCommand(ctx, { type: 'MoveInResident', residentId, movedInOn, address }, 'resident.write', options);
}

export async function recordDeath(ctx: SessionContext, residentId: string, diedOn: string, options: RequestOptions = {}): Promise<void> {
  await residentCommand(ctx, { type: 'RecordResidentDeath', residentId, diedOn }, 'resident.write', options);
}

async function residentCommand(ctx: SessionContext, command: ResidentCommand, action: Action, options: RequestOptions): Promise<number> {
  await ctx.authorize(action, command.residentId);
  if (command.type === 'RegisterResident') {
    const parsed = ResidentDetailsSchema.safeParse(command.details);
    if (!parsed.success) throw new DomainError('invalid-resident', `resident ${command.residentId}: ${describeInvalid(parsed.error)}`);
  }
  const stream = streams.resident(ctx.tenant, command.residentId);
  const { requestId } = options;
  // A retry of a request already stored is a no-op answering as the first call did (with how many events it stored).
  if (requestId !== undefined) {
    let stored = 0;
    const ids = new Set(requestEventIds(ctx, requestId, 64));
    for await (const e of ctx.engine.store.readStream(stream)) if (ids.has(e.id)) stored++;
    if (stored > 0) return stored;
  }
  const { events } = await ctx.engine.commands.execute({
    stream, decider: residentDecider, command,
    ...(requestId !== undefined ? { ids: (count: number) => requestEventIds(ctx, requestId, count) } : {}),
  }, ctx.meta());
  return events.length;
}
