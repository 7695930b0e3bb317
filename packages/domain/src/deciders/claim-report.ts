import * as E from 'fp-ts/lib/Either.js';
import type { EventData, EventOf } from '../events/registry.ts';
import type { Decider } from './decider.ts';

/** A month's 実施報告書 stream: each printing on the record (a reprint is recorded again, with its own date). */
export type ClaimReportEvent = EventOf<'ClaimReportPrinted'>;
export type ClaimReportState = { readonly printings: number };
export type PrintClaimReport = { readonly type: 'PrintClaimReport'; readonly report: EventData<'ClaimReportPrinted'> };

export const claimReportDecider: Decider<PrintClaimReport, ClaimReportEvent, ClaimReportState> = {
  initialState: { printings: 0 },
  decide(command) {
    return E.right([{ type: 'ClaimReportPrinted', data: command.report }]);
  },
  evolve(state) {
    return { printings: state.printings + 1 };
  },
};
