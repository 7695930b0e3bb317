import * as E from 'fp-ts/lib/Either.js';
import type { EventData, EventOf } from '../events/registry.ts';
import { isIsoDate } from '../time/day-number.ts';
import { DomainError } from '../errors.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** One clinic's claim of one month: approved once (its amounts fixed), then paid once. */
export type ClaimEvent = EventOf<'ClaimApproved' | 'ClaimPaid'>;
export type ClaimState =
  | { readonly status: 'open' }
  | { readonly status: 'approved'; readonly approvedOn: string; readonly amount: number }
  | { readonly status: 'paid'; readonly approvedOn: string; readonly amount: number; readonly paidOn: string };

export type ClaimCommand =
  | { readonly type: 'ApproveClaim'; readonly approval: EventData<'ClaimApproved'> }
  | { readonly type: 'RecordClaimPaid'; readonly clinicNo: string; readonly month: string; readonly paidOn: string };

export const claimDecider: Decider<ClaimCommand, ClaimEvent, ClaimState> = {
  initialState: { status: 'open' },
  decide(command, state) {
    switch (command.type) {
      case 'ApproveClaim': {
        const { clinicNo, month } = command.approval;
        // Approved once: a slip that arrives later is claimed in a later month, never by reopening this one.
        if (state.status !== 'open') return refuse('claim-approved', `the claim of clinic ${clinicNo} for ${month} was approved already (on ${state.approvedOn})`);
        return E.right([{ type: 'ClaimApproved', data: command.approval }]);
      }
      case 'RecordClaimPaid': {
        const { clinicNo, month, paidOn } = command;
        if (state.status === 'open') return E.left(new DomainError('claim-not-approved', `the claim of clinic ${clinicNo} for ${month} is not approved (vaxledger claims approve)`, 'invalid-input'));
        if (state.status === 'paid') return refuse('claim-paid', `the claim of clinic ${clinicNo} for ${month} was paid already (on ${state.paidOn})`);
        if (!isIsoDate(paidOn)) return refuse('invalid-date', '--date must be a date (YYYY-MM-DD)');
        if (paidOn < state.approvedOn) return refuse('invalid-date', `--date ${paidOn} is before the claim was approved (${state.approvedOn})`);
        return E.right([{ type: 'ClaimPaid', data: { clinicNo, month, paidOn, amount: state.amount } }]);
      }
    }
  },
  evolve(state, event) {
    if (event.type === 'ClaimApproved') return { status: 'approved', approvedOn: event.data.approvedOn, amount: event.data.totals.amount };
    return state.status === 'approved' ? { ...state, status: 'paid', paidOn: event.data.paidOn } : state;
  },
};
