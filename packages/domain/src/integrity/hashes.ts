import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { StoredRow } from '../ports/event-store.ts';

/** The chain starts from this value, so that the first event is chained like every other. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the canonical plaintext (type, schemaVersion, stream, canonical data): the event's content identity.
 * Judged on plaintext so that encrypting personal items later, with fresh nonces, keeps retries safe.
 */
export function contentHashOf(type: string, schemaVersion: number, stream: string, canonicalDataText: string): string {
  // One-shot hashing: no hash object per event (it runs for every event stored).
  return hash('sha256', `${type}\n${schemaVersion}\n${stream}\n${canonicalDataText}`, 'hex');
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
  const position = String(row.position);
  const revision = String(row.revision);
  const version = String(row.schemaVersion);
  const input = `${previous}\n${position.length}:${position}\n${row.id.length}:${row.id}\n${row.tenant.length}:${row.tenant}` +
    `\n${row.stream.length}:${row.stream}\n${revision.length}:${revision}\n${row.type.length}:${row.type}` +
    `\n${version.length}:${version}\n${row.recordedAt.length}:${row.recordedAt}\n${row.contentHash.length}:${row.contentHash}` +
    `\n${row.metadataText.length}:${row.metadataText}\n${row.dataText.length}:${row.dataText}`;
  return hash('sha256', input, 'hex');
}
