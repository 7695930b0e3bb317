import { parseDomainEvent, type EventData, type EventOf, type EventType } from '../../src/index.ts';

/**
 * A domain event built through its schema, as the engine parses every event it appends: a spec that builds its
 * events here breaks when the schema changes, and its expected events are what a store will hold.
 */
export const event = <T extends EventType>(type: T, data: EventData<T>): EventOf<T> => parseDomainEvent(type, data) as EventOf<T>;
