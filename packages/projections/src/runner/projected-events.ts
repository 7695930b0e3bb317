import { DomainError, GENESIS_HASH, isErasedData, upcastAndParse, type DomainEvent, type ErasedEvent, type EventStore, type RecordedEvent, type StoredRowReader } from '@vaxledger/domain';
import type { ProjectedEvent } from '../projection.ts';

/** Parses one stored event for projections; an event that does not parse is named by its position. */
export function projectedEventOf(e: RecordedEvent, previousChainHash: string): ProjectedEvent {
  let event: DomainEvent | ErasedEvent;
  try {
    event = isErasedData(e.data) ? erasedEventOf(e.type, e.data) : upcastAndParse(e.type, e.schemaVersion, e.data);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DomainError('unreadable-event', `event at position ${e.globalPosition} does not parse: ${detail}`, 'integrity');
  }
  return {
    position: Number(e.globalPosition), recordedAt: e.recordedAt, tenant: e.tenant, stream: e.stream, revision: Number(e.revision), eventId: e.id,
    metadata: e.metadata, chainHash: e.chainHash, previousChainHash, event,
  };
}

/** What is left of a sealed event whose subject was erased: its type, ids and item names. */
export function erasedEventOf(type: string, data: Record<string, unknown> & { $subject: string; $items: string[] }): ErasedEvent {
  const ids: Record<string, string> = {};
  for (const k of ['residentId', 'recordId', 'slipId'] as const) if (typeof data[k] === 'string') ids[k] = data[k] as string;
  const clear = Object.fromEntries(Object.entries(data).filter(([k]) => !k.startsWith('$')));
  return { type: 'Erased', data: { originalType: type, subject: data.$subject, items: [...data.$items], ...ids, clear } };
}

/** The chain hash of the row at `position` (the genesis value before the first row). */
export async function chainHashAt(rows: StoredRowReader, position: number): Promise<string> {
  if (position <= 0) return GENESIS_HASH;
  for await (const row of rows.readStoredRows(BigInt(position - 1))) return row.chainHash;
  return GENESIS_HASH;
}

/** Every event after `afterPosition`, parsed, with the previous row's chain hash (read from the stored rows) alongside. */
export async function* readProjected(store: EventStore & StoredRowReader, afterPosition: number): AsyncIterable<ProjectedEvent> {
  let previous = await chainHashAt(store, afterPosition);
  for await (const e of store.readAll({ afterPosition: BigInt(afterPosition) })) {
    const projected = projectedEventOf(e, previous);
    previous = e.chainHash;
    yield projected;
  }
}
