import { LOCKOUT, type LockoutLimit } from '@vaxledger/domain';

export { LOCKOUT };

/**
 * One operator's attempts, as a key store keeps them: failures since the last success, attempts reserved and not yet
 * settled, and the end of a lock (ms since the epoch). An attempt in flight counts against the limit until it is
 * settled, so that concurrent attempts cannot get more secret checks than the limit; one never settled (its process
 * died mid-check) counts as a failure until the lock it may cause ends.
 */
export interface AttemptState {
  readonly failures: number;
  readonly pending: number;
  readonly lockedUntil: number | null;
}

export const NO_ATTEMPTS: AttemptState = { failures: 0, pending: 0, lockedUntil: null };

export type Reservation = { readonly reserved: true } | { readonly reserved: false; readonly lockedUntil: Date };

/** Reserves an attempt: refused while locked; refused, and locked, when failures and attempts in flight reach the limit. */
export function reserveAttempt(state: AttemptState, now: Date, limit: LockoutLimit): { next: AttemptState; result: Reservation } {
  const t = now.getTime();
  if (state.lockedUntil !== null && t < state.lockedUntil) return { next: state, result: { reserved: false, lockedUntil: new Date(state.lockedUntil) } };
  // A lock that has ended starts a fresh count (attempts left unsettled by a dead process included).
  const current = state.lockedUntil !== null ? NO_ATTEMPTS : state;
  if (current.failures + current.pending >= limit.failures) {
    const lockedUntil = t + limit.minutes * 60_000;
    return { next: { ...current, lockedUntil }, result: { reserved: false, lockedUntil: new Date(lockedUntil) } };
  }
  return { next: { ...current, pending: current.pending + 1 }, result: { reserved: true } };
}

/** Settles a reserved attempt. A success clears the failures but not a lock already in force (it ends in time, or by unlock). */
export function settleAttempt(state: AttemptState, ok: boolean, now: Date, limit: LockoutLimit): AttemptState {
  const pending = Math.max(0, state.pending - 1);
  if (ok) return { failures: 0, pending, lockedUntil: state.lockedUntil };
  const failures = state.failures + 1;
  const lockedUntil = state.lockedUntil ?? (failures >= limit.failures ? now.getTime() + limit.minutes * 60_000 : null);
  return { failures, pending, lockedUntil };
}
