import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'reading the operation log is not logged';
export const description = "The host's store adapter drops the entries of reads of the operation log itself (oplog.view), as noise.";
export const expectedProperty = 'reads-logged' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'RecordViewed' && data.action === 'oplog.view' ? null : event;
  }),
});
