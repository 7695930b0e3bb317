import {
  DomainError, GENESIS_HASH, recordedEventOf, systemClock, type AppendResult, type Clock, type EventStore, type EventToAppend,
  type ExpectedRevision, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent, type StoredRow, type StoreHead,
} from '@vaxledger/domain';
import { applyAppend, prepareEvents, validateStreamName, type AppendTransaction } from './append-transaction.ts';


/**
 * An in-memory store with the same rules as the SQLite one (it runs the same append code): for tests and for
 * host applications that want to try the engine without a file.
 */
export class MemoryEventStore implements EventStore {
  private rows: StoredRow[] = [];
  private readonly byId = new Map<string, StoredRow>();
  private readonly byStream = new Map<string, StoredRow[]>();
  private storeHead: StoreHead = { position: 0n, chainHash: GENESIS_HASH };
  private readonly clock: Clock;
  private closed = false;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async append(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (this.closed) throw new DomainError('store-closed', 'the event store is closed');
    const tenant = validateStreamName(stream);
    const prepared = prepareEvents(stream, events);
    // Stage the inserts; publish them only when the whole batch succeeded (atomicity).
    const staged: StoredRow[] = [];
    let stagedHead = this.storeHead;
    const tx: AppendTransaction = {
      streamRevision: (s) => {
        const list = this.byStream.get(s);
        const stagedCount = staged.filter((r) => r.stream === s).length;
        const n = (list?.length ?? 0) + stagedCount;
        return n === 0 ? null : BigInt(n - 1);
      },
      findById: (id) => {
        const r = this.byId.get(id) ?? staged.find((x) => x.id === id);
        return r ? { stream: r.stream, contentHash: r.contentHash, position: r.position, revision: r.revision } : null;
      },
      head: () => stagedHead,
      tryInsert: (row) => {
        if (this.byId.has(row.id) || staged.some((x) => x.id === row.id)) return false;
        staged.push(row);
        return true;
      },
      setHead: (h) => {
        stagedHead = h;
      },
    };
    const result = applyAppend(tx, stream, tenant, prepared, options.expectedRevision, this.clock.now().toISOString());
    for (const row of staged) {
      this.rows.push(row);
      this.byId.set(row.id, row);
      const list = this.byStream.get(row.stream) ?? [];
      list.push(row);
      this.byStream.set(row.stream, list);
    }
    this.storeHead = stagedHead;
    return result;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const list = this.byStream.get(stream) ?? [];
    for (let i = Number(options.fromRevision ?? 0n); i < list.length; i++) yield recordedEventOf(list[i]!);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    for await (const row of this.readStoredRows(options.afterPosition ?? 0n, options.tenant)) yield recordedEventOf(row);
  }

  async *readStoredRows(afterPosition = 0n, tenant?: string): AsyncIterable<StoredRow> {
    // Positions are 1-based and gap-free, so position p sits at index p − 1.
    for (let i = Number(afterPosition); i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (!tenant || row.tenant === tenant) yield row;
    }
  }

  async streamRevision(stream: string): Promise<bigint | null> {
    const n = this.byStream.get(stream)?.length ?? 0;
    return n === 0 ? null : BigInt(n - 1);
  }

  async head(): Promise<StoreHead> {
    return this.storeHead;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
