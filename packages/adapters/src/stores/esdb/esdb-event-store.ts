import { randomUUID } from 'node:crypto';
import {
  BACKWARDS, EventStoreDBClient, FORWARDS, jsonEvent, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError,
  type AppendExpectedRevision, type ReadRevision,
} from '@eventstore/db-client';
import {
  CURRENT_CHAIN_FORMAT, DomainError, GENESIS_HASH, recordedEventOf, systemClock, type AppendResult, type ChainFormat, type Clock,
  type EventCodec, type EventStore, type EventToAppend, type ExpectedRevision, type ReadAllOptions, type ReadStreamOptions,
  type RecordedEvent, type StoredRow, type StoredRowReader, type StoreHead, type StreamAppend,
} from '@vaxledger/domain';
import { applyAppend, PreparedEvents, validateStreamName, type AppendTransaction } from '../append-transaction.ts';
import {
  checkCommit, chunkRows, COMMIT_EVENT_TYPE, rowFromJson, ROWS_EVENT_TYPE, rowToJson, type CommitData, type RowsData,
} from './commit-format.ts';

/** The calls of `@eventstore/db-client` this store makes (an `EventStoreDBClient` has them all). */
export interface EsdbClient {
  appendToStream(stream: string, events: ReturnType<typeof jsonEvent>, options: { expectedRevision: AppendExpectedRevision }): Promise<{ nextExpectedRevision: bigint }>;
  readStream(stream: string, options: { fromRevision: ReadRevision; maxCount: number; direction: typeof FORWARDS | typeof BACKWARDS }): AsyncIterable<{ event?: { type: string; revision: bigint; data: unknown } }>;
  /** Deletes a stream: a staging stream whose commit lost a race (nothing refers to it). */
  deleteStream(stream: string): Promise<unknown>;
  dispose(): Promise<void>;
}

export interface EsdbEventStoreOptions {
  /** Names this store's streams in the database: `<prefix>-log` and `<prefix>-staged-<uuid>`. Default `vaxledger`. */
  readonly prefix?: string;
  readonly clock?: Clock;
  readonly codec?: EventCodec;
  /** Rows up to this many bytes go inline in the commit; larger units are staged first. Keep it under the server's MaxAppendSize (1 MiB by default). */
  readonly inlineBytes?: number;
}

interface IndexedEvent { readonly stream: string; readonly contentHash: string; readonly position: bigint; readonly revision: bigint }
interface Commit { readonly revision: bigint; readonly first: bigint; readonly count: number }
interface QueuedUnit {
  readonly appends: readonly StreamAppend[];
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}
type UnitPart = { readonly stream: string; readonly tenant: string; readonly events: readonly EventToAppend[]; readonly expected: ExpectedRevision };

const PAGE = 500;
const COMMIT_ATTEMPTS = 20;

/**
 * The event store on EventStoreDB, for a city (or a nation's many) that outgrows one machine: the events live in the
 * database cluster, and any number of engine processes share them. Same rules as the SQLite store (it runs the same
 * append code), and the same contract suite.
 *
 * EventStoreDB appends atomically to one stream only, and the port needs units that span streams and one gap-free,
 * hash-chained order. So the store keeps one log stream of commits (see commit-format.ts): a unit is one commit, its
 * positions follow the previous commit's, and two processes that commit at once are ordered by the log's expected
 * revision — the loser catches up, re-checks its expectations against what the winner wrote, and commits after it.
 *
 * Appends issued together share one commit (group commit: one round trip), each decided on its own.
 *
 * Each process keeps an index of the log (per event: id, stream, revision, content hash, position — about 150 bytes),
 * read at connect and brought up to date before every operation; the rows themselves are read from the database
 * when asked for.
 */
export class EsdbEventStore implements EventStore, StoredRowReader {
  private readonly logStream: string;
  private readonly prefix: string;
  private readonly clock: Clock;
  private readonly codec: EventCodec | undefined;
  private readonly inlineBytes: number;
  private logRevision: bigint | null = null;
  private readonly commits: Commit[] = [];
  private readonly byId = new Map<string, IndexedEvent>();
  private readonly byStream = new Map<string, bigint[]>();
  private storeHead: StoreHead = { position: 0n, chainHash: GENESIS_HASH };
  /** When the row at the head was recorded: a commit is never dated before it. */
  private headRecordedAt: string | null = null;
  private readonly rowCache = new Map<bigint, readonly StoredRow[]>();
  /** Appends waiting for the next commit: those issued together share one (group commit, one round trip). */
  private queue: QueuedUnit[] = [];
  private flushing = false;
  private closed = false;

