import * as E from 'fp-ts/lib/Either.js';
import type { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import { REQUEST_DECISION_DAYS, RequestKindSchema, type RequestKind } from '../events/request-events.ts';
import { formatIsoDate, parseIsoDate } from '../time/day-number.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';

/** The events of one request's stream (開示・訂正・利用停止請求). */
export type RequestStreamEvent = EventOf<'RequestLodged'> | EventOf<'RequestDeadlineExtended'> | EventOf<'RequestDecided'>;

/**
 * What the request decider decides: its stream's events, and UseSuspended, which goes to the resident's stream
 * (a granted suspension request suspends the person's use). {@link routeRequestEvents} tells them apart.
 */
export type RequestEvent = RequestStreamEvent | EventOf<'UseSuspended'>;

export type RequestDecision = EventOf<'RequestDecided'>['data']['decision'];

interface RequestFacts {
  readonly requestId: string;
  readonly kind: RequestKind;
  readonly residentId: string;
  readonly receivedOn: string;
  /** The current deadline: 14 days after receipt, or as extended. */
  readonly deadline: string;
}

export type RequestState =
  | { readonly status: 'none' }
  | (RequestFacts & { readonly status: 'lodged' })
  | (RequestFacts & { readonly status: 'decided'; readonly decision: RequestDecision; readonly decidedOn: string });

export type RequestCommand =
  | {
      readonly type: 'LodgeRequest';
      /** A new id, chosen by the caller. */
      readonly requestId: string;
      /** As typed: checked here. */
      readonly kind: RequestKind;
      readonly residentId: string;
      /** Whether the resident is registered (the resident's stream, read by the caller). */
      readonly residentRegistered: boolean;
      readonly receivedOn: string;
      readonly summary?: string;
      /** Today in Japan (JST), YYYY-MM-DD. */
      readonly today: string;
    }
  | { readonly type: 'ExtendRequestDeadline'; readonly requestId: string; readonly deadline: string; readonly reason: string }
  | {
      readonly type: 'DecideRequest';
      readonly requestId: string;
      readonly decision: RequestDecision;
      readonly reason: string;
      /** Today in Japan (JST), YYYY-MM-DD: the day of the decision. */
      readonly today: string;
    };

const unknownRequest = (requestId: string) => refuse('unknown-request', `no request ${requestId.slice(0, 36)}`);
const alreadyDecided = (requestId: string) => refuse('request-decided', `request ${requestId} is already decided`);

export const requestDecider: Decider<RequestCommand, RequestEvent, RequestState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    const requestId = command.requestId;
    switch (command.type) {
      case 'LodgeRequest': {
        if (state.status !== 'none') return refuse('request-exists', `request ${requestId} is already lodged`);
        if (!RequestKindSchema.safeParse(command.kind).success) return refuse('invalid-request-kind', 'kind must be disclosure, correction or suspension');
        if (!command.residentRegistered) return unknownResident(command.residentId);
        const received = parseIsoDate(command.receivedOn);
        if (received === null) return refuse('invalid-date', 'the date of receipt is not a valid date');
        // A receipt in the future is a typing error, and its deadline would be too.
        if (command.receivedOn > command.today) return refuse('invalid-date', 'the date of receipt is in the future (JST)');
        return E.right([{
          type: 'RequestLodged',
          data: {
            requestId, kind: command.kind, residentId: command.residentId, receivedOn: command.receivedOn,
            deadline: formatIsoDate(received + REQUEST_DECISION_DAYS), ...(command.summary ? { summary: command.summary } : {}),
          },
        }]);
      }
      case 'ExtendRequestDeadline':
        if (state.status === 'none') return unknownRequest(requestId);
        if (state.status !== 'lodged') return alreadyDecided(requestId);
        if (parseIsoDate(command.deadline) === null || command.deadline <= state.deadline) {
          return refuse('invalid-deadline', 'the new deadline must be a valid date after the current one');
        }
        return E.right([{ type: 'RequestDeadlineExtended', data: { requestId, residentId: state.residentId, deadline: command.deadline, reason: command.reason } }]);
      case 'DecideRequest': {
        if (state.status === 'none') return unknownRequest(requestId);
        if (state.status !== 'lodged') return alreadyDecided(requestId);
        const decided: RequestEvent = {
          type: 'RequestDecided',
          data: { requestId, residentId: state.residentId, decision: command.decision, reason: command.reason, decidedOn: command.today },
        };
        // 利用停止 granted (wholly or in part): the person's use is suspended, on their own stream.
        if (state.kind === 'suspension' && command.decision !== 'refused') {
          return E.right([decided, { type: 'UseSuspended', data: { residentId: state.residentId, requestId } }]);
        }
        return E.right([decided]);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RequestLodged': {
        const { requestId, kind, residentId, receivedOn, deadline } = event.data;
        return { status: 'lodged', requestId, kind, residentId, receivedOn, deadline };
      }
      case 'RequestDeadlineExtended':
        return state.status === 'none' ? state : { ...state, deadline: event.data.deadline };
      case 'RequestDecided':
        return state.status === 'none' ? state : { ...state, status: 'decided', decision: event.data.decision, decidedOn: event.data.decidedOn };
      default:
        // UseSuspended is the resident stream's: it never comes back through this stream.
        return state;
    }
  },
};

/**
 * A decision's events by the stream each is appended to, in one atomic unit: the request's own stream
 * (`streams.request`) and the resident's (`streams.resident`, for UseSuspended).
 */
export function routeRequestEvents(events: readonly RequestEvent[]): { readonly request: RequestStreamEvent[]; readonly resident: EventOf<'UseSuspended'>[] } {
  const request: RequestStreamEvent[] = [];
  const resident: EventOf<'UseSuspended'>[] = [];
  for (const e of events) {
    if (e.type === 'UseSuspended') resident.push(e);
    else request.push(e);
  }
  return { request, resident };
}

/** A request whose disclosure may be exported: a disclosure request, decided, and not refused. */
export function disclosableRequest(requestId: string, state: RequestState): E.Either<DomainError, Extract<RequestState, { status: 'decided' }>> {
  if (state.status === 'none') return unknownRequest(requestId);
  if (state.kind !== 'disclosure' || state.status !== 'decided' || state.decision === 'refused') {
    return refuse('not-disclosable', `request ${requestId} is not a granted disclosure request`);
  }
  return E.right(state);
}
