import { DomainError } from '@vaxledger/domain';
import { memoryHostWith, rewritingStore, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'recordVaccination always fails';
export const description = "The host's store adapter refuses every VaccinationRecorded (its table for vaccinations was never migrated): no vaccination is ever recorded, so rebuild has nothing of them to compare, which the kit must notice.";
export const expectedProperty = 'rebuild' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, {
  store: (real) => rewritingStore(real, (event) => {
    if (event.type === 'VaccinationRecorded') throw new DomainError('store-refused', 'the store has no table for vaccinations');
    return event;
  }),
});
