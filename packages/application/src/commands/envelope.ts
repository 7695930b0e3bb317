// The one place a new event is made into what a store appends: its data checked by the event's schema, at the
// current schema version, with an id and the metadata of the call.
import { currentVersionOf, newEventId, parseDomainEvent, type EventMetadata, type EventToAppend } from '@vaxledger/domain';

/** An event a command decided or an import planned: its type and data, not yet checked. */
export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The envelope of a new event. `id` is given when it must be the same on a retry (an import's ids derive from the
 * file's hash, a host's call's from its requestId); otherwise a new one.
 */
export function envelopeOf(event: NewEvent, metadata: EventMetadata, id?: string): EventToAppend {
  const parsed = parseDomainEvent(event.type, event.data);
  return { id: id ?? newEventId(), type: parsed.type, schemaVersion: currentVersionOf(parsed.type), data: parsed.data, metadata };
}
