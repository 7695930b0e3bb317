/**
 * How a store keeps event data at rest. The store computes the content hash on the plaintext first (so safe retries
 * survive fresh nonces), then asks the codec to seal; on reading it asks the codec to open. Keys are fetched
 * asynchronously before a batch (prepare), so that sealing and opening inside a write or a page stay synchronous.
 */
export interface EventCodec {
  /** Makes sure the keys of these events' subjects are at hand (creating them for new subjects when `create`). */
  prepare(tenant: string, events: ReadonlyArray<{ type: string; data: unknown }>, create: boolean): Promise<void>;
  /** Fetches the keys needed to open these stored rows. */
  prepareRows(rows: ReadonlyArray<{ tenant: string; dataText: string }>): Promise<void>;
  seal(tenant: string, stream: string, eventId: string, type: string, data: unknown): unknown;
  /** The plaintext data, or erased data (see isErasedData) when the subject's key was destroyed. */
  open(tenant: string, stream: string, eventId: string, type: string, data: unknown): unknown;
  /** Changes whenever a key is destroyed: plaintext a store kept in memory from before must no longer be served. */
  readonly generation?: number;
}

/** How a projection store keeps documents at rest: sealed per subject like the events they come from. */
export interface DocCodec {
  prepareDocs(projection: string, keys: readonly string[], create: boolean): Promise<void>;
  sealDoc(projection: string, key: string, text: string): string;
  /** The document's JSON text, or null when its subject's key was destroyed. */
  openDoc(projection: string, key: string, stored: string): string | null;
}
