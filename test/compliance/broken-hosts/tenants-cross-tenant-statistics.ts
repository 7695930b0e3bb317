import { sqliteHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'one eligibility snapshot per store, not per tenant';
export const description = "The host keeps the eligibility snapshot (which extraction and statistics start from) under one key for the whole store: a municipality's statistics and extraction start from another's persons.";
export const expectedProperty = 'tenants-isolated' satisfies BrokenHostCase['expectedProperty'];

const THE_STORE = '000000';

export const host: BrokenHostCase['host'] = (folder) => sqliteHostWith(folder, {
  snapshots: (real) => ({
    get enabled() {
      return real.enabled;
    },
    load: () => real.load(THE_STORE),
    save: (_tenant, position, erasures, docs) => real.save(THE_STORE, position, erasures, docs),
    discard: () => real.discard(THE_STORE),
  }),
});
