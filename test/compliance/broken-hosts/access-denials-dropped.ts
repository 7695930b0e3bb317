import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'denials are not logged';
export const description = "The host's store adapter drops AccessDenied entries (a log-volume 'optimisation'): refusals happen, but the auditor never sees them.";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'AccessDenied' ? null : event;
  }),
});
