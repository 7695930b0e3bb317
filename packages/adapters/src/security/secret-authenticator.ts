import { DomainError, systemClock, type AuthenticationResult, type Authenticator, type Clock, type Credentials, type KeyStore, type LockoutLimit } from '@vaxledger/domain';
import { verifySecret } from '@vaxledger/application';
import { LOCKOUT } from './lockout.ts';

export { hashSecret, generateSecret, verifySecret } from '@vaxledger/application';

/**
 * The CLI's authenticator: the operator's secret (from VAXLEDGER_SECRET) against the scrypt hash in the key store.
 * Each check is first reserved in the key store (atomically, across processes), so that no burst of concurrent
 * attempts gets more than `limit.failures` secrets checked before the lock; nothing presented is not an attempt.
 */
export function secretAuthenticator(keyStore: KeyStore, options: { clock?: Clock; limit?: LockoutLimit } = {}): Authenticator {
  const { reserveAuthAttempt, settleAuthAttempt } = keyStore;
  if (!reserveAuthAttempt || !settleAuthAttempt) throw new DomainError('no-lockout', 'secretAuthenticator needs a key store that keeps the lockout (reserveAuthAttempt, settleAuthAttempt)');
  const clock = options.clock ?? systemClock;
  const limit = options.limit ?? LOCKOUT;
  return {
    async authenticate(tenant: string, operatorId: string, credentials: Credentials | undefined): Promise<AuthenticationResult> {
      const secret = credentials?.secret;
      if (!secret) return 'no-credentials';
      const reservation = await reserveAuthAttempt.call(keyStore, tenant, operatorId, clock.now(), limit);
      if (!reservation.reserved) return { lockedUntil: reservation.lockedUntil };
      let ok = false;
      try {
        const stored = await keyStore.getSecretHash(tenant, operatorId);
        ok = stored !== null && (await verifySecret(secret, stored));
      } finally {
        // Settled whatever happens; an attempt never settled (the process died) stays counted as a failure.
        await settleAuthAttempt.call(keyStore, tenant, operatorId, ok, clock.now(), limit);
      }
      return ok ? 'ok' : 'failed';
    },
  };
}
