// 対象者登録 by hand: a resident registered, changed, moved or deceased, through the resident decider.
// Each export is documented on `Session`, which hosts call.
import * as E from 'fp-ts/lib/Either.js';
import { DomainError, residentDecider, streams, ResidentDetailsSchema, type Action, type ResidentCommand, type ResidentDetails } from '@vaxledger/domain';
import { describeInvalid, type SessionContext } from './context.ts';

export async function registerResident(ctx: SessionContext, residentId: string, details: ResidentDetails): Promise<void> {
  await residentCommand(ctx, { type: 'RegisterResident', residentId, details }, 'resident.write');
}

export async function changeResidentDetails(ctx: SessionContext, residentId: string, changes: Partial<ResidentDetails>, movement?: string): Promise<number> {
  return residentCommand(ctx, { type: 'ChangeResidentDetails', residentId, changes, movement }, 'resident.write');
}

export async function moveOut(ctx: SessionContext, residentId: string, movedOutOn: string): Promise<void> {
  await residentCommand(ctx, { type: 'MoveOutResident', residentId, movedOutOn }, 'resident.write');
}

export async function moveIn(ctx: SessionContext, residentId: string, movedInOn: string, address?: string): Promise<void> {
  await residentCommand(ctx, { type: 'MoveInResident', residentId, movedInOn, address }, 'resident.write');
}

export async function recordDeath(ctx: SessionContext, residentId: string, diedOn: string): Promise<void> {
  await residentCommand(ctx, { type: 'RecordResidentDeath', residentId, diedOn }, 'resident.write');
}

async function residentCommand(ctx: SessionContext, command: ResidentCommand, action: Action): Promise<number> {
  await ctx.authorize(action, command.residentId);
  if (command.type === 'RegisterResident') {
    const parsed = ResidentDetailsSchema.safeParse(command.details);
    if (!parsed.success) throw new DomainError('invalid-resident', `resident ${command.residentId}: ${describeInvalid(parsed.error)}`);
  }
  const stream = streams.resident(ctx.tenant, command.residentId);
  const { state, revision } = await ctx.engine.load(residentDecider, stream);
  const decided = residentDecider.decide(command, state);
  if (E.isLeft(decided)) throw decided.left;
  if (decided.right.length === 0) return 0;
  await ctx.engine.appendDecided(
    { stream, events: decided.right, expectedRevision: revision ?? 'no_stream' },
    ctx.meta(),
  );
  await ctx.engine.catchUp();
  return decided.right.length;
}
