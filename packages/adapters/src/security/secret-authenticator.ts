import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError, systemClock, type AuthenticationResult, type Authenticator, type Clock, type Credentials, type KeyStore, type LockoutLimit } from '@vaxledger/domain';
import { LOCKOUT } from './lockout.ts';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash` (base64): only this is ever stored, in the key store, never in events. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A new initial secret for an operator: 24 random bytes, printed once, stored only as a hash. */
export function generateSecret(): string {
  return randomBytes(24).toString('base64url');
}

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
