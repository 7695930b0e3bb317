import type { DocCodec, EventCodec } from '@vaxledger/domain';

/**
 * The per-subject keys the stores seal personal data with, as the engine needs them: erasure destroys a person's
 * keys (crypto-shredding), verify opens every row with a missing key counted as damage, and reads that never open
 * a row show sealed data by its clear view. The adapters' SubjectCipher implements it over a key store.
 */
export interface SubjectKeys extends EventCodec, DocCodec {
  /** How many subjects of the tenant were ever erased (changes with each erasure: caches keyed on it expire). */
  erasureCount(tenant: string): Promise<number>;
  /** Of these subjects, the ones whose keys still exist. */
  keysLeft(tenant: string, subjects: Iterable<string>): Promise<string[]>;
  /** Of these subjects, the ones already erased. */
  erasedAmong(tenant: string, subjects: Iterable<string>): Promise<Set<string>>;
  /** Destroys a subject's key: everything sealed under it is unreadable from then on. */
  destroy(tenant: string, subject: string): Promise<void>;
  /** The same keys, for verify: a sealed row whose key is missing is damage, not an erasure. */
  forVerification(): EventCodec & DocCodec;
  /** What a reader that opens nothing shows of sealed data (its subject and item names, never a value). */
  clearView(data: unknown): unknown;
}

/** Without sealing (a store in memory for tests and demos), data is its own clear view. */
export const identityClearView = (data: unknown): unknown => data;
