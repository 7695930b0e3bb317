import { GENESIS_HASH } from './hashes.ts';
import type { StoredRow, StoredRowReader } from '../ports/stored-rows.ts';

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
export async function* storedRowsMatching(rows: StoredRowReader, filter: StoredRowFilter): AsyncIterable<{ readonly row: StoredRow; readonly previousChainHash: string }> {
  if (rows.readStoredRowsMatching) {
    yield* rows.readStoredRowsMatching(filter);
    return;
  }
  let previous = GENESIS_HASH;
  for await (const row of rows.readStoredRows(0n)) {
    if (storedRowMatches(row, filter)) yield { row, previousChainHash: previous };
    previous = row.chainHash;
  }
}
