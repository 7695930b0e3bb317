import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';
import type { ResidentEvent, ResidentStatus } from './resident.ts';

/**
 * An erasure is decided on the resident's stream, whose events it folds (UseSuspended is appended there too); it also
 * decides StatisticsRetained, which goes to the statistics stream. {@link routeErasureEvents} tells them apart.
 */
export type ErasureEvent = ResidentEvent | EventOf<'UseSuspended'> | EventOf<'StatisticsRetained'>;

/** What the statistics keep of one dose of an erased person: no id, no date, no birth date. */
export type StatisticsCell = EventOf<'StatisticsRetained'>['data']['cells'][number];

export type ErasureState =
  | { readonly status: 'none' }
  /** Recorded as erased: what remains of the person's keys (theirs and their held slips') is destroyed by the caller. */
  | { readonly status: 'erased'; readonly withinRetention: boolean; readonly slipIds: readonly string[] }
  /** `leftOn`: the day the person moved out or died, from which the retention period runs. */
  | { readonly status: ResidentStatus; readonly leftOn?: string };

export interface EraseSubject {
  readonly type: 'EraseSubject';
  readonly residentId: string;
  /** Required within the retention period; otherwise the period's end is the reason. */
  readonly reason?: string;
  /** Today in Japan (JST), YYYY-MM-DD. */
  readonly today: string;
  /** The engine's retention period, in years after leaving and after the last vaccination. */
  readonly retentionYears: number;
  /** The date of the person's last dose (their vaccination stream, read by the caller); absent when none. */
  readonly lastDoseOn?: string;
  /** The held slips that go with the person (named them, were matched to them, or carry their 4 information). */
  readonly slipIds: readonly string[];
  /** One anonymous cell per dose, computed by the caller (age groups are the statistics projection's). */
  readonly statistics: readonly StatisticsCell[];
}

export type ErasureCommand = EraseSubject;

/** The same day `years` later, as text (29 February stays 29 February: compared as text, it is the day after the 28th). */
function plusYears(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}

export const erasureDecider: Decider<ErasureCommand, ErasureEvent, ErasureState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    const { residentId, today, retentionYears: years } = command;
    // Already erased: nothing more is recorded; the caller finishes an erasure that was interrupted.
    if (state.status === 'erased') return E.right([]);
    if (state.status === 'none') return unknownResident(residentId);
    const left = state.status !== 'resident' && state.leftOn !== undefined;
    const withinRetention = !left || plusYears(state.leftOn!, years) > today || plusYears(command.lastDoseOn ?? '0000-01-01', years) > today;
    if (withinRetention && !command.reason) {
      return refuse('within-retention', `resident ${residentId} is within the retention period (${years} years after leaving and after the last vaccination); give a reason to erase now`);
    }
    return E.right([
      { type: 'SubjectErased', data: { residentId, reason: command.reason ?? '保存期間の経過', withinRetention, slipIds: [...command.slipIds] } },
      { type: 'StatisticsRetained', data: { cells: [...command.statistics] } },
    ]);
  },

  evolve(state, event) {
    if (event.type === 'SubjectErased') return { status: 'erased', withinRetention: event.data.withinRetention, slipIds: event.data.slipIds };
    if (state.status === 'erased') return state;
    switch (event.type) {
      case 'ResidentRegistered':
        return { status: 'resident' };
      case 'ResidentMovedOut':
        return state.status === 'none' ? state : { status: 'moved-out', leftOn: event.data.movedOutOn };
      case 'ResidentMovedIn':
        return state.status === 'none' ? state : { status: 'resident' };
      case 'ResidentDied':
        return state.status === 'none' ? state : { status: 'died', leftOn: event.data.diedOn };
      case 'ResidentRecordCancelled':
        return state.status === 'none' ? state : { ...state, status: 'cancelled' };
      default:
        return state;
    }
  },
};

/**
 * An erasure's events by the stream each is appended to, in one atomic unit: the resident's (`streams.resident`,
 * SubjectErased) and the statistics' (`streams.statistics`, StatisticsRetained).
 */
export function routeErasureEvents(events: readonly ErasureEvent[]): { readonly resident: ErasureEvent[]; readonly statistics: EventOf<'StatisticsRetained'>[] } {
  const resident: ErasureEvent[] = [];
  const statistics: EventOf<'StatisticsRetained'>[] = [];
  for (const e of events) {
    if (e.type === 'StatisticsRetained') statistics.push(e);
    else resident.push(e);
  }
  return { resident, statistics };
}
