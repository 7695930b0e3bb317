/**
 * Keys live outside the event database (a separate file by default), so that destroying a key
 * makes what it protected unreadable wherever copies of the database went.
 */
export interface KeyStore {
  /** The tenant's master key (32 bytes), created on first use. */
  tenantMasterKey(tenant: string): Promise<Uint8Array>;
  /** A wrapped (encrypted) subject key, or null when none exists or it was destroyed. */
  getWrappedSubjectKey(tenant: string, subject: string): Promise<Uint8Array | null>;
  /** Stores a subject's key unless one is stored already (first writer wins): read it back to learn which is in force. */
  putWrappedSubjectKey(tenant: string, subject: string, wrapped: Uint8Array): Promise<void>;
  /**
   * Destroys the key and leaves a tombstone: afterwards the subject's wrapped key reads as a zero-length value, so
   * that no process ever makes a new key for an erased person (data sealed with the old key would then fail to open).
   */
  destroySubjectKey(tenant: string, subject: string): Promise<void>;
  /**
   * How many subject keys of the tenant were ever destroyed. A process that keeps keys in memory compares it before
   * it uses them, so that an erasure made by another process takes effect there at its next operation. A key store
   * shared by several processes must have it; without it, keys a process holds stay usable in it until it restarts.
   */
  erasureCount?(tenant: string): Promise<number>;
  /** Many at once (an import of a million residents): one round trip, one durable write. */
  getWrappedSubjectKeys(tenant: string, subjects: readonly string[]): Promise<Map<string, Uint8Array>>;
  putWrappedSubjectKeys(tenant: string, entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<void>;
  /**
   * putWrappedSubjectKeys that also says which of the subjects already had a key or a tombstone (another process stored
   * one first): only those need reading back. Optional; without it, a caller reads every new key back.
   */
  putNewSubjectKeys?(tenant: string, entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<ReadonlySet<string>>;
  /**
   * Keys of sealed caches built from many persons' documents (the eligibility index snapshot). Such a key is deleted,
   * not tombstoned or counted as an erasure, whenever its cache is replaced and at every erasure, so that no cache
   * holding an erased person's items can be opened again. Optional: without them, nothing is cached across processes.
   */
  putCacheKey?(tenant: string, name: string, wrapped: Uint8Array): Promise<void>;
  getCacheKey?(tenant: string, name: string): Promise<Uint8Array | null>;
  deleteCacheKey?(tenant: string, name: string): Promise<void>;
  /**
   * An erasure in progress: the subjects whose keys it will destroy, noted before it is recorded and cleared once
   * they are gone, so that an erasure interrupted after SubjectErased was recorded is finished by the next process
   * that opens the store (Engine.finishErasures). Optional: without them, only `verify` finds such an erasure.
   */
  notePendingErasure?(tenant: string, residentId: string, subjects: readonly string[]): Promise<void>;
  pendingErasures?(tenant: string): Promise<Array<{ residentId: string; subjects: string[] }>>;
  clearPendingErasure?(tenant: string, residentId: string): Promise<void>;
  /**
   * The lockout's bookkeeping of secret checks, atomic across every process sharing the key store: an attempt is
   * reserved (and counts as a failure until settled) before the secret is checked, so that concurrent attempts cannot
   * get more checks than the limit. Refused, with the lock's end, when the operator is locked or when the failures and
   * the attempts in flight already reach `limit.failures` (which then locks for `limit.minutes`). Optional: an
   * authenticator that checks secrets needs it.
   */
  reserveAuthAttempt?(tenant: string, operatorId: string, now: Date, limit: LockoutLimit): Promise<{ readonly reserved: true } | { readonly reserved: false; readonly lockedUntil: Date }>;
  /** Settles a reserved attempt: success resets the failures (an active lock stays until it ends); a failure locks at the limit. */
  settleAuthAttempt?(tenant: string, operatorId: string, ok: boolean, now: Date, limit: LockoutLimit): Promise<void>;
  /** Lifts a lock and forgets the failures (an administrator's unlock). */
  clearAuthAttempts?(tenant: string, operatorId: string): Promise<void>;
  /**
   * The keys the tenant signs its certificates with (SMART Health Cards), oldest first: each its id (the JWK
   * thumbprint), its public JWK (JSON, in clear: it is published) and its private key wrapped under the tenant's master
   * key. Optional: a key store without them keeps no signing key, and no card is signed.
   */
  signingKeys?(tenant: string): Promise<SigningKeyEntry[]>;
  /**
   * Stores the tenant's first signing key unless it has one already (first writer wins: two processes signing their
   * first card at once end up with one key; read the keys back to learn which).
   */
  putFirstSigningKey?(tenant: string, key: SigningKeyEntry): Promise<void>;
  /** Secrets of operators (scrypt hashes only). */
  getSecretHash(tenant: string, operatorId: string): Promise<string | null>;
  putSecretHash(tenant: string, operatorId: string, hash: string): Promise<void>;
}

/** A signing key as a key store keeps it: the private part only wrapped. */
export interface SigningKeyEntry {
  readonly kid: string;
  readonly publicJwk: string;
  readonly wrapped: Uint8Array;
}

/** Failed authentications in a row that lock an operator, and for how long. */
export interface LockoutLimit {
  readonly failures: number;
  readonly minutes: number;
}

/** The lockout this library applies: 5 failed authentications in a row lock an operator for 15 minutes. */
export const LOCKOUT: LockoutLimit = { failures: 5, minutes: 15 };