  private constructor(private readonly client: EsdbClient, options: EsdbEventStoreOptions) {
    this.prefix = options.prefix ?? 'vaxledger';
    this.logStream = `${this.prefix}-log`;
    this.clock = options.clock ?? systemClock;
    this.codec = options.codec;
    this.inlineBytes = options.inlineBytes ?? 512 * 1024;
  }

  /** Connects (`esdb://host:2113?tls=false`, or a cluster's connection string) and reads the log's index. */
  static async connect(connectionString: string, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    return EsdbEventStore.open(EventStoreDBClient.connectionString(connectionString), options);
  }

  /** Over a client the caller made; the store disposes of it when closed. */
  static async open(client: EsdbClient, options: EsdbEventStoreOptions = {}): Promise<EsdbEventStore> {
    const store = new EsdbEventStore(client, options);
    await store.catchUp();
    return store;
  }

  async append(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return (await this.appendMulti([{ stream, events, expectedRevision: options.expectedRevision }]))[0]!;
  }

  appendMulti(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      if (this.flushing) return;
      this.flushing = true;
      // setImmediate lets every append issued in this turn of the event loop join one commit.
      setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue;
        this.queue = [];
        await this.commitGroup(group);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Decides every unit of the group against the log as this process knows it (each unit on its own: one that fails is
   * refused and rolled back, the others go on), then commits the rows of all that passed as one commit. When another
   * process committed first, it catches up and decides them all again.
   */
  private async commitGroup(group: readonly QueuedUnit[]): Promise<void> {
    const units: Array<{ unit: QueuedUnit; parts: UnitPart[] }> = [];
    for (const unit of group) {
      try {
        this.assertOpen();
        const parts = unit.appends.map((a) => ({ stream: a.stream, tenant: validateStreamName(a.stream), events: a.events, expected: a.expectedRevision }));
        if (this.codec) for (const p of parts) await this.codec.prepare(p.tenant, p.events, true);
        units.push({ unit, parts });
      } catch (error) {
        unit.reject(error);
      }
    }
    if (units.length === 0) return;
    for (let attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      try {
        await this.catchUp();
      } catch (error) {
        for (const u of units) u.unit.reject(error);
        return;
      }
      const staged: StoredRow[] = [];
      const stagedById = new Map<string, StoredRow>();
      let stagedRevision = new Map<string, bigint>();
      let head = this.storeHead;
      const tx: AppendTransaction = {
        chainFormat: CURRENT_CHAIN_FORMAT,
        streamRevision: (s) => stagedRevision.get(s) ?? this.revisionOf(s),
        findById: (id) => this.byId.get(id) ?? stagedById.get(id) ?? null,
        head: () => head,
        headRecordedAt: () => (staged.length > 0 ? staged[staged.length - 1]!.recordedAt : this.headRecordedAt),
        tryInsert: (row) => {
          if (this.byId.has(row.id) || stagedById.has(row.id)) return false;
          staged.push(row);
          stagedById.set(row.id, row);
          stagedRevision.set(row.stream, row.revision);
          return true;
        },
        setHead: (h) => {
          head = h;
        },
      };
      // Read after catching up with the log, for each attempt: a commit that lost a race is dated when it is decided again.
      const now = this.clock.now();
      const outcomes = units.map(({ parts }) => {
        const mark = { rows: staged.length, head, revisions: new Map(stagedRevision) };
        try {
          return { ok: true as const, results: parts.map((p) => applyAppend(tx, p.stream, p.tenant, new PreparedEvents(p.stream, p.events, this.codec), p.expected, now)) };
        } catch (error) {
          // This unit only: its rows leave the commit, the units beside it stay.
          for (const r of staged.splice(mark.rows)) stagedById.delete(r.id);
          head = mark.head;
          stagedRevision = mark.revisions;
          return { ok: false as const, error };
        }
      });
      const settle = () => outcomes.forEach((o, i) => (o.ok ? units[i]!.unit.resolve(o.results) : units[i]!.unit.reject(o.error)));
      if (staged.length === 0) return settle();
      let commit: CommitData | undefined;
      try {
        commit = await this.commitData(staged, head);
        const written = await this.client.appendToStream(this.logStream, jsonEvent({ id: randomUUID(), type: COMMIT_EVENT_TYPE, data: commit as never }), {
          expectedRevision: this.logRevision ?? NO_STREAM,
        });
        this.index(written.nextExpectedRevision, commit, staged);
        return settle();
      } catch (error) {
        // Another process committed first: catch up and decide again against what it wrote. The rows staged for this
        // attempt (their positions now taken) are referred to by no commit: their stream goes, leaving no orphan.
        // (Only on a conflict: after any other error the commit may have landed, and its staged rows with it.)
        if (error instanceof WrongExpectedVersionError) {
          if (commit?.staged) await this.client.deleteStream(commit.staged).catch(() => undefined);
          continue;
        }
        for (const u of units) u.unit.reject(error);
        return;
      }
    }
    const error = new DomainError('log-contention', `EventStoreDB log ${this.logStream}: gave up after ${COMMIT_ATTEMPTS} conflicting commits`, 'conflict');
    for (const u of units) u.unit.reject(error);
  }

  /** The commit of these rows: inline, or staged in their own stream first when they are too large for one append. */
  private async commitData(rows: readonly StoredRow[], head: StoreHead): Promise<CommitData> {
    const json = rows.map(rowToJson);
    const common = { first: rows[0]!.position.toString(), count: rows.length, head: head.chainHash };
    const chunks = chunkRows(json, this.inlineBytes);
    if (chunks.length === 1) return { ...common, rows: json };
    const staged = `${this.prefix}-staged-${randomUUID()}`;
    let expected: AppendExpectedRevision = NO_STREAM;
    try {
      for (const chunk of chunks) {
        const data: RowsData = { rows: chunk };
        expected = (await this.client.appendToStream(staged, jsonEvent({ id: randomUUID(), type: ROWS_EVENT_TYPE, data: data as never }), { expectedRevision: expected })).nextExpectedRevision;
      }
    } catch (error) {
      // No commit refers to a staging stream left half-written.
      await this.client.deleteStream(staged).catch(() => undefined);
      throw error;
    }
    return { ...common, staged };
  }

  /** Reads the commits written since this process last looked, by any process. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const from = this.logRevision === null ? START : this.logRevision + 1n;
      let n = 0;
      for await (const e of this.read(this.logStream, from, PAGE, FORWARDS)) {
        n++;
        const commit = e.data as CommitData;
        checkCommit(commit, this.storeHead.position + 1n, e.revision);
        const rows = await this.rowsOf(e.revision, commit);
        this.index(e.revision, commit, rows);
      }
      if (n < PAGE) return;
    }
  }

  private index(revision: bigint, commit: CommitData, rows: readonly StoredRow[]): void {
    for (const r of rows) {
      this.byId.set(r.id, { stream: r.stream, contentHash: r.contentHash, position: r.position, revision: r.revision });
      const list = this.byStream.get(r.stream);
      if (list) list.push(r.position);
      else this.byStream.set(r.stream, [r.position]);
    }
    this.commits.push({ revision, first: BigInt(commit.first), count: commit.count });
    this.logRevision = revision;
    this.storeHead = { position: BigInt(commit.first) + BigInt(commit.count) - 1n, chainHash: commit.head };
    if (rows.length > 0) this.headRecordedAt = rows[rows.length - 1]!.recordedAt;
    this.remember(revision, rows);
  }

  /** The rows of one commit, from the cache or the database (inline, or its staging stream). */
  private async rowsOf(revision: bigint, known?: CommitData): Promise<readonly StoredRow[]> {
    const cached = this.rowCache.get(revision);
    if (cached) return cached;
    let commit = known;
    if (!commit) for await (const e of this.read(this.logStream, revision, 1, FORWARDS)) commit = e.data as CommitData;
    if (!commit) throw new DomainError('broken-log', `EventStoreDB log ${this.logStream}: no commit at revision ${revision}`, 'integrity');
    const rows: StoredRow[] = [];
    if (commit.rows) for (const j of commit.rows) rows.push(rowFromJson(j));
    else if (commit.staged) {
      for (let from = 0n; ; from += BigInt(PAGE)) {
        let n = 0;
        for await (const e of this.read(commit.staged, from, PAGE, FORWARDS)) {
          n++;
          for (const j of (e.data as RowsData).rows) rows.push(rowFromJson(j));
        }
        if (n < PAGE) break;
      }
    }
    if (rows.length !== commit.count || rows.some((r, i) => r.position !== BigInt(commit.first) + BigInt(i))) {
      throw new DomainError('broken-log', `EventStoreDB log ${this.logStream}: commit at revision ${revision} does not hold positions ${commit.first}… (${commit.count})`, 'integrity');
    }
    this.remember(revision, rows);
    return rows;
  }

  private remember(revision: bigint, rows: readonly StoredRow[]): void {
    this.rowCache.set(revision, rows);
    // A few commits' rows: enough for reading on from where a reader is, without holding the store in memory.
    if (this.rowCache.size > 32) this.rowCache.delete(this.rowCache.keys().next().value!);
  }

  /** A stream's events, or none when the stream does not exist yet. */
  private async *read(stream: string, from: ReadRevision, maxCount: number, direction: typeof FORWARDS | typeof BACKWARDS) {
    try {
      for await (const r of this.client.readStream(stream, { fromRevision: from, maxCount, direction })) {
        if (r.event) yield { type: r.event.type, revision: r.event.revision, data: r.event.data };
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  /** Index of the commit holding `position` (commits are in position order). */
  private commitIndexOf(position: bigint): number {
    let lo = 0;
    let hi = this.commits.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.commits[mid]!;
      if (position < c.first) hi = mid - 1;
      else if (position >= c.first + BigInt(c.count)) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  private async rowAt(position: bigint): Promise<StoredRow> {
    const i = this.commitIndexOf(position);
    const c = this.commits[i]!;
    return (await this.rowsOf(c.revision))[Number(position - c.first)]!;
  }

  private revisionOf(stream: string): bigint | null {
    const n = this.byStream.get(stream)?.length ?? 0;
    return n === 0 ? null : BigInt(n - 1);
  }

  private async decode(rows: readonly StoredRow[]): Promise<RecordedEvent[]> {
    if (this.codec) await this.codec.prepareRows(rows);
    return rows.map((r) => recordedEventOf(r, this.codec));
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    await this.catchUp();
    const positions = (this.byStream.get(stream) ?? []).slice(Number(options.fromRevision ?? 0n));
    for (let i = 0; i < positions.length; i += PAGE) {
      const rows: StoredRow[] = [];
      for (const p of positions.slice(i, i + PAGE)) rows.push(await this.rowAt(p));
      yield* await this.decode(rows);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let page: StoredRow[] = [];
    for await (const row of this.readStoredRows(options.afterPosition ?? 0n, options.tenant)) {
      page.push(row);
      if (page.length === PAGE) {
        yield* await this.decode(page);
        page = [];
      }
    }
    if (page.length > 0) yield* await this.decode(page);
  }

  async *readStoredRows(afterPosition = 0n, tenant?: string): AsyncIterable<StoredRow> {
    this.assertOpen();
    await this.catchUp();
    const end = this.storeHead.position;
    let position = afterPosition + 1n;
    for (let i = this.commitIndexOf(position); i >= 0 && i < this.commits.length && position <= end; i++) {
      const c = this.commits[i]!;
      for (const row of await this.rowsOf(c.revision)) {
        if (row.position < position) continue;
        if (!tenant || row.tenant === tenant) yield row;
      }
      position = c.first + BigInt(c.count);
    }
  }

  async *readStoredRowsBackward(beforePosition?: bigint): AsyncIterable<StoredRow> {
    this.assertOpen();
    await this.catchUp();
    const last = beforePosition === undefined ? this.storeHead.position : beforePosition - 1n;
    if (last < 1n) return;
    for (let i = this.commitIndexOf(last > this.storeHead.position ? this.storeHead.position : last); i >= 0; i--) {
      const rows = await this.rowsOf(this.commits[i]!.revision);
      for (let k = rows.length - 1; k >= 0; k--) if (rows[k]!.position <= last) yield rows[k]!;
    }
  }

  async streamRevision(stream: string): Promise<bigint | null> {
    this.assertOpen();
    await this.catchUp();
    return this.revisionOf(stream);
  }

  async head(): Promise<StoreHead> {
    this.assertOpen();
    await this.catchUp();
    return this.storeHead;
  }

  chainFormat(): ChainFormat {
    return CURRENT_CHAIN_FORMAT;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already issued are committed (or refused) before the client goes.
    while (this.flushing) await new Promise((r) => setImmediate(r));
    this.closed = true;
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new DomainError('store-closed', 'the event store is closed');
  }
}

