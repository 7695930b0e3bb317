import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'viewLedger is not logged';
export const description = "The host's store adapter drops the read entries of the ledger view when they name the person's details (the kana name): the most personal read of all leaves no trace.";
export const expectedProperty = 'reads-logged' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    const data = event.data as { action?: string; items?: string[]; reason?: string };
    return event.type === 'RecordViewed' && data.action === 'ledger.view' && (data.items ?? []).includes('kanaName') ? null : event;
  }),
});
