import { sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';
import type { EligibilityDoc } from '@vaxledger/projections';

export const name = 'the eligibility snapshot outlives an erasure';
export const description = "The host puts a cache in front of the snapshot store: discard does nothing, and the cache serves the last snapshot it saved as current (its position moved to the store's head), so an extraction after an erasure still lists the person.";
export const expectedProperty = 'erasure' satisfies BrokenHostCase['expectedProperty'];

// The cache outlives an engine, as a host's cache server would (one per folder: per store).
const caches = new Map<string, { position: number; erasures: number; docs: readonly EligibilityDoc[] }>();

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, {
  snapshots: (real, store) => ({
    enabled: true,
    load: async () => {
      const kept = caches.get(store);
      return kept ? { position: Number.MAX_SAFE_INTEGER, erasures: kept.erasures, docs: [...kept.docs] } : real.load(store);
    },
    save: async (tenant, position, erasures, docs) => {
      caches.set(store, { position, erasures, docs });
      return real.save(tenant, position, erasures, docs);
    },
    discard: async () => undefined,
  }),
});
