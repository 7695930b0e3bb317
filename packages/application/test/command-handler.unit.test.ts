import { describe, expect, it } from 'vitest';
import { MemoryEventStore } from '@vaxledger/adapters';
import {
  ConflictError, currentVersionOf, DomainError, requestDecider, routeRequestEvents, streams,
  type EventMetadata, type EventStore, type StreamAppend,
} from '@vaxledger/domain';
import { CommandHandler } from '../src/commands/command-handler.ts';
import { envelopeOf } from '../src/commands/envelope.ts';
import type { StreamCommand } from '../src/commands/stream-command.ts';

const TENANT = '041009';
const REQUEST = '6f1c2a3e-8d4b-4c1a-9e2f-0a1b2c3d4e5f';
const RESIDENT = '000001';
const meta = (operatorId = 'privacy.abe'): EventMetadata => ({ operatorId, purpose: 'disclosure', correlationId: 'c', causationId: null, source: 'test' });
const requestStream = streams.request(TENANT, REQUEST);
const residentStream = streams.resident(TENANT, RESIDENT);

/** A store another writer gets into: before each of this handler's appends (`times` of them), it appends its own unit. */
function interfered(store: EventStore, times: number, write: () => Promise<unknown>) {
  let left = times;
  const appendMulti = async (appends: readonly StreamAppend[]) => {
    if (left > 0) {
      left--;
      await write();
    }
    return store.appendMulti(appends);
  };
  return new Proxy(store, { get: (target, p) => (p === 'appendMulti' ? appendMulti : Reflect.get(target, p, target)) });
}

function handlerOn(store: EventStore) {
  const catchUps: number[] = [];
  const handler = new CommandHandler(store, { catchUp: async () => catchUps.push(catchUps.length) });
  return { handler, catchUps };
}

const lodge = (kind: 'suspension' | 'disclosure' = 'suspension') => ({
  stream: requestStream, decider: requestDecider,
  command: { type: 'LodgeRequest', requestId: REQUEST, kind, residentId: RESIDENT, residentRegistered: true, receivedOn: '2026-01-05', today: '2026-01-06' },
}) as const;

const decide = (reason: string): StreamCommand<Parameters<typeof requestDecider.decide>[0], any, any> => ({
  stream: requestStream, decider: requestDecider,
  command: { type: 'DecideRequest', requestId: REQUEST, decision: 'granted', reason, today: '2026-01-07' },
  route: (events) => {
    const routed = routeRequestEvents(events);
    return [{ stream: requestStream, events: routed.request }, { stream: residentStream, events: routed.resident, expectedRevision: 'any' }];
  },
});

async function typesOf(store: EventStore, stream: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of store.readStream(stream)) out.push(e.type);
  return out;
}

describe('the command handler', () => {
  it('decides a command again against the stream another writer moved, and is refused by what that writer decided', async () => {
    const store = new MemoryEventStore();
    const seed = handlerOn(store).handler;
    await seed.execute(lodge(), meta());
    // The other writer decides the same request between this handler's load and its append.
    const { handler, catchUps } = handlerOn(interfered(store, 1, () => seed.execute(decide('the other'), meta('privacy.ito'))));
    await expect(handler.execute(decide('this one'), meta())).rejects.toMatchObject({ code: 'request-decided' });
    expect(await typesOf(store, requestStream)).toEqual(['RequestLodged', 'RequestDecided']);
    expect(await typesOf(store, residentStream)).toEqual(['UseSuspended']);
    expect(catchUps).toEqual([]);
  });

  it('stores the decision made again when the other writer left it allowed, and catches up once', async () => {
    const store = new MemoryEventStore();
    const seed = handlerOn(store).handler;
    await seed.execute(lodge(), meta());
    const extend = { stream: requestStream, decider: requestDecider, command: { type: 'ExtendRequestDeadline', requestId: REQUEST, deadline: '2026-02-28', reason: '調査中' } } as const;
    const { handler, catchUps } = handlerOn(interfered(store, 1, () => seed.execute(extend, meta('privacy.ito'))));
    const decided = await handler.execute(decide('this one'), meta());
    // Decided against the state after the extension: the reload saw it.
    expect(decided.state).toMatchObject({ status: 'lodged', deadline: '2026-02-28' });
    expect(await typesOf(store, requestStream)).toEqual(['RequestLodged', 'RequestDeadlineExtended', 'RequestDecided']);
    expect(await typesOf(store, residentStream)).toEqual(['UseSuspended']);
    expect(catchUps).toHaveLength(1);
  });

  it('gives up with a ConflictError after as many attempts as allowed, storing nothing of its own', async () => {
    const store = new MemoryEventStore();
    const seed = handlerOn(store).handler;
    await seed.execute(lodge(), meta());
    let extended = 0;
    const extendAgain = () => seed.execute({ stream: requestStream, decider: requestDecider, command: { type: 'ExtendRequestDeadline', requestId: REQUEST, deadline: `2026-03-${String(10 + extended++)}`, reason: '調査中' } }, meta('privacy.ito'));
    const { handler, catchUps } = handlerOn(interfered(store, 99, extendAgain));
    const refused = await handler.execute(decide('this one'), meta()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ kind: 'conflict', code: 'conflict', attempts: 3 });
    expect(await typesOf(store, requestStream)).toEqual(['RequestLodged', ...Array(3).fill('RequestDeadlineExtended')]);
    expect(await typesOf(store, residentStream)).toEqual([]);
    expect(catchUps).toEqual([]);
  });

  it('raises a refusal of the decider as its DomainError, appending nothing', async () => {
    const store = new MemoryEventStore();
    const { handler, catchUps } = handlerOn(store);
    await expect(handler.execute(decide('no request'), meta())).rejects.toMatchObject({ code: 'unknown-request' });
    await expect(handler.execute({ ...lodge(), command: (_state) => ({ _tag: 'Left', left: new DomainError('from-state', 'refused from the state') }) as never }, meta())).rejects.toMatchObject({ code: 'from-state' });
    expect((await store.head()).position).toBe(0n);
    expect(catchUps).toEqual([]);
  });

  it('builds each envelope from the schema: current version, parsed data, given ids kept', async () => {
    const store = new MemoryEventStore();
    const { handler } = handlerOn(store);
    await handler.execute({ ...lodge('disclosure'), ids: (n) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`) }, meta());
    const stored = [];
    for await (const r of store.readStream(requestStream)) stored.push(r);
    const version = currentVersionOf('RequestLodged');
    expect(stored).toMatchObject([{ id: '00000000-0000-4000-8000-000000000000', schemaVersion: version, data: { deadline: '2026-01-19' } }]);
    expect(() => envelopeOf({ type: 'RecordViewed', data: { action: 'x' } }, meta())).toThrow();
    await handler.record(streams.access(TENANT, 'privacy.abe'), { type: 'RecordViewed', data: { action: 'request.list', items: ['requestId'], count: 1 } }, meta());
    await handler.record(streams.access(TENANT, 'privacy.abe'), { type: 'RecordViewed', data: { action: 'request.list', items: ['requestId'], count: 2 } }, meta());
    expect(await typesOf(store, streams.access(TENANT, 'privacy.abe'))).toEqual(['RecordViewed', 'RecordViewed']);
  });
});
