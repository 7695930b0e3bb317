import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'denials are not logged';
export const description = "The host's store adapter drops AccessDenied entries (a log-volume 'optimisation'): refusals happen, but the auditor never sees them.";
export const expectedProperty = 'access' satisfies BrokenHostCase['expectedProperty'];

// Failed sign-ins are denials too: the authentication property fails on this host as well. Rebuild does not look at them.
export const control = 'rebuild' satisfies BrokenHostCase['control'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'AccessDenied' ? null : event;
  }),
});
