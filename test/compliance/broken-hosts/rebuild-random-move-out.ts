import { ALL_PROJECTIONS, type AnyProjection } from '@vaxledger/projections';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'a reducer stamps moves out with a random number';
export const description = 'The residents projection, as the host re-composes it, notes on each ResidentMovedOut a value drawn at random (a "projection id"): a rebuild from zero gives other documents than the live ones.';
export const expectedProperty = 'rebuild' satisfies BrokenHostCase['expectedProperty'];

const projections = ALL_PROJECTIONS.map((p): AnyProjection => (p.name !== 'residents' ? p : {
  ...p,
  evolve: (doc, event, key) => {
    const next = p.evolve(doc as never, event, key);
    return event.event.type === 'ResidentMovedOut' && next !== undefined ? { ...(next as object), movedOutNote: Math.random() } : next;
  },
}));

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ projections }));
