import { decideAccess, type Action, type OperatorState, type Purpose } from '@vaxledger/domain';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'statistics may read ledgers';
export const description = "The host's policy lets a statistics clerk open a ledger when acting for statistics (to check a count against a person).";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

function policy(operator: OperatorState, purpose: Purpose, action: Action) {
  if (operator.status === 'active' && action === 'ledger.view' && purpose === 'statistics' && operator.roles.includes('statistics') && operator.purposes.includes(purpose)) return { allowed: true } as const;
  return decideAccess(operator, purpose, action);
}

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ policy }));
