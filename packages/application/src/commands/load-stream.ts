import { foldEvents, isErasedData, upcastAndParse, type Decider, type DomainEvent, type EventStore } from '@vaxledger/domain';

/** A stream's state through a decider, and the revision it was read at (null: the stream has no events). */
export interface LoadedStream<S> {
  readonly state: S;
  readonly revision: bigint | null;
}

/** Loads a stream's state through its decider, reading the stream's events at their current schema version. */
export async function loadStream<S>(store: EventStore, decider: Pick<Decider<unknown, any, S>, 'initialState' | 'evolve'>, stream: string): Promise<LoadedStream<S>> {
  const events: DomainEvent[] = [];
  let revision: bigint | null = null;
  for await (const e of store.readStream(stream)) {
    revision = e.revision;
    // An erased person's sealed events no longer open; the SubjectErased event that follows them decides the state.
    if (isErasedData(e.data)) continue;
    events.push(upcastAndParse(e.type, e.schemaVersion, e.data));
  }
  return { state: foldEvents(decider, events), revision };
}
