import type { OplogEntry } from '@vaxledger/projections';
import { csvLine } from './csv.ts';
import { write } from './stream.ts';

/** The columns of `oplog --csv`: the keys of `oplog --json`, in its order (lists joined by `;`, absent keys empty). */
export const OPLOG_CSV_COLUMNS = [
  'position', 'at', 'tenant', 'operator', 'roles', 'purpose', 'action', 'resident', 'items', 'outcome', 'reason',
  'eventType', 'eventId', 'correlationId', 'source', 'hash', 'previousHash',
] as const satisfies ReadonlyArray<keyof OplogEntry>;

const cell = (value: unknown): string => (value === undefined ? '' : Array.isArray(value) ? value.join(';') : String(value));

/**
 * The entries as CSV, written row by row as they are read (a city's log is never held): UTF-8 with a byte-order mark
 * so that Excel opens it as UTF-8, CRLF line ends, cells that a spreadsheet would run as formulas neutralized.
 */
export async function writeOplogCsv(entries: AsyncIterable<OplogEntry> | Iterable<OplogEntry>): Promise<void> {
  await write(`\uFEFF${csvLine([...OPLOG_CSV_COLUMNS])}`);
  for await (const entry of entries) await write(csvLine(OPLOG_CSV_COLUMNS.map((c) => cell(entry[c]))));
}
