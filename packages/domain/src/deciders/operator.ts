import * as E from 'fp-ts/lib/Either.js';
import { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import type { Purpose } from '../events/metadata.ts';
import type { Role } from '../events/access-events.ts';
import type { Decider } from './decider.ts';

export type OperatorEvent =
  | EventOf<'OperatorRegistered'> | EventOf<'RoleGranted'> | EventOf<'RoleRevoked'> | EventOf<'OperatorDeactivated'>
  | EventOf<'OperatorSecretChanged'> | EventOf<'OperatorUnlocked'>;

export type OperatorState =
  | { readonly status: 'none' }
  | { readonly status: 'active' | 'deactivated'; readonly roles: readonly Role[]; readonly purposes: readonly Purpose[] };

export type OperatorCommand =
  | { readonly type: 'RegisterOperator'; readonly operatorId: string; readonly roles: readonly Role[]; readonly purposes: readonly Purpose[] }
  | { readonly type: 'GrantRoles'; readonly operatorId: string; readonly roles: readonly Role[]; readonly purposes: readonly Purpose[] }
  | { readonly type: 'RevokeRoles'; readonly operatorId: string; readonly roles: readonly Role[]; readonly purposes: readonly Purpose[] }
  | { readonly type: 'DeactivateOperator'; readonly operatorId: string; readonly reason: string };

/** Ids that name a group or a function rather than a person: an operation log needs a person behind every id. */
const SHARED_IDS = /^(admin|administrator|root|guest|test|user|shared|common|system|operator|staff|all)\d*$/;

export const operatorDecider: Decider<OperatorCommand, OperatorEvent, OperatorState> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterOperator':
        if (state.status !== 'none') return E.left(new DomainError('operator-exists', `operator ${command.operatorId} already exists`));
        if (SHARED_IDS.test(command.operatorId)) {
          return E.left(new DomainError('shared-operator-id', `operator id ${command.operatorId} looks shared; give each person their own id`));
        }
        return E.right([{ type: 'OperatorRegistered', data: { operatorId: command.operatorId, roles: [...command.roles], purposes: [...command.purposes] } }]);
      case 'GrantRoles': {
        if (state.status !== 'active') return E.left(new DomainError('operator-not-active', `operator ${command.operatorId} is not active`));
        const roles = command.roles.filter((r) => !state.roles.includes(r));
        const purposes = command.purposes.filter((p) => !state.purposes.includes(p));
        if (roles.length + purposes.length === 0) return E.right([]);
        return E.right([{ type: 'RoleGranted', data: { operatorId: command.operatorId, roles, purposes } }]);
      }
      case 'RevokeRoles': {
        if (state.status !== 'active') return E.left(new DomainError('operator-not-active', `operator ${command.operatorId} is not active`));
        const roles = command.roles.filter((r) => state.roles.includes(r));
        const purposes = command.purposes.filter((p) => state.purposes.includes(p));
        if (roles.length + purposes.length === 0) return E.right([]);
        return E.right([{ type: 'RoleRevoked', data: { operatorId: command.operatorId, roles, purposes } }]);
      }
      case 'DeactivateOperator':
        if (state.status !== 'active') return E.left(new DomainError('operator-not-active', `operator ${command.operatorId} is not active`));
        return E.right([{ type: 'OperatorDeactivated', data: { operatorId: command.operatorId, reason: command.reason } }]);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'OperatorRegistered':
        return { status: 'active', roles: event.data.roles, purposes: event.data.purposes };
      case 'RoleGranted':
        return state.status === 'none' ? state : { ...state, roles: [...state.roles, ...event.data.roles], purposes: [...state.purposes, ...event.data.purposes] };
      case 'RoleRevoked':
        return state.status === 'none'
          ? state
          : { ...state, roles: state.roles.filter((r) => !event.data.roles.includes(r)), purposes: state.purposes.filter((p) => !event.data.purposes.includes(p)) };
      case 'OperatorDeactivated':
        return state.status === 'none' ? state : { ...state, status: 'deactivated' };
      default:
        // A secret change (or any later kind of event in the stream) does not change roles or status.
        return state;
    }
  },
};
