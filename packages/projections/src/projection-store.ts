/** A document with the position of the last event that changed it. */
export interface StoredDoc<Doc = unknown> {
  readonly doc: Doc;
  readonly position: number;
}

export interface ProjectionCommit {
  readonly projection: string;
  /** The checkpoint the documents were computed from: if another writer moved it, the commit is refused. */
  readonly expectedCheckpoint: number;
  readonly checkpoint: number;
  readonly upserts: ReadonlyMap<string, StoredDoc>;
  readonly deletes: readonly string[];
  /** Every document whose key starts with one of these is deleted, before the upserts and deletes are applied. */
  readonly deletePrefixes?: readonly string[];
}

/** The first string after every string that starts with `prefix`: the end of a key range. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Another runner (in this process or another) advanced the projection first; catch up again from its checkpoint. */
export class ProjectionConflictError extends Error {
  constructor(readonly projection: string) {
    super(`projection ${projection} was advanced by another runner`);
    this.name = 'ProjectionConflictError';
  }
}

/** A stored document that could not be opened or read (changed bytes, a changed or missing key): named, never shown. */
export interface UnreadableDocument {
  readonly key: string;
  readonly position: number;
  /** Why, without personal data. */
  readonly reason: string;
}

/**
 * How a read treats a stored document it cannot open: by default the read fails (a damaged store is not read past in
 * silence); with `onUnreadable`, the document is left out and told to it (as `verify` does, to report every one).
 */
export interface DocReadOptions {
  readonly onUnreadable?: (doc: UnreadableDocument) => void;
}

/** Where projections keep their documents and checkpoints. A commit is atomic: documents and checkpoints together. */
export interface ProjectionStore {
  checkpoint(projection: string): Promise<number>;
  version(projection: string): Promise<number | null>;
  getDocs(projection: string, keys: readonly string[], options?: DocReadOptions): Promise<Map<string, StoredDoc>>;
  /** The documents whose key starts with any of these prefixes (a few persons' documents at once). */
  getDocsUnder(projection: string, prefixes: readonly string[]): Promise<Map<string, StoredDoc>>;
  commit(commits: readonly ProjectionCommit[]): Promise<void>;
  /** Forget a projection's documents and checkpoint, and record the version it will be rebuilt at. */
  reset(projection: string, version: number): Promise<void>;
  /** Documents in key order; with a prefix, only those whose key starts with it. */
  scan(projection: string, options?: { prefix?: string } & DocReadOptions): AsyncIterable<{ key: string } & StoredDoc>;
  count(projection: string): Promise<number>;
}
