import { DomainError } from '../errors.ts';
import type { RecordedEvent } from './event-store.ts';
import type { StoredRow } from './stored-rows.ts';
import type { EventCodec } from './event-codec.ts';

let lastMetadataText: string | undefined;
let lastMetadata: RecordedEvent['metadata'] | undefined;

/**
 * Parses an event's stored metadata. The events of one append share their metadata text (an import's million events
 * have one), so the text last parsed is remembered and its value shared between events, frozen so that no reader can
 * change what the others get.
 */
export function parseStoredMetadata(text: string): RecordedEvent['metadata'] {
  if (text === lastMetadataText && lastMetadata !== undefined) return lastMetadata;
  const parsed = deepFreeze(JSON.parse(text) as RecordedEvent['metadata']);
  lastMetadataText = text;
  lastMetadata = parsed;
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A stored row read back as an envelope. A row whose text no longer parses is reported by position. */
export function recordedEventOf(row: StoredRow, codec?: EventCodec): RecordedEvent {
  let data: unknown;
  let metadata: RecordedEvent['metadata'];
  try {
    data = JSON.parse(row.dataText);
    metadata = parseStoredMetadata(row.metadataText);
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
