import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import type { AnsweredRecord, Slip } from '../events/import-events.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';

/** The events of one held slip's stream (疑義): its hold, then its resolution. */
export type HeldSlipEvent = EventOf<'SlipHeld'> | EventOf<'SlipResolved'>;

/** What was held: a slip (clinic or VRS), or a record of another municipality's answer to an inquiry. */
export type HeldRow =
  | { readonly slip: Slip; readonly source?: 'vrs' }
  | { readonly answer: AnsweredRecord; readonly source: 'other-municipality'; readonly inquiryId?: string };

export type HeldSlipState =
  | { readonly status: 'none' }
  /** The row held and where it came from: what a match records on the resident's ledger. */
  | { readonly status: 'held' | 'matched' | 'rejected'; readonly held: HeldRow };

/** The row a SlipHeld event holds. */
export function heldRowOf(data: EventOf<'SlipHeld'>['data']): HeldRow {
  if (data.slip !== undefined) return { slip: data.slip, ...(data.source === 'vrs' ? { source: 'vrs' as const } : {}) };
  return { answer: data.answer!, source: 'other-municipality', ...(data.inquiryId ? { inquiryId: data.inquiryId } : {}) };
}

export type HeldSlipCommand =
  | {
      /**
       * Matched to a resident after investigation. The dose itself is recorded by the vaccinations decider on the
       * resident's stream, in the same atomic unit, under `recordId`.
       */
      readonly type: 'ResolveSlip';
      readonly slipId: string;
      readonly residentId: string;
      /** Whether the resident is registered (read by the caller). */
      readonly residentRegistered: boolean;
      /** The id of the vaccination record the match creates (new, chosen by the caller). */
      readonly recordId: string;
      readonly reason?: string;
    }
  | { readonly type: 'RejectSlip'; readonly slipId: string; readonly reason: string };

export const heldSlipDecider: Decider<HeldSlipCommand, HeldSlipEvent, HeldSlipState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    const slipId = command.slipId;
    if (state.status === 'none') return refuse('unknown-slip', `no held slip ${slipId.slice(0, 36)}`);
    if (state.status !== 'held') return refuse('slip-resolved', `slip ${slipId} was already ${state.status}`);
    if (command.type === 'RejectSlip') {
      return E.right([{ type: 'SlipResolved', data: { slipId, resolution: 'rejected', reason: command.reason } }]);
    }
    if (!command.residentRegistered) return unknownResident(command.residentId);
    return E.right([{
      type: 'SlipResolved',
      data: { slipId, resolution: 'matched', residentId: command.residentId, recordId: command.recordId, reason: command.reason ?? 'matched after investigation' },
    }]);
  },

  evolve(state, event) {
    if (event.type === 'SlipHeld') return { status: 'held', held: heldRowOf(event.data) };
    return state.status === 'none' ? state : { ...state, status: event.data.resolution };
  },
};
