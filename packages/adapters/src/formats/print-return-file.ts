import {
  describeDateFailure, describeFormNumberProblem, FORM_SERIAL_DIGITS, parseJapaneseDate, PRINT_RETURN_ITEM_BY_HEADER, printReturnItemName,
  readFormNumber, readReturnedFlag, REQUIRED_PRINT_RETURN_ITEMS, type PrintReturnItemId,
} from '@vaxledger/domain';
import type { PrintReturnRow } from '@vaxledger/application';
import { EMPTY_MAPPING } from './mapping.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';

export type PrintReturnReadResult = TableResult<PrintReturnItemId, PrintReturnRow>;

const CATALOGUE: Catalogue<PrintReturnItemId> = {
  byHeader: PRINT_RETURN_ITEM_BY_HEADER,
  knownDropped: new Set(),
  allowed: () => true,
  required: REQUIRED_PRINT_RETURN_ITEMS,
  nameOf: printReturnItemName,
};

/** An optional date cell: undefined when empty, null (after reporting) when it is not a date. */
function dateOf(ctx: RowContext<PrintReturnItemId>, id: 'printedOn' | 'mailedOn' | 'returnedOn'): string | undefined | null {
  const cell = ctx.cell(id) ?? '';
  if (cell === '') return undefined;
  const parsed = parseJapaneseDate(cell);
  if (parsed.ok) return parsed.date;
  ctx.error(id, describeDateFailure(parsed.reason));
  return null;
}

function parsePrintReturnRow(ctx: RowContext<PrintReturnItemId>): PrintReturnRow | undefined {
  // The whole number, or the print file's two columns (the ten digits, then the check character) given back as sent.
  const numberCell = ctx.cell('formNumber') ?? '';
  const checkCell = ctx.cell('checkCharacter');
  const typed = checkCell !== undefined && numberCell.replace(/[\s-]/g, '').length === FORM_SERIAL_DIGITS ? numberCell + checkCell : numberCell;
  let formNumber: string | undefined;
  if (numberCell === '') ctx.error('formNumber', 'the value is empty');
  else {
    const read = readFormNumber(typed);
    if (read.ok) formNumber = read.formNumber;
    else ctx.error(checkCell !== undefined && read.problem === 'check-character' ? 'checkCharacter' : 'formNumber', `the value ${describeFormNumberProblem(read.problem)}`);
  }
  const printedOn = dateOf(ctx, 'printedOn');
  const mailedOn = dateOf(ctx, 'mailedOn');
  const flagCell = ctx.cell('returned') ?? '';
  const flag = readReturnedFlag(flagCell);
  if (flag === null) ctx.error('returned', 'the value is not a 不達 flag (1, ○ or 有 for mail that came back; 0, 無 or empty otherwise)');
  const reason = ctx.cell('returnReason') ?? '';
  const returnedOn = dateOf(ctx, 'returnedOn');
  // 不達 needs its reason and date; a reason or date without the flag is a row half filled in.
  const returned = flag === true;
  let complete = true;
  if (returned) {
    if (reason === '' || reason.length > 200) {
      complete = false;
      ctx.error('returnReason', reason === '' ? 'the value is empty: mail that came back (不達) needs its reason (宛所不明, 転居先不明 …)' : `the value (${reason.length} characters) is longer than 200`);
    }
    if (returnedOn === undefined) {
      complete = false;
      ctx.error('returnedOn', 'the value is empty: mail that came back (不達) needs the date it came back');
    }
  } else if (flag === false && (reason !== '' || returnedOn !== undefined)) {
    complete = false;
    ctx.error('returned', 'the row has a 不達理由 or 不達日 but its 不達 flag says the mail did not come back');
  }
  if (!complete || formNumber === undefined || printedOn === null || mailedOn === null || returnedOn === null || flag === null) return undefined;
  return {
    line: ctx.line, formNumber,
    ...(printedOn === undefined ? {} : { printedOn }),
    ...(mailedOn === undefined ? {} : { mailedOn }),
    ...(returned ? { returned: { reason, on: returnedOn! } } : {}),
  };
}

/**
 * Reads the printing contractor's return file (印刷・発送結果, docs/print-files.md): UTF-8 or CP932, CRLF or LF.
 * All-or-nothing, like every import: every row, or every error (file, line, column, item; never a value).
 */
export function readPrintReturnFile(bytes: Uint8Array, options: ReadOptions): PrintReturnReadResult {
  return readTable(bytes, options, CATALOGUE, EMPTY_MAPPING, parsePrintReturnRow);
}
