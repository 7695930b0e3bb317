import { DomainError } from '../errors.ts';
import type { RecordedEvent, StoredRow } from './event-store.ts';
import type { EventCodec } from './event-codec.ts';

/** A stored row read back as an envelope. A row whose text no longer parses is reported by position. */
export function recordedEventOf(row: StoredRow, codec?: EventCodec): RecordedEvent {
  let data: unknown;
  let metadata: RecordedEvent['metadata'];
  try {
    data = JSON.parse(row.dataText);
    metadata = JSON.parse(row.metadataText) as RecordedEvent['metadata'];
    if (codec) data = codec.open(row.tenant, row.stream, row.id, row.type, data);
  } catch {
    throw new DomainError('unreadable-row', `stored event at position ${row.position} does not parse`, 'integrity');
  }
  return {
    id: row.id, type: row.type, schemaVersion: row.schemaVersion, tenant: row.tenant, stream: row.stream,
    revision: row.revision, globalPosition: row.position, recordedAt: row.recordedAt, data, metadata,
    contentHash: row.contentHash, chainHash: row.chainHash,
  };
}
