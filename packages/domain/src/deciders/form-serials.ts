import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { MAX_FORM_SERIAL } from '../forms/form-number.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The events of the serials stream (印刷連番): one a reservation. */
export type FormSerialsEvent = EventOf<'FormSerialsReserved'>;

/** The next serial to hand out. */
export interface FormSerialsState {
  readonly next: number;
}

/** Serials for a notice run's forms (one each), or for one reissued form. */
export interface ReserveFormSerials {
  readonly type: 'ReserveFormSerials';
  readonly count: number;
  readonly runId?: string;
  readonly reissueOf?: string;
}

/**
 * 印刷連番: serials are handed out in order from one stream, so that two runs issued at once can never number two forms
 * alike (the second is decided again after the first, from where it ended). A run of nobody takes none.
 */
export const formSerialsDecider: Decider<ReserveFormSerials, FormSerialsEvent, FormSerialsState> = {
  initialState: { next: 1 },
  decide(command, state) {
    if (!Number.isSafeInteger(command.count) || command.count < 0) return refuse('invalid-count', 'a reservation takes a whole number of serials');
    if (command.count === 0) return E.right([]);
    if (state.next + command.count - 1 > MAX_FORM_SERIAL) return refuse('form-serials-exhausted', `no more than ${MAX_FORM_SERIAL} forms can be numbered`);
    return E.right([{
      type: 'FormSerialsReserved',
      data: { from: state.next, count: command.count, ...(command.runId ? { runId: command.runId } : {}), ...(command.reissueOf ? { reissueOf: command.reissueOf } : {}) },
    }]);
  },
  evolve(state, event) {
    return { next: Math.max(state.next, event.data.from + event.data.count) };
  },
};
