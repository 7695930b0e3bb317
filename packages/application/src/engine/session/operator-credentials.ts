// The operator stream's events about credentials (a secret set, a lockout lifted): decided against the operator's
// stream like their roles, through the command handler. The key store itself is the caller's.
import * as E from 'fp-ts/lib/Either.js';
import { DomainError, operatorDecider, type Decider, type EventOf, type OperatorState } from '@vaxledger/domain';

export type OperatorCredentialsCommand =
  | { readonly type: 'RecordSecretChanged'; readonly operatorId: string }
  | { readonly type: 'RecordUnlocked'; readonly operatorId: string };

type OperatorCredentialsEvent = EventOf<'OperatorSecretChanged'> | EventOf<'OperatorUnlocked'>;

export const operatorCredentialsDecider: Decider<OperatorCredentialsCommand, OperatorCredentialsEvent, OperatorState> = {
  initialState: operatorDecider.initialState,
  evolve: (state, event) => operatorDecider.evolve(state, event as never),
  decide(command, state) {
    const { operatorId } = command;
    if (command.type === 'RecordSecretChanged') {
      if (state.status !== 'active') return E.left(new DomainError('operator-not-active', `operator ${operatorId} is not active`));
      return E.right([{ type: 'OperatorSecretChanged', data: { operatorId } }]);
    }
    if (state.status === 'none') return E.left(new DomainError('unknown-operator', `operator ${operatorId} is not registered`));
    return E.right([{ type: 'OperatorUnlocked', data: { operatorId } }]);
  },
};
