import { describe, expect, it } from 'vitest';
import {
  ChainHasher, DuplicateEventIdError, GENESIS_HASH, storedRowMatches, storedRowsMatching, WrongExpectedRevisionError, type EventStore, type StoredRowReader,
} from '@vaxledger/domain';
import { anEvent, collect, OTHER_TENANT, TENANT } from '../support/events.ts';

/**
 * One contract, every adapter: the same expectations for the memory, SQLite and EventStoreDB stores, each of which
 * implements both ports: the event store (appends and reads, what every host store must do) and the stored rows (the
 * chain and its head, what integrity checks read). The event-store part uses the head to see that nothing was written.
 */
export function describeEventStoreContract(name: string, open: () => Promise<EventStore & StoredRowReader>) {
  const s = (id: string) => `${TENANT}/resident/${id}`;

  describe(`${name} event store contract`, () => {

    it('appends and reads back a stream with revisions from 0 and increasing global positions', async () => {
      const store = await open();
      const r = await store.append(s('a'), [anEvent({ n: 1 }), anEvent({ n: 2 })], { expectedRevision: 'no_stream' });
      expect(r.nextExpectedRevision).toBe(1n);
      expect(r.appended).toBe(2);
      const events = await collect(store.readStream(s('a')));
      expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
      expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
      expect(events[1]!.globalPosition).toBeGreaterThan(events[0]!.globalPosition);
      expect(events[0]!.tenant).toBe(TENANT);
      expect(events[0]!.metadata.operatorId).toBe('tester.one');
      await store.close();
    });

    it('enforces no_stream', async () => {
      const store = await open();
      await store.append(s('b'), [anEvent()], { expectedRevision: 'no_stream' });
      await expect(store.append(s('b'), [anEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.streamRevision(s('b'))).toBe(0n);
      await store.close();
    });

    it('enforces stream_exists', async () => {
      const store = await open();
      await expect(store.append(s('c'), [anEvent()], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.streamRevision(s('c'))).toBeNull();
      await store.append(s('c'), [anEvent()], { expectedRevision: 'no_stream' });
      await store.append(s('c'), [anEvent()], { expectedRevision: 'stream_exists' });
      expect(await store.streamRevision(s('c'))).toBe(1n);
      await store.close();
    });

    it('enforces an exact revision and accepts any', async () => {
      const store = await open();
      await store.append(s('d'), [anEvent()], { expectedRevision: 'any' });
      await store.append(s('d'), [anEvent()], { expectedRevision: 0n });
      const err = await store.append(s('d'), [anEvent()], { expectedRevision: 0n }).catch((e) => e);
      expect(err).toBeInstanceOf(WrongExpectedRevisionError);
      expect((err as WrongExpectedRevisionError).actual).toBe(1n);
      await store.append(s('d'), [anEvent()], { expectedRevision: 'any' });
      expect(await store.streamRevision(s('d'))).toBe(2n);
      await store.close();
    });

    it('writes nothing of a batch that fails', async () => {
      const store = await open();
      const existing = anEvent({ n: 1 });
      await store.append(s('e'), [existing], { expectedRevision: 'no_stream' });
      const headBefore = await store.head();
      // Second event reuses a stored id with other content: the whole batch must be refused.
      const batch = [anEvent({ n: 2 }), { ...existing, data: { n: 99 } }];
      await expect(store.append(s('e'), batch, { expectedRevision: 0n })).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.head()).toEqual(headBefore);
      expect((await collect(store.readStream(s('e')))).length).toBe(1);
      await store.close();
    });

    it('treats re-appending identical events as a no-op, whatever the expected revision', async () => {
      const store = await open();
      const batch = [anEvent({ n: 1 }), anEvent({ n: 2 })];
      const first = await store.append(s('f'), batch, { expectedRevision: 'no_stream' });
      const retry = await store.append(s('f'), batch, { expectedRevision: 'no_stream' });
      expect(retry.appended).toBe(0);
      expect(retry.lastPosition).toBe(first.lastPosition);
      const retryAny = await store.append(s('f'), batch, { expectedRevision: 'any' });
      expect(retryAny.appended).toBe(0);
      expect((await collect(store.readStream(s('f')))).length).toBe(2);
      await store.close();
    });

    it('judges identity on content, not on key order or metadata', async () => {
      const store = await open();
      const e = anEvent({ a: 1, b: { c: 2, d: 3 } });
      await store.append(s('g'), [e], { expectedRevision: 'no_stream' });
      const reordered = { ...e, data: { b: { d: 3, c: 2 }, a: 1 }, metadata: { ...e.metadata, correlationId: 'retry' } };
      expect((await store.append(s('g'), [reordered], { expectedRevision: 'no_stream' })).appended).toBe(0);
      await expect(store.append(s('g'), [{ ...e, data: { a: 2 } }], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
      await store.close();
    });

    it('refuses the same id in another stream', async () => {
      const store = await open();
      const e = anEvent();
      await store.append(s('h1'), [e], { expectedRevision: 'any' });
      await expect(store.append(s('h2'), [e], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
      await store.close();
    });

    it('refuses a bad tenant code, a malformed stream name and a non-UUID id', async () => {
      const store = await open();
      await expect(store.append('041008/resident/x', [anEvent()], { expectedRevision: 'any' })).rejects.toThrow(/check digit/);
      await expect(store.append('noslash', [anEvent()], { expectedRevision: 'any' })).rejects.toThrow(/tenant/);
      await expect(store.append(s('i'), [{ ...anEvent(), id: 'not-a-uuid' }], { expectedRevision: 'any' })).rejects.toThrow(/UUID/);
      expect((await store.head()).position).toBe(0n);
      await store.close();
    });

    it('reads all in position order, gap-free, after a position and per tenant', async () => {
      const store = await open();
      for (let i = 0; i < 25; i++) {
        const tenant = i % 3 === 0 ? OTHER_TENANT : TENANT;
        await store.append(`${tenant}/resident/r${i % 5}`, [anEvent({ i })], { expectedRevision: 'any' });
      }
      const all = await collect(store.readAll());
      expect(all.map((e) => e.globalPosition)).toEqual(all.map((_, i) => BigInt(i + 1)));
      const after = await collect(store.readAll({ afterPosition: 10n }));
      expect(after[0]!.globalPosition).toBe(11n);
      const mine = await collect(store.readAll({ tenant: TENANT }));
      expect(mine.every((e) => e.tenant === TENANT)).toBe(true);
      expect(mine.length).toBe(all.filter((e) => e.tenant === TENANT).length);
      await store.close();
    });

    it('pages through a stream longer than one page', async () => {
      const store = await open();
      const batch = Array.from({ length: 2500 }, (_, i) => anEvent({ i }));
      await store.append(s('long'), batch, { expectedRevision: 'no_stream' });
      const back = await collect(store.readStream(s('long')));
      expect(back.length).toBe(2500);
      expect(back[2499]!.revision).toBe(2499n);
      const fromMiddle = await collect(store.readStream(s('long'), { fromRevision: 2000n }));
      expect(fromMiddle[0]!.revision).toBe(2000n);
      expect((await collect(store.readAll())).length).toBe(2500);
      await store.close();
    });

    it('lets exactly one of many concurrent appends at the same expected revision win', async () => {
      const store = await open();
      await store.append(s('race'), [anEvent()], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, (_, i) => store.append(s('race'), [anEvent({ i })], { expectedRevision: 0n })),
      );
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(losers.every((r) => r.reason instanceof WrongExpectedRevisionError)).toBe(true);
      expect((await collect(store.readStream(s('race')))).length).toBe(2);
      await store.close();
    });

    it('appends to several streams as one unit: all parts or none', async () => {
      const store = await open();
      await store.append(s('m1'), [anEvent()], { expectedRevision: 'no_stream' });
      const results = await store.appendMulti([
        { stream: s('m1'), events: [anEvent(), anEvent()], expectedRevision: 0n },
        { stream: s('m2'), events: [anEvent()], expectedRevision: 'no_stream' },
        { stream: `${OTHER_TENANT}/import/b1`, events: [anEvent()], expectedRevision: 'no_stream' },
      ]);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([2n, 0n, 0n]);
      const head = await store.head();
      // The second part's expectation fails: the first part must not be stored either.
      const failing = store.appendMulti([
        { stream: s('m3'), events: [anEvent()], expectedRevision: 'no_stream' },
        { stream: s('m2'), events: [anEvent()], expectedRevision: 'no_stream' },
      ]);
      await expect(failing).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.head()).toEqual(head);
      expect(await store.streamRevision(s('m3'))).toBeNull();
      // A retry of a stored unit is a no-op.
      const unit = [{ stream: s('m4'), events: [anEvent({ x: 1 })], expectedRevision: 'no_stream' as const }, { stream: s('m5'), events: [anEvent({ y: 2 })], expectedRevision: 'no_stream' as const }];
      await store.appendMulti(unit);
      expect((await store.appendMulti(unit)).map((r) => r.appended)).toEqual([0, 0]);
      await store.close();
    });

    it('writes nothing of a batch whose later event is malformed, and still lands the appends made beside it', async () => {
      const store = await open();
      const twice = anEvent({ t: 1 });
      // Issued together, so that a store that commits appends in groups puts them in one group.
      const outcomes = await Promise.allSettled([
        store.append(s('ok1'), [anEvent({ a: 1 })], { expectedRevision: 'no_stream' }),
        store.append(s('bad-id'), [anEvent({ b: 1 }), { ...anEvent({ b: 2 }), id: 'not-a-uuid' }], { expectedRevision: 'no_stream' }),
        store.append(s('bad-twice'), [anEvent({ c: 1 }), twice, twice], { expectedRevision: 'no_stream' }),
        store.append(s('bad-meta'), [anEvent({ d: 1 }), { ...anEvent({ d: 2 }), metadata: { operatorId: 7 } as never }], { expectedRevision: 'no_stream' }),
        store.append(s('bad-version'), [anEvent({ e: 1 }), { ...anEvent({ e: 2 }), schemaVersion: 0 }], { expectedRevision: 'no_stream' }),
        store.append(s('ok2'), [anEvent({ f: 1 })], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected', 'fulfilled']);
      expect((await store.head()).position).toBe(2n);
      for (const id of ['bad-id', 'bad-twice', 'bad-meta', 'bad-version']) expect(await store.streamRevision(s(id))).toBeNull();
      expect((await collect(store.readAll())).map((e) => e.stream)).toEqual([s('ok1'), s('ok2')]);
      await store.close();
    });

    it('keeps concurrent appends to different streams all', async () => {
      const store = await open();
      await Promise.all(Array.from({ length: 32 }, (_, i) => store.append(s(`par${i}`), [anEvent({ i })], { expectedRevision: 'no_stream' })));
      const all = await collect(store.readAll());
      expect(all.length).toBe(32);
      expect(new Set(all.map((e) => e.globalPosition)).size).toBe(32);
      await store.close();
    });
  });

  describe(`${name} stored-row contract`, () => {
    it('chains every stored row to the previous one', async () => {
      const store = await open();
      expect(await store.head()).toEqual({ position: 0n, chainHash: GENESIS_HASH });
      await store.append(s('j'), [anEvent(), anEvent()], { expectedRevision: 'any' });
      await store.append(s('k'), [anEvent()], { expectedRevision: 'any' });
      let previous = GENESIS_HASH;
      const chain = new ChainHasher(store.chainFormat());
      for await (const row of store.readStoredRows()) {
        expect(row.chainHash).toBe(chain.linkOf(previous, row));
        previous = row.chainHash;
      }
      expect((await store.head()).chainHash).toBe(previous);
      await store.close();
    });

    it('reads the rows newest first, and the rows a filter selects, as the forward reading has them', async () => {
      const store = await open();
      for (let i = 0; i < 7; i++) {
        const stream = `${i % 2 === 0 ? TENANT : OTHER_TENANT}/resident/r${i % 3}`;
        await store.append(stream, [i === 4 ? { ...anEvent({ i }), type: 'OtherHappened' } : anEvent({ i })], { expectedRevision: 'any' });
      }
      const forward = await collect(store.readStoredRows());
      expect(forward.map((r) => r.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
      expect(store.readStoredRowsBackward).toBeDefined();
      expect(await collect(store.readStoredRowsBackward!())).toEqual([...forward].reverse());
      expect(await collect(store.readStoredRowsBackward!(4n))).toEqual(forward.slice(0, 3).reverse());
      const filter = { tenant: TENANT, typeIsNot: 'OtherHappened' };
      const selected = forward
        .map((row, k) => ({ row, previousChainHash: k === 0 ? GENESIS_HASH : forward[k - 1]!.chainHash }))
        .filter(({ row }) => storedRowMatches(row, filter));
      expect(selected.map(({ row }) => row.position)).toEqual([1n, 3n, 7n]);
      expect(await collect(storedRowsMatching(store, filter))).toEqual(selected);
      await store.close();
    });
  });
}
