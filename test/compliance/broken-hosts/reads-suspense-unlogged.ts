import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the suspense queue (保留) is not logged';
export const description = "The host's store adapter drops the read entries of the suspense queue (suspense.view), whose slips name persons.";
export const expectedProperty = 'reads-logged' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'RecordViewed' && data.action === 'suspense.view' ? null : event;
  }),
});
