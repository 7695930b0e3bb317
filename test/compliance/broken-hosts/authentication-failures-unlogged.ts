import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'failed sign-ins are not logged';
export const description = "The host's store adapter drops the denials for a wrong secret (authentication-failed), so that the operation log does not fill with typos: guessing is invisible.";
export const expectedProperty = 'authentication' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'AccessDenied' && data.reason === 'authentication-failed' ? null : event;
  }),
});
