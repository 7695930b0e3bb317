import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'ledgerAsOf is not logged';
export const description = "The host's store adapter drops the read entry of ledgerAsOf (a ledger.view whose items are only the id and vaccinations), taking it for a system read.";
export const expectedProperty = 'reads-logged' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'RecordViewed' && data.action === 'ledger.view' && (data.items ?? []).every((i) => i === 'residentId' || i === 'vaccinations') ? null : event;
  }),
});
