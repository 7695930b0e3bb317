import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the extraction (eligible) is not logged';
export const description = "The host's store adapter drops the read entries of eligible (eligibility.view): the extraction of persons due leaves no trace.";
export const expectedProperty = 'reads-logged' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'RecordViewed' && data.action === 'eligibility.view' ? null : event;
  }),
});
