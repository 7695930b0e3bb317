import {
  DomainError, recordedEventOf, type EventCodec, type EventStore, type ReadAllOptions, type RecordedEvent, type StoredRow, type StoredRowReader,
} from '@vaxledger/domain';

/** Rows decoded per page (their keys fetched once for the page). */
const PAGE = 2000;

/**
 * The store as `verify` rebuilds projections from it: read-only, up to `upTo`, and without the rows that `verify`
 * already reported as unreadable (so that a rebuild goes on past them, as the report says it did).
 * Events are decoded here from the stored rows, one at a time, so that one bad row never fails a page. A rebuild reads
 * by position: no stream is read.
 */
export function verifiedEventsView(base: StoredRowReader, codec: EventCodec | undefined, upTo: number, unreadable: ReadonlySet<number>): EventStore & StoredRowReader {
  const refuse = (): never => {
    throw new DomainError('read-only', 'verify reads the store by position; it never writes to it, nor reads a stream');
  };
  async function* rows(afterPosition: bigint): AsyncIterable<StoredRow> {
    for await (const row of base.readStoredRows(afterPosition)) {
      if (Number(row.position) > upTo) return;
      yield row;
    }
  }
  return {
    append: async () => refuse(),
    appendMulti: async () => refuse(),
    readStream: () => refuse(),
    streamRevision: async () => refuse(),
    head: () => base.head(),
    chainFormat: () => base.chainFormat(),
    close: async () => undefined,
    readStoredRows: (afterPosition = 0n) => rows(afterPosition),
    async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
      let page: StoredRow[] = [];
      const decode = async function* (): AsyncIterable<RecordedEvent> {
        if (codec) await codec.prepareRows(page);
        for (const row of page) yield recordedEventOf(row, codec);
        page = [];
      };
      for await (const row of rows(options.afterPosition ?? 0n)) {
        if (unreadable.has(Number(row.position)) || (options.tenant !== undefined && row.tenant !== options.tenant)) continue;
        page.push(row);
        if (page.length >= PAGE) yield* decode();
      }
      yield* decode();
    },
  };
}
