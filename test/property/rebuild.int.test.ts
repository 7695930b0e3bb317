import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, type EventStore } from '@vaxledger/domain';
import { ledgerStepsArb } from '@vaxledger/domain/testing';
import type { Engine } from '@vaxledger/adapters';
import {
  ALL_PROJECTIONS, foldLedger, MemoryProjectionStore, ProjectionRunner, projectedEventOf,
  type ProjectedEvent,
} from '@vaxledger/projections';
import { TENANT } from '../support/events.ts';
import { replay, residentId } from '../support/replay.ts';

/** The store as it was when its head was at `position`: later events are not read. */
function storeUpTo<S extends EventStore>(store: S, position: number): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'readAll') {
        return async function* (options?: Parameters<EventStore['readAll']>[0]) {
          for await (const e of target.readAll(options)) {
            if (Number(e.globalPosition) > position) return;
            yield e;
          }
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function allDocs(store: MemoryProjectionStore | Engine['projectionStore']) {
  const out: Record<string, Record<string, string>> = {};
  for (const p of ALL_PROJECTIONS) {
    out[p.name] = {};
    for await (const d of store.scan(p.name)) out[p.name]![d.key] = canonicalJson(d.doc);
  }
  return out;
}

async function projectedEvents(engine: Engine): Promise<ProjectedEvent[]> {
  const out: ProjectedEvent[] = [];
  let previous = '';
  for await (const e of engine.store.readAll()) {
    out.push(projectedEventOf(e, previous));
    previous = e.chainHash;
  }
  return out;
}

describe('projections (property-based)', () => {
  it('rebuilt from zero equal the incrementally maintained ones, at any page size', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerStepsArb(4, 30), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), async (steps, pageSize, cacheDocs) => {
        const engine = await replay(steps);
        const rebuilt = new MemoryProjectionStore();
        // A cache of a few documents: eviction, and documents read back after it, are exercised on every run.
        await new ProjectionRunner(engine.store, rebuilt, ALL_PROJECTIONS, { pageSize, cacheDocs }).rebuild();
        expect(await allDocs(rebuilt)).toEqual(await allDocs(engine.projectionStore));
        expect((await engine.verify()).ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('caught up in two steps, the second starting from stored documents, equal a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerStepsArb(4, 30), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), async (steps, fraction, pageSize, cacheDocs) => {
        const engine = await replay(steps);
        const head = Number((await engine.store.head()).position);
        const cut = Math.floor(fraction * head);
        const stepped = new MemoryProjectionStore();
        await new ProjectionRunner(storeUpTo(engine.store, cut), stepped, ALL_PROJECTIONS, { pageSize, cacheDocs }).catchUp();
        await new ProjectionRunner(engine.store, stepped, ALL_PROJECTIONS, { pageSize, cacheDocs }).catchUp();
        expect(await allDocs(stepped)).toEqual(await allDocs(engine.projectionStore));
      }),
      { numRuns: 60 },
    );
  });

  it('a catch-up stopped after any commit, each projection at its own checkpoint, is completed by the next one', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerStepsArb(4, 30), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), async (steps, commitsBeforeCrash, pageSize, cacheDocs) => {
        const engine = await replay(steps);
        const stored = new MemoryProjectionStore();
        // The store refuses every commit after the first few: what a process killed in the middle of a catch-up leaves.
        let commits = 0;
        const crashing = new Proxy(stored, {
          get(target, prop, receiver) {
            if (prop === 'commit') {
              return async (...args: Parameters<MemoryProjectionStore['commit']>) => {
                if (commits++ >= commitsBeforeCrash) throw new Error('killed');
                return target.commit(...args);
              };
            }
            const value = Reflect.get(target, prop, receiver) as unknown;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        await new ProjectionRunner(engine.store, crashing, ALL_PROJECTIONS, { pageSize, cacheDocs }).catchUp().catch(() => undefined);
        await new ProjectionRunner(engine.store, stored, ALL_PROJECTIONS, { pageSize, cacheDocs }).catchUp();
        expect(await allDocs(stored)).toEqual(await allDocs(engine.projectionStore));
      }),
      { numRuns: 60 },
    );
  });

  it('the ledger as of position p equals a rebuild over the first p events', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerStepsArb(3, 30), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 }), async (steps, fraction, who) => {
        const engine = await replay(steps);
        const events = await projectedEvents(engine);
        const p = Math.floor(fraction * events.length);
        const reference = foldLedger(TENANT, residentId(who), events.slice(0, p));
        const asOf = await engine.session('admin.sato', 'inquiry').ledgerAsOf(residentId(who), { position: p });
        expect(asOf === undefined ? undefined : canonicalJson(asOf)).toEqual(reference === undefined ? undefined : canonicalJson(reference));
      }),
      { numRuns: 60 },
    );
  });
});
