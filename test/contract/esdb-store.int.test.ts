import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '@vaxledger/domain';
import { EsdbEventStore } from '@vaxledger/adapters/eventstoredb';
import { describeEventStoreContract } from './event-store-contract.ts';
import { EsdbDouble } from '../support/esdb-double.ts';
import { anEvent, collect, TENANT } from '../support/events.ts';

const url = process.env.VAXLEDGER_ESDB_URL;

// Against a real server when one is given; each store gets a log of its own.
describe.skipIf(!url)('EventStoreDB server (VAXLEDGER_ESDB_URL is not set: skipped; set it to esdb://host:2113?tls=false to run)', () => {
  describeEventStoreContract('eventstoredb', () => EsdbEventStore.connect(url!, { prefix: `vaxledger-test-${randomUUID()}` }));
});

// The adapter's own logic (the commit log, staging, catching up) against a double of the server's documented rules.
describeEventStoreContract('eventstoredb adapter over an in-memory double', () => EsdbEventStore.open(new EsdbDouble().client()));

describe('EventStoreDB adapter: the commit log', () => {
  const s = (id: string) => `${TENANT}/resident/${id}`;

  it('commits appends issued together as one commit (one round trip), each still decided on its own', async () => {
    const server = new EsdbDouble();
    const store = await EsdbEventStore.open(server.client());
    const before = server.appends;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 31 }, (_, i) => store.append(s(`group${i}`), [anEvent({ i })], { expectedRevision: 'no_stream' })),
      store.append(s('group0'), [anEvent({ late: true })], { expectedRevision: 'no_stream' }), // loses to the first
      // its first part is decided, then its second fails: the first must leave the commit with it
      store.appendMulti([{ stream: s('x1'), events: [anEvent()], expectedRevision: 'no_stream' }, { stream: s('group1'), events: [anEvent()], expectedRevision: 'no_stream' }]),
      // …and a later unit of the same group still finds that stream empty
      store.append(s('x1'), [anEvent({ after: true })], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([...Array.from({ length: 31 }, () => 'fulfilled'), 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[31] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((outcomes[32] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((await collect(store.readStream(s('x1')))).map((e) => e.data)).toEqual([{ after: true }]);
    expect(server.appends - before).toBe(1);
    expect((await collect(store.readAll())).map((e) => e.globalPosition)).toEqual(Array.from({ length: 32 }, (_, i) => BigInt(i + 1)));
    await store.close();
  });

  it('stages a unit too large for one append and commits it whole; another process reads it', async () => {
    const server = new EsdbDouble(64 * 1024);
    const a = await EsdbEventStore.open(server.client(), { inlineBytes: 32 * 1024 });
    const big = Array.from({ length: 400 }, (_, i) => anEvent({ i, text: 'x'.repeat(400) }));
    await a.append(s('big'), big, { expectedRevision: 'no_stream' });
    expect(server.streamNames().filter((n) => n.startsWith('vaxledger-staged-'))).toHaveLength(1);
    const b = await EsdbEventStore.open(server.client());
    expect((await collect(b.readStream(s('big')))).map((e) => (e.data as { i: number }).i)).toEqual(big.map((_, i) => i));
    expect(await b.head()).toEqual(await a.head());
    await a.close();
    await b.close();
  });

  it('orders two processes that commit at once: the loser catches up and commits after, or fails on its expectation', async () => {
    const server = new EsdbDouble(1024 * 1024, 5); // a few ms a round trip: both read the log before either commits
    const [a, b] = await Promise.all([EsdbEventStore.open(server.client()), EsdbEventStore.open(server.client())]);
    await a.append(s('shared'), [anEvent()], { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      a.append(s('one'), [anEvent({ by: 'a' })], { expectedRevision: 'no_stream' }),
      b.append(s('two'), [anEvent({ by: 'b' })], { expectedRevision: 'no_stream' }),
      a.append(s('shared'), [anEvent({ by: 'a' })], { expectedRevision: 0n }),
      b.append(s('shared'), [anEvent({ by: 'b' })], { expectedRevision: 0n }),
    ]);
    expect(server.conflicts).toBeGreaterThan(0); // the two really collided on the log
    expect(outcomes.slice(0, 2).map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const shared = outcomes.slice(2);
    expect(shared.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((shared.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    const winner = shared[0]!.status === 'fulfilled' ? 'a' : 'b';
    const all = await collect(b.readAll());
    expect(all.map((e) => e.globalPosition)).toEqual([1n, 2n, 3n, 4n]);
    expect((await collect(a.readStream(s('shared')))).map((e) => (e.data as { by?: string }).by ?? null)).toEqual([null, winner]);
    expect(await a.head()).toEqual(await b.head());
    await a.close();
    await b.close();
  });
});
