import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'ledger reads are logged with the wrong items';
export const description = "The host's store adapter rewrites the items of ledger read entries to the id alone (to keep the log short): the log no longer says what was shown.";
export const expectedProperty = 'reads-logged' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string };
    return event.type === 'RecordViewed' && data.action === 'ledger.view' ? { ...event, data: { ...data, items: ['residentId'] } } : event;
  }),
});
