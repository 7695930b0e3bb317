// Idempotency keys of host calls: a call retried after its answer was lost (a closed engine, a dropped connection)
// with the same `requestId` is a no-op that answers as the first call did.
import { deterministicId, DomainError, type RecordedEvent } from '@vaxledger/domain';
import type { SessionContext } from './context.ts';

function checked(requestId: string): string {
  if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > 200) {
    throw new DomainError('invalid-request-id', 'requestId must be a string of 1 to 200 characters');
  }
  return requestId;
}

/**
 * The ids of the events a request appends: UUIDv5 of tenant, operator and requestId, so that the same request gives
 * the same ids and every store recognises the retry (the same ids with the same content are a no-op; with other
 * content, refused).
 */
export function requestEventIds(ctx: SessionContext, requestId: string, count: number): string[] {
  const key = checked(requestId);
  return Array.from({ length: count }, (_, i) => deterministicId(ctx.tenant, 'request', ctx.operatorId, key, String(i)));
}

/** A value the request derives once (a record id), the same on a retry. */
export function requestDerivedId(ctx: SessionContext, requestId: string, what: string): string {
  return deterministicId(ctx.tenant, 'request', ctx.operatorId, checked(requestId), what);
}

/** The first event the request already stored in `stream`, or null when it never landed. */
export async function storedByRequest(ctx: SessionContext, stream: string, requestId: string): Promise<RecordedEvent | null> {
  const [first] = requestEventIds(ctx, requestId, 1);
  for await (const e of ctx.engine.store.readStream(stream)) if (e.id === first) return e;
  return null;
}
