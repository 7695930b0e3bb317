import { createHmac, hkdfSync } from 'node:crypto';
import { DomainError, type KeyStore } from '@vaxledger/domain';

/** Binds the derived key to its one use: a key for this index is good for nothing else the master key does. */
const INFO = 'vaxledger/my-number-blind-index/v1';

/**
 * The keyed blind index of a 個人番号: HMAC-SHA-256 under a key of the tenant's own, derived (HKDF-SHA-256) from the
 * tenant's master key in the key store, never in the database. Without the key file the index cannot be computed
 * from a number, so it is no unkeyed hash (12 digits with a check digit are 10^11 guesses: an unkeyed hash of one
 * falls to a laptop in minutes); another tenant's key gives another index. base64url, 43 characters.
 */
export async function myNumberIndexOf(keyStore: KeyStore | undefined, tenant: string, myNumber: string): Promise<string> {
  if (!keyStore) throw new DomainError('no-key-store', 'this engine has no key store: a 個人番号 cannot be recognized again without the tenant\'s key');
  const master = await keyStore.tenantMasterKey(tenant);
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.from(tenant, 'utf8'), INFO, 32));
  try {
    return createHmac('sha256', key).update(myNumber, 'utf8').digest('base64url');
  } finally {
    key.fill(0);
  }
}
