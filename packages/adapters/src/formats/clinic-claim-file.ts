import { normalizeHeaderName, parseDoseOrdinal, parseJapaneseDate, describeDateFailure, RESIDENT_ID_PATTERN, vaccineOfName, type TheirClaimLine } from '@vaxledger/domain';
import { EMPTY_MAPPING } from './mapping.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';

/** A clinic's own claim (請求明細, docs/claims.md): one row per dose it claims. */
const ITEMS = [
  { id: 'residentId', name: '整理番号' },
  { id: 'date', name: '接種日' },
  { id: 'vaccine', name: '接種名称' },
  { id: 'dose', name: '期回数' },
  { id: 'amount', name: '請求額' },
] as const;
type ClinicClaimItem = (typeof ITEMS)[number]['id'];

const CATALOGUE: Catalogue<ClinicClaimItem> = {
  byHeader: new Map(ITEMS.map((i) => [normalizeHeaderName(i.name), i.id])),
  knownDropped: new Set(),
  allowed: () => true,
  required: ITEMS.map((i) => i.id),
  nameOf: (id) => ITEMS.find((i) => i.id === id)!.name,
};

export type ClinicClaimReadResult = TableResult<ClinicClaimItem, TheirClaimLine>;

function parseRow(ctx: RowContext<ClinicClaimItem>): TheirClaimLine | undefined {
  const residentId = ctx.cell('residentId') ?? '';
  if (!RESIDENT_ID_PATTERN.test(residentId)) ctx.error('residentId', 'the value is not a 整理番号');
  const dateCell = ctx.cell('date') ?? '';
  const date = parseJapaneseDate(dateCell);
  if (!date.ok) ctx.error('date', describeDateFailure(date.reason));
  const vaccine = vaccineOfName(ctx.cell('vaccine') ?? '');
  if (vaccine === null) ctx.error('vaccine', 'the value is not a known vaccine id or name');
  const dose = parseDoseOrdinal(ctx.cell('dose') ?? '');
  if (dose === null) ctx.error('dose', 'the value is not a dose (1, 2, 第1回, 1期 …)');
  const amountCell = (ctx.cell('amount') ?? '').replace(/[,円]/g, '');
  const amount = /^\d{1,9}$/.test(amountCell) ? Number(amountCell) : null;
  if (amount === null) ctx.error('amount', 'the value is not an amount in yen (digits)');
  if (!RESIDENT_ID_PATTERN.test(residentId) || !date.ok || vaccine === null || dose === null || amount === null) return undefined;
  return { line: ctx.line, residentId, date: date.date, vaccine, dose, amount };
}

/**
 * Reads a clinic's own claim CSV (UTF-8 or CP932, header 整理番号,接種日,接種名称,期回数,請求額) for `claims reconcile`:
 * every row, or every error (file, line, item; never a value).
 */
export function readClinicClaimFile(bytes: Uint8Array, options: ReadOptions): ClinicClaimReadResult {
  return readTable(bytes, options, CATALOGUE, EMPTY_MAPPING, parseRow);
}
