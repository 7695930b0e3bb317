import { memoryHostWith, scanIgnoringTenant, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the suspense queue spans tenants';
export const description = "The host's projection store adapter ignores the tenant prefix when the suspense queue (保留) is scanned: a clerk sees the held slips of another municipality, with their names and lots.";
export const expectedProperty = 'tenants-isolated' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => memoryHostWith(undefined, { projections: (real) => scanIgnoringTenant(real, 'suspense') });
