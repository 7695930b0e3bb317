import { GENESIS_HASH, type ChainFormat } from '../integrity/hashes.ts';
import type { EventMetadata } from '../events/metadata.ts';

/** What the caller knows about the stream: enforced atomically with the append. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** The envelope as stored and read back. */
export interface RecordedEvent<Data = unknown> {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly tenant: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly globalPosition: bigint;
  readonly recordedAt: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** SHA-256 of the canonical plaintext (content identity for safe retries). */
  readonly contentHash: string;
  /** SHA-256 chain over every stored row up to this one. */
  readonly chainHash: string;
}

export interface AppendResult {
  /** The stream's revision after the append (what to pass as expectedRevision next time). */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last event of the batch (the stored one, for an idempotent retry). */
  readonly lastPosition: bigint;
  /** How many events were written now; 0 for a retry of a batch already stored. */
  readonly appended: number;
}

export interface ReadAllOptions {
  /** Read events with globalPosition > afterPosition (default 0n: from the start). */
  readonly afterPosition?: bigint;
  /** Only this tenant's events. */
  readonly tenant?: string;
  readonly pageSize?: number;
}

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
}

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

export interface StoreHead {
  readonly position: bigint;
  readonly chainHash: string;
}

/**
 * The event store port. Streams are named `<tenant>/<kind>/<id>`; the tenant prefix is validated.
 * Both adapters (memory, SQLite) pass one contract suite.
 */
/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams as one atomic unit (an import batch with its batch record): every part's expected
   * revision is enforced, and either every part is stored or none is.
   */
  appendMulti(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Current revision of a stream, or null when it has no events. */
  streamRevision(stream: string): Promise<bigint | null>;
  /** The last committed position and chain hash, as recorded alongside the events. */
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
   * done where the rows are instead of on every row in memory. Optional: without it, every row is read and tested.
   */
  readStoredRowsMatching?(filter: StoredRowFilter): AsyncIterable<{ readonly row: StoredRow; readonly previousChainHash: string }>;
  /** How this store links its rows (fixed when the store was created): what a verifier recomputes. */
  chainFormat(): ChainFormat;
  close(): Promise<void>;
}

/** Which rows readStoredRowsMatching returns: every condition given must hold. */
export interface StoredRowFilter {
  readonly tenant: string;
  /** A substring of the stored data text. */
  readonly dataContains?: string;
  /** A substring of the stored metadata text. */
  readonly metadataContains?: string;
  readonly typeIs?: string;
  readonly typeIsNot?: string;
}

/** Whether a stored row passes the filter: the reference every store's readStoredRowsMatching must agree with. */
export function storedRowMatches(row: StoredRow, filter: StoredRowFilter): boolean {
  return row.tenant === filter.tenant
    && (filter.dataContains === undefined || row.dataText.includes(filter.dataContains))
    && (filter.metadataContains === undefined || row.metadataText.includes(filter.metadataContains))
    && (filter.typeIs === undefined || row.type === filter.typeIs)
    && (filter.typeIsNot === undefined || row.type !== filter.typeIsNot);
}

/**
 * The rows a filter selects, each with the chain hash of the row before it: the store's readStoredRowsMatching where
 * it has one, otherwise every row read and tested here. The same rows either way.
 */
export async function* storedRowsMatching(store: EventStore, filter: StoredRowFilter): AsyncIterable<{ readonly row: StoredRow; readonly previousChainHash: string }> {
  if (store.readStoredRowsMatching) {
    yield* store.readStoredRowsMatching(filter);
    return;
  }
  let previous = GENESIS_HASH;
  for await (const row of store.readStoredRows(0n)) {
    if (storedRowMatches(row, filter)) yield { row, previousChainHash: previous };
    previous = row.chainHash;
  }
}

export function tenantOfStream(stream: string): string {
  const slash = stream.indexOf('/');
  return slash < 0 ? '' : stream.slice(0, slash);
}
