import { decideAccess, type Action, type OperatorState, type Purpose } from '@vaxledger/domain';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'audit may export copies';
export const description = "The host's policy lets an auditor export the ledger copies (複製) for linkage, a task of the linkage role only.";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

function policy(operator: OperatorState, purpose: Purpose, action: Action) {
  if (operator.status === 'active' && action === 'copies.export' && operator.roles.includes('audit')) return { allowed: true } as const;
  return decideAccess(operator, purpose, action);
}

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ policy }));
