import { memoryHostWith, scanIgnoringTenant, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the extraction reads every tenant';
export const description = "The host's projection store adapter ignores the tenant prefix when the eligibility projection is scanned: an extraction (and the statistics built on it) reads every municipality in the store.";
export const expectedProperty = 'tenants-isolated' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, { projections: (real) => scanIgnoringTenant(real, 'eligibility') });
