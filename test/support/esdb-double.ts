import { ANY, BACKWARDS, END, NO_STREAM, START, STREAM_EXISTS, StreamNotFoundError, WrongExpectedVersionError, type AppendExpectedRevision, type ReadRevision } from '@eventstore/db-client';
import type { EsdbClient } from '@vaxledger/adapters/eventstoredb';

type Stored = { id: string; type: string; revision: bigint; data: unknown };

/**
 * An in-memory double of the EventStoreDB calls the store makes, with the server's rules as documented: appends to one
 * stream are atomic and ordered by the expected revision (a mismatch throws the client's WrongExpectedVersionError),
 * reading a stream that does not exist throws StreamNotFoundError, data travels as JSON, and an append larger than
 * the server's MaxAppendSize (1 MiB by default) is refused. Several stores may share one double, as processes share
 * a server. It is not the server: the same contract runs against a real one when VAXLEDGER_ESDB_URL is set.
 */
export class EsdbDouble {
  private readonly streams = new Map<string, Stored[]>();
  appends = 0;
  /** Appends refused for a wrong expected revision: how often writers collided. */
  conflicts = 0;

  /** `latencyMs`: each call waits that long first, as a round trip to a server does (0: a microtask). */
  constructor(private readonly maxAppendBytes = 1024 * 1024, private readonly latencyMs = 0) {}

  private roundTrip(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((r) => setTimeout(r, this.latencyMs)) : Promise.resolve();
  }

  /** A client over this double; each store disposes of its own. */
  client(): EsdbClient {
    return {
      appendToStream: async (stream, events, options) => this.append(stream, Array.isArray(events) ? events : [events], options.expectedRevision),
      readStream: (stream, options) => this.read(stream, options.fromRevision, options.maxCount, options.direction),
      deleteStream: async (stream) => {
        await this.roundTrip();
        this.streams.delete(stream);
        return { position: undefined };
      },
      dispose: async () => {},
    };
  }

  private async append(stream: string, events: Array<{ id: string; type: string; data: unknown }>, expected: AppendExpectedRevision) {
    await this.roundTrip(); // other callers may run in between
    const list = this.streams.get(stream) ?? [];
    const current = list.length === 0 ? NO_STREAM : BigInt(list.length - 1);
    const ok = expected === ANY || (expected === NO_STREAM && list.length === 0) || (expected === STREAM_EXISTS && list.length > 0) || expected === current;
    if (!ok) this.conflicts++;
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current });
    const bytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e.data)), 0);
    if (bytes > this.maxAppendBytes) throw new Error(`maximum append size exceeded (${bytes} bytes)`);
    for (const e of events) list.push({ id: e.id, type: e.type, revision: BigInt(list.length), data: JSON.parse(JSON.stringify(e.data)) });
    this.streams.set(stream, list);
    this.appends++;
    return { nextExpectedRevision: BigInt(list.length - 1), success: true };
  }

  private async *read(stream: string, from: ReadRevision, maxCount: number, direction: string) {
    await this.roundTrip();
    const list = this.streams.get(stream);
    if (!list) throw new StreamNotFoundError(undefined, stream);
    const backwards = direction === BACKWARDS;
    let i = from === START ? (backwards ? -1 : 0) : from === END ? (backwards ? list.length - 1 : list.length) : Number(from);
    for (let n = 0; n < maxCount && i >= 0 && i < list.length; n++, i += backwards ? -1 : 1) {
      const e = list[i]!;
      yield { event: { id: e.id, type: e.type, revision: e.revision, data: e.data } };
    }
  }

  streamNames(): string[] {
    return [...this.streams.keys()];
  }
}
