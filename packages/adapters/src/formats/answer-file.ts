import {
  ANSWER_ITEM_BY_HEADER, INTEGRATED_ADDRESSEE_NO_PATTERN, REQUIRED_ANSWER_ITEMS, answerItemName, categoryOfCode,
  describeDateFailure, parseDoseOrdinal, parseJapaneseDate, vaccineOfName, type AnswerItemId, type VaccinationCategory,
} from '@vaxledger/domain';
import type { AnswerRow } from '@vaxledger/application';
import { EMPTY_MAPPING } from './mapping.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';

export type { AnswerRow };
export type AnswerReadResult = TableResult<AnswerItemId, AnswerRow>;

const CATALOGUE: Catalogue<AnswerItemId> = {
  byHeader: ANSWER_ITEM_BY_HEADER,
  knownDropped: new Set(),
  allowed: () => true,
  required: REQUIRED_ANSWER_ITEMS,
  nameOf: answerItemName,
};

const RECORD_ITEMS = ['vaccine', 'dose', 'date', 'category'] as const satisfies readonly AnswerItemId[];

function parseAnswerRow(ctx: RowContext<AnswerItemId>): AnswerRow | undefined {
  const number = ctx.cell('integratedAddresseeNo') ?? '';
  if (number === '') ctx.error('integratedAddresseeNo', 'the value is empty');
  else if (!INTEGRATED_ADDRESSEE_NO_PATTERN.test(number)) ctx.error('integratedAddresseeNo', `the value (${number.length} characters) is not a 統合宛名番号 (letters, digits, "-" or "_", at most 20)`);
  // A row with the 統合宛名番号 alone: the municipality asked holds no record of the person (the 副本's empty row).
  if (RECORD_ITEMS.every((id) => (ctx.cell(id) ?? '') === '')) return { line: ctx.line, integratedAddresseeNo: number };

  const vaccineCell = ctx.cell('vaccine') ?? '';
  const vaccine = vaccineCell === '' ? null : vaccineOfName(vaccineCell);
  if (vaccine === null) ctx.error('vaccine', vaccineCell === '' ? 'the value is empty (a record needs 接種名称区分, 期回数区分 and 接種日)' : 'the value is not a known 接種名称区分 (the 副本 codes: hib, mr, …)');
  const doseCell = ctx.cell('dose') ?? '';
  const dose = doseCell === '' ? null : parseDoseOrdinal(doseCell);
  if (dose === null) ctx.error('dose', doseCell === '' ? 'the value is empty (a record needs 接種名称区分, 期回数区分 and 接種日)' : 'the value is not a dose ordinal 1–20');
  const dateCell = ctx.cell('date') ?? '';
  let date: string | undefined;
  if (dateCell === '') ctx.error('date', 'the value is empty (a record needs 接種名称区分, 期回数区分 and 接種日)');
  else {
    const parsed = parseJapaneseDate(dateCell);
    if (parsed.ok) date = parsed.date;
    else ctx.error('date', describeDateFailure(parsed.reason));
  }
  const categoryCell = ctx.cell('category') ?? '';
  let category: VaccinationCategory | undefined;
  if (categoryCell !== '') {
    const c = categoryOfCode(categoryCell);
    if (c === null) ctx.error('category', 'the value is not a known 接種区分 (routine, voluntary, temporary, special-measures, or 1–4)');
    else category = c;
  }
  if (vaccine === null || dose === null || date === undefined) return undefined;
  return { line: ctx.line, integratedAddresseeNo: number, record: { vaccine, dose, date, ...(category ? { category } : {}) } };
}

/**
 * Reads another municipality's answer to inquiries (情報照会の回答): the 副本's layout (UTF-8 or CP932, CRLF or LF).
 * All-or-nothing, like every import: either every row, or every error (file, line, column, item; never a value).
 * A 個人番号 in any column refuses the file, as in every other file read.
 */
export function readInquiryAnswerFile(bytes: Uint8Array, options: ReadOptions): AnswerReadResult {
  return readTable(bytes, options, CATALOGUE, EMPTY_MAPPING, parseAnswerRow);
}
