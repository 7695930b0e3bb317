import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'deactivated operators stay active';
export const description = "The host's store adapter does not know OperatorDeactivated and drops it: deactivateOperator returns, the operator keeps acting.";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'OperatorDeactivated' ? null : event;
  }),
});
