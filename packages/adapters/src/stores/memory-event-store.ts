import {
  CURRENT_CHAIN_FORMAT, DomainError, GENESIS_HASH, recordedEventOf, systemClock, type AppendResult, type Clock, type EventStore, type EventToAppend,
  type ExpectedRevision, type ReadAllOptions, type StreamAppend, type ReadStreamOptions, type RecordedEvent, type StoredRow, type StoreHead, type StoredRowReader, type ChainFormat,
  type EventCodec,
} from '@vaxledger/domain';
import { applyAppend, prepareEvents, validateStreamName, type AppendTransaction } from './append-transaction.ts';


export interface MemoryEventStoreOptions {
  readonly clock?: Clock;
  /**
   * Seals personal items per subject as the SQLite store does (give it the engine's SubjectCipher): what the store
   * holds, and what `heldBytes` hands out, is then never personal data in clear, and erasure makes it unreadable.
   */
  readonly codec?: EventCodec;
}

/**
 * An in-memory store with the same rules as the SQLite one (it runs the same append code): for tests and for
 * host applications that want to try the engine without a file. `heldBytes` and `fromHeldBytes` write its rows out
 * and read them back, exactly as stored (sealed, with their chain), for a host that keeps them somewhere of its own.
 */
export class MemoryEventStore implements EventStore, StoredRowReader {
  private rows: StoredRow[] = [];
  private readonly byId = new Map<string, StoredRow>();
  private readonly byStream = new Map<string, StoredRow[]>();
  private storeHead: StoreHead = { position: 0n, chainHash: GENESIS_HASH };
  private readonly clock: Clock;
  private readonly codec: EventCodec | undefined;
  private closed = false;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.codec = options.codec;
  }

  /** The rows as stored (sealed when the store has a codec), one JSON line each, in position order. */
  heldBytes(): Uint8Array {
    const lines = this.rows.map((r) => JSON.stringify({ ...r, position: String(r.position), revision: String(r.revision) }));
    return new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
  }

  /**
   * A store holding the rows `heldBytes` wrote, as they were (positions must run on without a gap); `verify`
   * recomputes their chain, so a changed row is found.
   */
  static fromHeldBytes(bytes: Uint8Array, options: MemoryEventStoreOptions = {}): MemoryEventStore {
    const store = new MemoryEventStore(options);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    let line = 0;
    for (const l of text.split('\n')) {
      line++;
      if (l === '') continue;
      const raw = JSON.parse(l) as Record<string, unknown>;
      const row = { ...raw, position: BigInt(raw.position as string), revision: BigInt(raw.revision as string) } as StoredRow;
      if (row.position !== BigInt(store.rows.length + 1)) throw new DomainError('unreadable-row', `held rows: line ${line}: position ${row.position} out of order`, 'integrity');
      store.rows.push(row);
      store.byId.set(row.id, row);
      const list = store.byStream.get(row.stream) ?? [];
      list.push(row);
      store.byStream.set(row.stream, list);
      store.storeHead = { position: row.position, chainHash: row.chainHash };
    }
    return store;
  }

  async append(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return (await this.appendMulti([{ stream, events, expectedRevision: options.expectedRevision }]))[0]!;
  }

  async appendMulti(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) throw new DomainError('store-closed', 'the event store is closed');
    const tenants = appends.map((a) => validateStreamName(a.stream));
    // The subjects' keys are fetched (or made) before anything is staged; staging itself is synchronous, so that
    // concurrent appends cannot interleave inside it.
    if (this.codec) for (const [i, a] of appends.entries()) await this.codec.prepare(tenants[i]!, a.events, true);
    if (this.closed) throw new DomainError('store-closed', 'the event store is closed');
    const parts = appends.map((a, i) => ({ stream: a.stream, tenant: tenants[i]!, prepared: prepareEvents(a.stream, a.events, this.codec), expected: a.expectedRevision }));
    // Stage the inserts; publish them only when the whole unit succeeded (atomicity).
    const staged: StoredRow[] = [];
    const stagedById = new Map<string, StoredRow>();
    const stagedPerStream = new Map<string, number>();
    let stagedHead = this.storeHead;
    const tx: AppendTransaction = {
      chainFormat: CURRENT_CHAIN_FORMAT,
      streamRevision: (s) => {
        const n = (this.byStream.get(s)?.length ?? 0) + (stagedPerStream.get(s) ?? 0);
        return n === 0 ? null : BigInt(n - 1);
      },
      findById: (id) => {
        const r = this.byId.get(id) ?? stagedById.get(id);
        return r ? { stream: r.stream, contentHash: r.contentHash, position: r.position, revision: r.revision } : null;
      },
      head: () => stagedHead,
      headRecordedAt: () => (staged.length > 0 ? staged[staged.length - 1]!.recordedAt : (this.rows[this.rows.length - 1]?.recordedAt ?? null)),
      tryInsert: (row) => {
        if (this.byId.has(row.id) || stagedById.has(row.id)) return false;
        staged.push(row);
        stagedById.set(row.id, row);
        stagedPerStream.set(row.stream, (stagedPerStream.get(row.stream) ?? 0) + 1);
        return true;
      },
      setHead: (h) => {
        stagedHead = h;
      },
    };
    const now = this.clock.now();
    const results = parts.map((p) => applyAppend(tx, p.stream, p.tenant, p.prepared, p.expected, now));
    for (const row of staged) {
      this.rows.push(row);
      this.byId.set(row.id, row);
      const list = this.byStream.get(row.stream) ?? [];
      list.push(row);
      this.byStream.set(row.stream, list);
    }
    this.storeHead = stagedHead;
    return results;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const list = this.byStream.get(stream) ?? [];
    for (let i = Number(options.fromRevision ?? 0n); i < list.length; i++) yield await this.decode(list[i]!);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    if (!this.codec) {
      for await (const row of this.readStoredRows(options.afterPosition ?? 0n, options.tenant)) yield recordedEventOf(row);
      return;
    }
    // Sealed rows a page at a time: one key-store round trip per page, as the SQLite store does.
    let page: StoredRow[] = [];
    for await (const row of this.readStoredRows(options.afterPosition ?? 0n, options.tenant)) {
      page.push(row);
      if (page.length === 1000) {
        await this.codec.prepareRows(page);
        for (const r of page) yield recordedEventOf(r, this.codec);
        page = [];
      }
    }
    await this.codec.prepareRows(page);
    for (const r of page) yield recordedEventOf(r, this.codec);
  }

  private async decode(row: StoredRow): Promise<RecordedEvent> {
    if (this.codec) await this.codec.prepareRows([row]);
    return recordedEventOf(row, this.codec);
  }

  async *readStoredRows(afterPosition = 0n, tenant?: string): AsyncIterable<StoredRow> {
    // Positions are 1-based and gap-free, so position p sits at index p − 1.
    for (let i = Number(afterPosition); i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (!tenant || row.tenant === tenant) yield row;
    }
  }

  async *readStoredRowsBackward(beforePosition?: bigint): AsyncIterable<StoredRow> {
    const from = beforePosition === undefined ? this.rows.length : Math.min(this.rows.length, Number(beforePosition) - 1);
    for (let i = from - 1; i >= 0; i--) yield this.rows[i]!;
  }

  async streamRevision(stream: string): Promise<bigint | null> {
    const n = this.byStream.get(stream)?.length ?? 0;
    return n === 0 ? null : BigInt(n - 1);
  }

  async head(): Promise<StoreHead> {
    return this.storeHead;
  }

  chainFormat(): ChainFormat {
    return CURRENT_CHAIN_FORMAT;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
