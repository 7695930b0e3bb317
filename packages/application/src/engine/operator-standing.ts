import { loadStream } from '../commands/load-stream.ts';
import {
  operatorDecider, streams, WrongExpectedRevisionError,
  type AppendResult, type EventStore, type EventToAppend, type ExpectedRevision, type StreamAppend,
} from '@vaxledger/domain';

/** How often a commit is decided again when the operator's stream moved without changing their standing. */
const ATTEMPTS = 10;

/** Events that are written whatever the operator's standing: the record of a refusal itself. */
const UNGUARDED = new Set(['AccessDenied']);

/** Records a refusal of a commit in the operation log (see Engine.deny). */
export type DenyCommit = (operatorId: string, purpose: string, action: string, reason: 'unknown-operator' | 'deactivated') => Promise<never>;

/**
 * A command stops when its operator does. The engine's store, wrapped: every unit that names an operator in its
 * metadata commits only while that operator is registered and active. The standing is read, and the unit carries the
 * operator's stream at the revision read as a part with no events — an expected revision, which every store enforces
 * inside the write transaction of the unit (SQLite, memory, EventStoreDB alike). So another process that deactivates
 * the operator between the read and the commit makes the commit fail whole; it is then decided again, and refused
 * (logged as denied) once the operator no longer stands.
 */
export function guardOperatorStanding<S extends EventStore>(inner: S, tenant: string, deny: DenyCommit): S {
  const appendMulti = async (appends: readonly StreamAppend[]): Promise<AppendResult[]> => {
    const actor = actingOperator(appends);
    if (!actor) return inner.appendMulti(appends);
    const stream = streams.operator(tenant, actor.operatorId);
    for (let attempt = 0; ; attempt++) {
      const standing = await readStanding(inner, stream);
      if (standing.state.status !== 'active') {
        return deny(actor.operatorId, actor.purpose, actor.action, standing.state.status === 'none' ? 'unknown-operator' : 'deactivated');
      }
      const guard: StreamAppend = { stream, events: [], expectedRevision: standing.revision ?? 'no_stream' };
      try {
        return (await inner.appendMulti([guard, ...appends])).slice(1);
      } catch (error) {
        // Only the guard's own conflict is decided again; any other refusal is the caller's.
        if (!(error instanceof WrongExpectedRevisionError) || error.stream !== stream || attempt + 1 >= ATTEMPTS) throw error;
      }
    }
  };
  const append = async (stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> =>
    (await appendMulti([{ stream, events, expectedRevision: options.expectedRevision }]))[0]!;
  // A proxy, so that everything else (a SQLite store's db, instanceof, optional readers) is the store's own.
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'append') return append;
      if (property === 'appendMulti') return appendMulti;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The operator a unit acts for (from its events' metadata), and what it does; null for a unit that is never refused. */
function actingOperator(appends: readonly StreamAppend[]): { operatorId: string; purpose: string; action: string } | null {
  for (const a of appends) {
    for (const e of a.events) {
      if (UNGUARDED.has(e.type)) continue;
      return { operatorId: e.metadata.operatorId, purpose: e.metadata.purpose, action: `commit ${e.type}`.slice(0, 60) };
    }
  }
  return null;
}

/** The operator's standing as the store holds it now: their stream, folded through the operator decider. */
function readStanding(store: EventStore, stream: string) {
  return loadStream(store, operatorDecider, stream);
}
