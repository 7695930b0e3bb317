import { decideAccess, type Action, type OperatorState, type Purpose } from '@vaxledger/domain';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the policy ignores the affairs an operator serves';
export const description = "The host's policy checks the role against the action's affairs, and forgets to check that the operator serves the affair named.";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

function policy(operator: OperatorState, purpose: Purpose, action: Action) {
  if (operator.status !== 'active') return decideAccess(operator, purpose, action);
  return decideAccess({ ...operator, purposes: [purpose] }, purpose, action);
}

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ policy }));
