import * as E from 'fp-ts/lib/Either.js';
import { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import type { MovedIn, ResidentDetails } from '../events/resident-events.ts';
import type { Decider } from './decider.ts';

export type ResidentEvent =
  | EventOf<'ResidentRegistered'> | EventOf<'ResidentDetailsChanged'> | EventOf<'ResidentMovedOut'>
  | EventOf<'ResidentMovedIn'> | EventOf<'ResidentDied'> | EventOf<'ResidentRecordCancelled'> | EventOf<'SubjectErased'>;

export type ResidentStatus = 'resident' | 'moved-out' | 'died' | 'cancelled';

export type ResidentState =
  | { readonly status: 'none' }
  | { readonly status: 'erased' }
  | { readonly status: ResidentStatus; readonly details: ResidentDetails; readonly leftOn?: string };

export type ResidentCommand =
  | { readonly type: 'RegisterResident'; readonly residentId: string; readonly details: ResidentDetails; /** 転入: registered by a move from elsewhere */ readonly movedIn?: MovedIn }
  | { readonly type: 'ChangeResidentDetails'; readonly residentId: string; readonly changes: Partial<ResidentDetails>; readonly movement?: string; readonly effectiveOn?: string }
  | { readonly type: 'MoveOutResident'; readonly residentId: string; readonly movedOutOn: string; readonly destinationAddress?: string }
  | {
      readonly type: 'MoveInResident'; readonly residentId: string; readonly movedInOn: string; readonly previousAddress?: string; readonly address?: string;
      readonly fromMunicipality?: string; readonly fromAbroad?: true;
    }
  | { readonly type: 'RecordResidentDeath'; readonly residentId: string; readonly diedOn: string }
  | { readonly type: 'CancelResidentRecord'; readonly residentId: string; readonly reason?: string };

const fail = (code: string, message: string) => E.left(new DomainError(code, message));

/** Only the items whose value differs from the current state: a diff import emits nothing for an unchanged row. */
export function changedItems(current: ResidentDetails, proposed: Partial<ResidentDetails>): Partial<ResidentDetails> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(proposed)) {
    if (value === undefined) continue;
    if ((current as Record<string, unknown>)[key] !== value) out[key] = value;
  }
  return out as Partial<ResidentDetails>;
}

export const residentDecider: Decider<ResidentCommand, ResidentEvent, ResidentState> = {
  initialState: { status: 'none' },

  decide(command, state) {
    const id = command.residentId;
    if (command.type === 'RegisterResident') {
      if (state.status !== 'none') return fail('resident-exists', `resident ${id} is already registered`);
      return E.right([{ type: 'ResidentRegistered', data: { residentId: id, ...command.details, ...(command.movedIn ? { movedIn: command.movedIn } : {}) } }]);
    }
    if (state.status === 'none') return fail('unknown-resident', `resident ${id} is not registered`);
    if (state.status === 'erased') return fail('resident-erased', `resident ${id}: the personal items were erased`);
    if (state.status === 'cancelled') return fail('resident-cancelled', `resident ${id}: the record was cancelled`);
    switch (command.type) {
      case 'ChangeResidentDetails': {
        const changes = changedItems(state.details, command.changes);
        if (Object.keys(changes).length === 0) return E.right([]);
        return E.right([{ type: 'ResidentDetailsChanged', data: { residentId: id, changes, movement: command.movement, effectiveOn: command.effectiveOn } }]);
      }
      case 'MoveOutResident':
        if (state.status !== 'resident') return fail('not-a-resident', `resident ${id} is not currently a resident`);
        return E.right([{ type: 'ResidentMovedOut', data: { residentId: id, movedOutOn: command.movedOutOn, destinationAddress: command.destinationAddress } }]);
      case 'MoveInResident':
        if (state.status !== 'moved-out') return fail('not-moved-out', `resident ${id} has not moved out`);
        return E.right([{
          type: 'ResidentMovedIn',
          data: {
            residentId: id, movedInOn: command.movedInOn, previousAddress: command.previousAddress, address: command.address,
            ...(command.fromMunicipality ? { fromMunicipality: command.fromMunicipality } : {}), ...(command.fromAbroad ? { fromAbroad: true as const } : {}),
          },
        }]);
      case 'RecordResidentDeath':
        if (state.status === 'died') return fail('already-died', `resident ${id}: death already recorded`);
        return E.right([{ type: 'ResidentDied', data: { residentId: id, diedOn: command.diedOn } }]);
      case 'CancelResidentRecord':
        return E.right([{ type: 'ResidentRecordCancelled', data: { residentId: id, reason: command.reason } }]);
    }
  },

  evolve(state, event) {
    if (event.type === 'SubjectErased') return { status: 'erased' };
    if (state.status === 'erased') return state;
    switch (event.type) {
      case 'ResidentRegistered': {
        const { residentId: _id, movedIn: _m, ...details } = event.data;
        return { status: 'resident', details };
      }
      case 'ResidentDetailsChanged':
        return state.status === 'none' ? state : { ...state, details: { ...state.details, ...event.data.changes } };
      case 'ResidentMovedOut':
        return state.status === 'none' ? state : { ...state, status: 'moved-out', leftOn: event.data.movedOutOn };
      case 'ResidentMovedIn':
        return state.status === 'none'
          ? state
          : { status: 'resident', details: { ...state.details, address: event.data.address ?? state.details.address, becameResidentOn: event.data.movedInOn } };
      case 'ResidentDied':
        return state.status === 'none' ? state : { ...state, status: 'died', leftOn: event.data.diedOn };
      case 'ResidentRecordCancelled':
        return state.status === 'none' ? state : { ...state, status: 'cancelled' };
      default:
        return state;
    }
  },
};
