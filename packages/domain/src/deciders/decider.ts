import type { Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../errors.ts';

/** A decider: the whole behaviour of one stream, as three pure functions. */
export interface Decider<Command, Event, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Either<DomainError, readonly Event[]>;
  evolve(state: State, event: Event): State;
}

export function foldEvents<Event, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>, events: Iterable<Event>): State {
  let state = decider.initialState;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}
