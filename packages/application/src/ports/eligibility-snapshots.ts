import type { EligibilityDoc } from '@vaxledger/projections';

/** A snapshot as loaded: the eligibility documents as they stood at `position` (or later). */
export interface LoadedSnapshot {
  readonly position: number;
  /** The tenant's erasure count it was taken under (the current one, or it would not have loaded). */
  readonly erasures: number;
  readonly docs: EligibilityDoc[];
}

/**
 * Where the eligibility index's documents are kept sealed between processes, so that a new process (every CLI command
 * is one) does not open a city's sealed documents one by one before its first extraction. The SQLite adapter keeps
 * them in the store's file; a host without one passes none and always reads afresh.
 */
export interface EligibilitySnapshotStore {
  readonly enabled: boolean;
  load(tenant: string): Promise<LoadedSnapshot | null>;
  save(tenant: string, position: number, erasures: number, docs: readonly EligibilityDoc[]): Promise<boolean>;
  /** Drops the tenant's snapshot and its key: part of every erasure. */
  discard(tenant: string): Promise<void>;
}

/** Who the snapshot keeps: every registered person with a birth date, the persons extraction and statistics read. */
export const inEligibilitySnapshot = (d: EligibilityDoc): boolean => d.registered && d.birthDate !== undefined && d.status !== 'unregistered';
