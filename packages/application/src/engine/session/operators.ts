// 権限管理: operators registered, their roles and affairs granted or revoked, secrets set, and the periodic review.
// Each export is documented on `Session`, which hosts call.
import * as E from 'fp-ts/lib/Either.js';
import { DomainError, streams, operatorDecider, type OperatorCommand, type Purpose, type Role } from '@vaxledger/domain';
import type { OperatorDoc } from '@vaxledger/projections';
import { generateSecret, hashSecret } from '../../security/secret-hash.ts';
import type { SessionContext } from './context.ts';
import { operatorCredentialsDecider } from './operator-credentials.ts';

export async function registerOperator(ctx: SessionContext, operatorId: string, roles: readonly Role[], purposes: readonly Purpose[], options: { secret?: string } = {}): Promise<{ operatorId: string; secret?: string }> {
  await ctx.authorize('operator.manage');
  await operatorCommand(ctx, { type: 'RegisterOperator', operatorId, roles, purposes });
  if (!ctx.engine.keyStore) return { operatorId };
  const secret = options.secret ?? generateSecret();
  await ctx.engine.keyStore.putSecretHash(ctx.tenant, operatorId, await hashSecret(secret));
  return { operatorId, secret };
}

export async function grantRoles(ctx: SessionContext, operatorId: string, roles: readonly Role[], purposes: readonly Purpose[] = []): Promise<void> {
  await ctx.authorize('operator.manage');
  await operatorCommand(ctx, { type: 'GrantRoles', operatorId, roles, purposes });
}

export async function revokeRoles(ctx: SessionContext, operatorId: string, roles: readonly Role[], purposes: readonly Purpose[] = []): Promise<void> {
  await ctx.authorize('operator.manage');
  await operatorCommand(ctx, { type: 'RevokeRoles', operatorId, roles, purposes });
}

export async function deactivateOperator(ctx: SessionContext, operatorId: string, reason: string): Promise<void> {
  await ctx.authorize('operator.manage');
  await operatorCommand(ctx, { type: 'DeactivateOperator', operatorId, reason });
}

export async function changeSecret(ctx: SessionContext, newSecret: string, operatorId = ctx.operatorId): Promise<void> {
  // Authorized before the arguments are looked at: a refused caller learns nothing from them.
  await ctx.authorize(operatorId === ctx.operatorId ? 'operator.passwd' : 'operator.manage');
  if (!ctx.engine.keyStore) throw new DomainError('no-key-store', 'this engine has no key store to keep secrets in');
  if (newSecret.length < 12) throw new DomainError('weak-secret', 'a secret must have at least 12 characters');
  const stream = streams.operator(ctx.tenant, operatorId);
  const command = { type: 'RecordSecretChanged', operatorId } as const;
  // Refused before the key store is touched; decided again (on the stream) when it is recorded.
  const { state } = await ctx.engine.load(operatorCredentialsDecider, stream);
  const allowed = operatorCredentialsDecider.decide(command, state);
  if (E.isLeft(allowed)) throw allowed.left;
  await ctx.engine.keyStore.putSecretHash(ctx.tenant, operatorId, await hashSecret(newSecret));
  await ctx.engine.commands.execute({ stream, decider: operatorCredentialsDecider, command }, ctx.meta());
}

export async function unlockOperator(ctx: SessionContext, operatorId: string): Promise<void> {
  await ctx.authorize('operator.manage');
  // On the record first: an unlock never happens unlogged.
  await ctx.engine.commands.execute(
    { stream: streams.operator(ctx.tenant, operatorId), decider: operatorCredentialsDecider, command: { type: 'RecordUnlocked', operatorId } },
    ctx.meta(),
  );
  await ctx.engine.keyStore?.clearAuthAttempts?.(ctx.tenant, operatorId);
}

export async function operatorReview(ctx: SessionContext): Promise<OperatorDoc[]> {
  await ctx.authorize('operator.review');
  await ctx.upToDate();
  const out: OperatorDoc[] = [];
  for await (const { doc } of ctx.engine.projectionStore.scan('operators', { prefix: `${ctx.tenant}/` })) out.push(doc as OperatorDoc);
  await ctx.logRead('operator.review', ['operatorId', 'roles', 'purposes', 'status', 'lastActedAt'], { count: out.length });
  return out;
}

async function operatorCommand(ctx: SessionContext, command: OperatorCommand): Promise<void> {
  await ctx.engine.commands.execute({ stream: streams.operator(ctx.tenant, command.operatorId), decider: operatorDecider, command }, ctx.meta());
}
