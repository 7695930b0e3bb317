import {
  ANTIBODY_ITEM_BY_HEADER, antibodyItemName, containsMyNumber, describeDateFailure, parseJapaneseDate, readAntibodyResult,
  REQUIRED_ANTIBODY_ITEMS, RESIDENT_ID_PATTERN, type AntibodyItemId,
} from '@vaxledger/domain';
import type { AntibodyRow } from '@vaxledger/application';
import { EMPTY_MAPPING } from './mapping.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';

export type AntibodyReadResult = TableResult<AntibodyItemId, AntibodyRow>;

const CATALOGUE: Catalogue<AntibodyItemId> = {
  byHeader: ANTIBODY_ITEM_BY_HEADER,
  knownDropped: new Set(),
  allowed: () => true,
  required: REQUIRED_ANTIBODY_ITEMS,
  nameOf: antibodyItemName,
};

/** Bounds of the free-text items, as the event keeps them. */
const MAX_LENGTH: Partial<Record<AntibodyItemId, number>> = { method: 60, titer: 20, unit: 20, testNumber: 30 };

function textOf(ctx: RowContext<AntibodyItemId>, id: AntibodyItemId): string | undefined {
  const cell = ctx.cell(id) ?? '';
  const max = MAX_LENGTH[id] ?? 60;
  if (cell === '') ctx.error(id, 'the value is empty');
  else if (cell.length > max) ctx.error(id, `the value (${cell.length} characters) is longer than ${max}`);
  else if (containsMyNumber(cell)) ctx.error(id, 'the value holds a 個人番号, which this file must not carry');
  else return cell;
  return undefined;
}

function parseAntibodyRow(ctx: RowContext<AntibodyItemId>): AntibodyRow | undefined {
  const residentId = ctx.cell('residentId') ?? '';
  const idOk = RESIDENT_ID_PATTERN.test(residentId) && !containsMyNumber(residentId);
  if (!idOk) ctx.error('residentId', residentId === '' ? 'the value is empty' : 'the value is not a 整理番号 (letters, digits, "-" or "_", at most 32)');
  const parsed = parseJapaneseDate(ctx.cell('date') ?? '');
  if (!parsed.ok) ctx.error('date', describeDateFailure(parsed.reason));
  const result = readAntibodyResult(ctx.cell('result') ?? '');
  if (result === null) ctx.error('result', 'the value is not a 判定結果 (insufficient / 不十分 / 陰性 or sufficient / 十分 / 陽性)');
  const method = textOf(ctx, 'method');
  const titer = textOf(ctx, 'titer');
  const unit = textOf(ctx, 'unit');
  const testNumber = textOf(ctx, 'testNumber');
  if (!idOk || !parsed.ok || result === null || method === undefined || titer === undefined || unit === undefined || testNumber === undefined) return undefined;
  return { line: ctx.line, residentId, date: parsed.date, method, titer, unit, result, testNumber };
}

/**
 * Reads a file of antibody test results (docs/import-formats.md): UTF-8 or CP932, CRLF or LF. All-or-nothing, like
 * every import: every row, or every error (file, line, column, item; never a value).
 */
export function readAntibodyFile(bytes: Uint8Array, options: ReadOptions): AntibodyReadResult {
  return readTable(bytes, options, CATALOGUE, EMPTY_MAPPING, parseAntibodyRow);
}
