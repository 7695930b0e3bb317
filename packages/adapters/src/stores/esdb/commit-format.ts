import { DomainError, type StoredRow } from '@vaxledger/domain';

/**
 * How the EventStoreDB store lays out what it writes. One stream, the log, holds one ESDB event per committed unit
 * (an append or an appendMulti): the unit's rows inline, or, when they are too large for one ESDB append, the name of
 * a staging stream written before the commit. The commit is one ESDB append to one stream, so a unit is stored whole
 * or not at all, and the log's order is the store's order: positions stay gap-free and the chain is linked in it.
 */
export const COMMIT_EVENT_TYPE = 'vaxledger.commit';
export const ROWS_EVENT_TYPE = 'vaxledger.rows';

/** A stored row as JSON (ESDB data is JSON; bigints travel as decimal strings). */
export type RowJson = Omit<StoredRow, 'position' | 'revision'> & { readonly position: string; readonly revision: string };

export interface CommitData {
  /** Position of the first row; the previous commit ended just before it. */
  readonly first: string;
  readonly count: number;
  /** Chain hash after the last row: the head, checked when the commit is read back. */
  readonly head: string;
  readonly rows?: RowJson[];
  /** The staging stream holding the rows, in order, when they were too large to be inline. */
  readonly staged?: string;
}

export interface RowsData {
  readonly rows: RowJson[];
}

export function rowToJson(r: StoredRow): RowJson {
  return {
    position: r.position.toString(), id: r.id, tenant: r.tenant, stream: r.stream, revision: r.revision.toString(), type: r.type,
    schemaVersion: r.schemaVersion, recordedAt: r.recordedAt, contentHash: r.contentHash, metadataText: r.metadataText,
    dataText: r.dataText, chainHash: r.chainHash,
  };
}

export function rowFromJson(j: RowJson): StoredRow {
  return {
    position: BigInt(j.position), id: j.id, tenant: j.tenant, stream: j.stream, revision: BigInt(j.revision), type: j.type,
    schemaVersion: j.schemaVersion, recordedAt: j.recordedAt, contentHash: j.contentHash, metadataText: j.metadataText,
    dataText: j.dataText, chainHash: j.chainHash,
  };
}

/** Splits rows into chunks whose JSON stays under `maxBytes` (one row larger than that is a chunk of its own). */
export function chunkRows(rows: readonly RowJson[], maxBytes: number): RowJson[][] {
  const chunks: RowJson[][] = [];
  let current: RowJson[] = [];
  let size = 0;
  for (const r of rows) {
    const bytes = Buffer.byteLength(r.dataText) + Buffer.byteLength(r.metadataText) + 400;
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(r);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function checkCommit(c: CommitData, expectedFirst: bigint, revision: bigint): void {
  if (BigInt(c.first) !== expectedFirst || !Number.isInteger(c.count) || c.count < 1) {
    throw new DomainError('broken-log', `EventStoreDB log: commit at revision ${revision} starts at position ${c.first}, expected ${expectedFirst}`, 'integrity');
  }
}
