import type { Engine } from '@vaxledger/adapters';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'one engine serves every tenant';
export const description = "The host keeps one engine per store, whatever municipality it is asked for (the first one's): the second tenant acts on the first's records.";
export const expectedProperty = 'tenants-isolated' satisfies BrokenHostCase['expectedProperty'];

export const host: BrokenHostCase['host'] = () => {
  const healthy = memoryHostWith();
  return { ...healthy, engine: (tenant, shared: { engine?: Promise<Engine> }) => (shared.engine ??= healthy.engine(tenant, shared)) };
};
