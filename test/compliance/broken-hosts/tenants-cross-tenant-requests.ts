import { memoryHostWith, scanIgnoringTenant, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the requests list spans tenants';
export const description = "The host's projection store adapter ignores the tenant prefix when requests are scanned: a municipality's disclosure desk lists another's requests (開示請求), naming their residents.";
export const expectedProperty = 'tenants-isolated' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, { projections: (real) => scanIgnoringTenant(real, 'requests') });
