/**
 * Given/when/then specifications for deciders: given the events already in a stream, when a command is decided,
 * then these events (or this refusal). No I/O: a host tests its own deciders the way this library tests its own.
 *
 *   deciderSpec(requestDecider)
 *     .given([lodged])
 *     .when({ type: 'DecideRequest', … })
 *     .then([decided]);
 *
 * Assertions use node:assert, so the spec works under any test runner.
 */
import { deepStrictEqual, fail } from 'node:assert/strict';
import { isLeft } from 'fp-ts/lib/Either.js';
import { foldEvents, type Decider } from '../deciders/decider.ts';
import { asStored } from './as-stored.ts';

export interface DeciderThen<Event, State> {
  /**
   * The events decided, exactly as they will be stored (an item left `undefined` is an item left out), or checked by a
   * function that throws on a mismatch.
   */
  then(expected: readonly Event[] | ((events: readonly Event[], state: State) => void)): void;
  /** The command is refused with this error code. */
  thenFails(code: string): void;
}

export interface DeciderGiven<Command, Event, State> {
  when(command: Command): DeciderThen<Event, State>;
  /** The state the given events fold to, for a spec of `evolve` itself. */
  thenState(expected: State | ((state: State) => void)): void;
}

/** The types of some events, for a message: types only, never their data (which may be a person's). */
const typesOf = (events: readonly unknown[]) => events.map((e) => String((e as { type?: unknown }).type)).join(', ');

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]): DeciderGiven<Command, Event, State> {
      const state = foldEvents(decider, events);
      return {
        when(command: Command): DeciderThen<Event, State> {
          const result = decider.decide(command, state);
          return {
            then(expected) {
              if (isLeft(result)) fail(`expected events, got refusal ${result.left.code}: ${result.left.message}`);
              if (typeof expected === 'function') expected(result.right, state);
              else deepStrictEqual(asStored(result.right), asStored(expected), `decided [${typesOf(result.right)}], expected [${typesOf(expected)}] (see the diff)`);
            },
            thenFails(code: string) {
              if (!isLeft(result)) fail(`expected refusal ${code}, got ${result.right.length} event(s) [${typesOf(result.right)}]`);
              deepStrictEqual(result.left.code, code, `refused with ${result.left.code} (${result.left.message}), expected ${code}`);
            },
          };
        },
        thenState(expected) {
          if (typeof expected === 'function') (expected as (s: State) => void)(state);
          else deepStrictEqual(state, expected);
        },
      };
    },
  };
}
