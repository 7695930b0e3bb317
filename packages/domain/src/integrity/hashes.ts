import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { StoredRow } from '../ports/event-store.ts';

/** The chain starts from this value, so that the first event is chained like every other. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the canonical plaintext (type, schemaVersion, stream, canonical data): the event's content identity.
 * Judged on plaintext so that encrypting personal items later, with fresh nonces, keeps retries safe.
 */
export function contentHashOf(type: string, schemaVersion: number, stream: string, canonicalDataText: string): string {
  return createHash('sha256').update(`${type}\n${schemaVersion}\n${stream}\n`).update(canonicalDataText).digest('hex');
}

export function contentHashOfData(type: string, schemaVersion: number, stream: string, data: unknown): string {
  return contentHashOf(type, schemaVersion, stream, canonicalJson(data));
}

/** The stored row as the chain sees it: exactly the text that is at rest, so any changed byte changes the hash. */
export type ChainedFields = Omit<StoredRow, 'chainHash'>;

/**
 * chainHash(n) = SHA-256(chainHash(n−1) ‖ length-prefixed fields of row n). Length prefixes keep fields apart.
 * The input is built as one string and hashed in one call: crossing into the hash once per row, not per field.
 */
export function chainHashOf(previous: string, row: ChainedFields): string {
  const fields = [
    String(row.position), row.id, row.tenant, row.stream, String(row.revision), row.type,
    String(row.schemaVersion), row.recordedAt, row.contentHash, row.metadataText, row.dataText,
  ];
  let input = previous;
  for (const field of fields) input += `\n${field.length}:${field}`;
  return createHash('sha256').update(input).digest('hex');
}
