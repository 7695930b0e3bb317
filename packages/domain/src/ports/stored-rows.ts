import type { ChainFormat } from '../integrity/hashes.ts';
import type { StoredRowFilter } from '../integrity/stored-rows-matching.ts';

/** A stored row exactly as it is at rest, for integrity checks (no parsing, no decryption). */
export interface StoredRow {
  readonly position: bigint;
  readonly id: string;
  readonly tenant: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly contentHash: string;
  readonly metadataText: string;
  readonly dataText: string;
  readonly chainHash: string;
}

/** Where the chain ends: the last committed position and its chain hash, as recorded alongside the rows. */
export interface StoreHead {
  readonly position: bigint;
  readonly chainHash: string;
}

/**
 * The stored-row port: the rows of an event store as they are at rest, and the chain that links them. What the
 * integrity checks (verify), the operation log and the reads that go by position without opening sealed data
 * (snapshot deltas, copy exports, disclosure lookups) take. Every store here implements it beside EventStore; a host
 * store that serves only events (EventStore) cannot be verified or audited.
 *
 * `head()` is here, not on EventStore: the head is the end of the chain (its hash is what a verifier compares), and
 * every reader of its position uses it as the bound of a read of stored rows.
 */
export interface StoredRowReader {
  /** The last committed position and chain hash, as recorded alongside the rows. */
  head(): Promise<StoreHead>;
  /** Rows as stored, in position order: what `verify` and the operation log read. */
  readStoredRows(afterPosition?: bigint): AsyncIterable<StoredRow>;
  /**
   * Rows as stored, newest first, every tenant's, from the row just before `beforePosition` (the head when absent):
   * what the last entries of the operation log are read from without reading the whole store. Optional: without it,
   * a reader of the last entries reads everything forward.
   */
  readStoredRowsBackward?(beforePosition?: bigint): AsyncIterable<StoredRow>;
  /**
   * One tenant's rows whose stored text holds the given strings, in position order, each with the chain hash of the
   * row just before it (whoever's it is): what an auditor's filtered look at the operation log reads, the filtering
   * done where the rows are instead of on every row in memory. Optional: without it, every row is read and tested
   * (storedRowsMatching).
   */
  readStoredRowsMatching?(filter: StoredRowFilter): AsyncIterable<{ readonly row: StoredRow; readonly previousChainHash: string }>;
  /** How this store links its rows (fixed when the store was created): what a verifier recomputes. */
  chainFormat(): ChainFormat;
}
