import { decideAccess, type Action, type OperatorState, type Purpose } from '@vaxledger/domain';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the policy ignores roles';
export const description = "The host's policy checks the affair (purpose) served and forgets the role: any operator serving an affair may do anything that affair allows.";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

function policy(operator: OperatorState, purpose: Purpose, action: Action) {
  const decision = decideAccess(operator, purpose, action);
  return !decision.allowed && decision.reason === 'role-not-allowed' ? ({ allowed: true } as const) : decision;
}

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ policy }));
