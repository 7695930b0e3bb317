import type { DomainEvent, ErasedEvent, EventMetadata } from '@vaxledger/domain';

/** An event as projections see it: parsed at its current schema version, with its place in the store. */
export interface ProjectedEvent {
  readonly position: number;
  readonly recordedAt: string;
  readonly tenant: string;
  readonly stream: string;
  /** The event's revision in its stream. */
  readonly revision: number;
  readonly eventId: string;
  readonly metadata: EventMetadata;
  readonly chainHash: string;
  /** The chain hash of the row before this one (global order). */
  readonly previousChainHash: string;
  /** The event at its current schema version, or what is left of it once its subject was erased. */
  readonly event: DomainEvent | ErasedEvent;
}

/**
 * A projection is a pure reducer over documents: each event touches the documents named by `keysOf`, and
 * `evolve` (an immer producer) returns the new document. Documents are plain JSON, so any store can keep them.
 */
export interface Projection<Doc = unknown> {
  readonly name: string;
  /** Bump when the reducer changes meaning: a stored projection of another version is rebuilt. */
  readonly version: number;
  keysOf(event: ProjectedEvent): readonly string[];
  /**
   * Key prefixes whose documents this event deletes, all of them, including ones the reducer cannot name (a
   * person's erasure ends every document of theirs). Applied before the event's own keys are evolved.
   */
  dropsOf?(event: ProjectedEvent): readonly string[];
  evolve(doc: Doc | undefined, event: ProjectedEvent, key: string): Doc | undefined;
}

export type AnyProjection = Projection<any>;

/** Document keys carry the tenant, so that no query can reach another municipality's documents. */
export const docKey = (tenant: string, id: string) => `${tenant}/${id}`;
