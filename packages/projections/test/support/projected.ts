import {
  currentVersionOf, deterministicId, EventMetadataSchema, GENESIS_HASH, itemNamesOf, parseDomainEvent, SEALING,
  type DomainEvent, type EventData, type EventMetadata, type EventOf, type EventType,
} from '@vaxledger/domain';
import type { ProjectedEvent } from '../../src/projection.ts';
import { projectedEventOf } from '../../src/runner/projected-events.ts';

/** Tests only: events as projections see them, built without a store. */

/** Sendai's 全国地方公共団体コード: a tenant code that passes its check digit. */
export const TENANT = '041009';
export const RECORDED_AT = '2025-04-01T09:00:00.000Z';
export const METADATA: EventMetadata = { operatorId: 'sato.h', purpose: 'registration', correlationId: 'spec-correlation', causationId: null, source: 'spec' };
export const CHAIN_HASH = 'c'.repeat(64);

/** A domain event built through its schema, as the engine parses every event it appends: specs break when it changes. */
export const domainEvent = <T extends EventType>(type: T, data: EventData<T>): EventOf<T> => parseDomainEvent(type, data) as EventOf<T>;

/** Where an event sits in the store, and who did it; each has a default. */
export interface Place {
  readonly position?: number;
  readonly revision?: number;
  readonly recordedAt?: string;
  readonly tenant?: string;
  readonly stream?: string;
  readonly eventId?: string;
  readonly metadata?: Partial<EventMetadata>;
  readonly chainHash?: string;
  readonly previousChainHash?: string;
}

/**
 * The event as a projection receives it: read back through the runner's own projectedEventOf (parsed at its current
 * schema version), at position 1, revision 0, by operator sato.h for registration, unless `place` says otherwise.
 */
export function projected(event: DomainEvent, place: Place = {}): ProjectedEvent {
  return readBack(event.type, event.data, place);
}

/**
 * The event as a projection receives it once its subject's key was destroyed: only the items its sealing rule keeps
 * in clear, with the subject and the names of the items it held (what a store's clear view of a sealed row gives).
 * An event that nothing seals is read whole, as it would be.
 */
export function projectedErased(event: DomainEvent, place: Place = {}): ProjectedEvent {
  const rule = SEALING[event.type];
  if (!rule) return projected(event, place);
  const data = event.data as Record<string, unknown>;
  const clear = Object.fromEntries(Object.entries(data).filter(([k]) => rule.clear.includes(k)));
  return readBack(event.type, { ...clear, $erased: true, $subject: rule.subject(data), $items: itemNamesOf(event.type, data) }, place);
}

function readBack(type: EventType, data: unknown, place: Place): ProjectedEvent {
  const position = place.position ?? 1;
  const tenant = place.tenant ?? TENANT;
  return projectedEventOf({
    id: place.eventId ?? deterministicId('spec-event', String(position)),
    type, schemaVersion: currentVersionOf(type), tenant, stream: place.stream ?? `${tenant}/spec/stream`,
    revision: BigInt(place.revision ?? 0), globalPosition: BigInt(position), recordedAt: place.recordedAt ?? RECORDED_AT, data,
    metadata: EventMetadataSchema.parse({ ...METADATA, ...place.metadata }), contentHash: '0'.repeat(64), chainHash: place.chainHash ?? CHAIN_HASH,
  }, place.previousChainHash ?? GENESIS_HASH);
}
