import { ALL_PROJECTIONS, type AnyProjection } from '@vaxledger/projections';
import { memoryHostWith, type BrokenHostCase } from '../hosts/broken-host-parts.ts';

export const name = 'the eligibility reducer reads the clock on moves out';
export const description = 'The eligibility projection notes when it saw a ResidentMovedOut by Date.now(), not by the event: the documents depend on when they were built.';
export const expectedProperty = 'rebuild' satisfies BrokenHostCase['expectedProperty'];

const projections = ALL_PROJECTIONS.map((p): AnyProjection => (p.name !== 'eligibility' ? p : {
  ...p,
  evolve: (doc, event, key) => {
    const next = p.evolve(doc as never, event, key);
    return event.event.type === 'ResidentMovedOut' && next !== undefined ? { ...(next as object), seenLeaving: Date.now() + performance.now() } : next;
  },
}));

export const host: BrokenHostCase['host'] = () => memoryHostWith(() => ({ projections }));
