import type { Either } from 'fp-ts/lib/Either.js';
import type { Decider, DomainError, ExpectedRevision } from '@vaxledger/domain';
import type { NewEvent } from './envelope.ts';

/** Events a decision sends to a stream other than the one it was decided on, with the revision that stream must be at. */
export interface RoutedEvents {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  /** Not needed for the decided stream itself: it is appended at the revision it was loaded at. */
  readonly expectedRevision?: ExpectedRevision;
}

/**
 * One decision of a command: a stream, the decider of its rules, and the command — or a function from the stream's
 * state to the command, for a command that needs values from that state (or is refused by it).
 */
export interface StreamCommand<C, Ev extends NewEvent, S> {
  readonly stream: string;
  readonly decider: Decider<C, Ev, S>;
  readonly command: C | ((state: S) => Either<DomainError, C>);
  /**
   * Where each decided event is appended, when not all go to `stream` (a granted suspension request suspends the
   * person on their own stream; an erasure leaves its statistics on theirs). The entry for `stream` itself, if any,
   * is appended at the revision loaded; events in no entry are not appended.
   */
  readonly route?: (events: readonly Ev[]) => readonly RoutedEvents[];
  /**
   * A further decision, on another stream, that belongs to the same atomic unit (a held slip matched, and the dose
   * recorded on the person's vaccinations): made from this one's state and events, loaded and decided after it, and
   * decided again with it on a conflict.
   */
  readonly then?: (state: S, events: readonly Ev[]) => AnyStreamCommand | null;
  /**
   * The ids of the decided events of `stream`, when a retried call must give the same ones (a host's requestId);
   * new ids otherwise.
   */
  readonly ids?: (count: number) => readonly string[];
  /**
   * The revision the caller read the stream at to plan what the command records (a 副本 file written from it): the
   * command is not decided again on a newer state, and a stream that moved since is a conflict
   * (WrongExpectedRevisionError), as when it moves between the load and the append.
   */
  readonly plannedAt?: bigint | null;
}

/** A decision of any stream: what a `then` hands on (its types are its own). */
export type AnyStreamCommand = StreamCommand<any, any, any>;

/** What a command decided, once appended: the state it was decided against, and its events on its own stream. */
export interface Decided<Ev, S> {
  readonly state: S;
  readonly events: readonly Ev[];
}
