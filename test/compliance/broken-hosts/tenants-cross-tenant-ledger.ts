import { memoryHostWith, scanIgnoringTenant, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'a ledger read spans tenants';
export const description = "The host's projection store adapter ignores the tenant prefix when ledger records are scanned: a resident's ledger shows the records of the same resident id in another municipality.";
export const expectedProperty = 'tenants-isolated' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, { projections: (real) => scanIgnoringTenant(real, 'ledger') });
