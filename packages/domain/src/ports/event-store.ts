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

/** One stream's part of a multi-stream append. */
export interface StreamAppend {
  readonly stream: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
}

/**
 * The event store port: what every host store must do. Streams are named `<tenant>/<kind>/<id>`; the tenant prefix
 * is validated. The rows as stored, for integrity checks, are another port (StoredRowReader, ports/stored-rows.ts);
 * the stores here (memory, SQLite, EventStoreDB) implement both and pass one contract suite.
 */
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
  close(): Promise<void>;
}

export function tenantOfStream(stream: string): string {
  const slash = stream.indexOf('/');
  return slash < 0 ? '' : stream.slice(0, slash);
}
