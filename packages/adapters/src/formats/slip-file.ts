import { describeFormNumberProblem, readFormNumber, RESIDENT_ID_PATTERN, VaccinationFieldsSchema, type Vaccine } from '@vaxledger/domain';
import {
  REQUIRED_SLIP_ITEMS, SLIP_DROPPED_HEADERS, SLIP_ITEM_BY_HEADER, categoryOfCode, describeDateFailure,
  normalizeHeaderName, parseDoseOrdinal, parseJapaneseDate, parseSex, slipItemName, vaccineOfName,
  type SlipItemId, type VaccinationCategory,
} from '@vaxledger/domain';
import type { SlipCodeTables, SlipRow } from '@vaxledger/application';
import { EMPTY_MAPPING, normalizeCode, withCodes, type Mapping } from './mapping.ts';

export type { SlipCodeTables, SlipRow };
import { describeIssue, isMyNumberIssue } from './issues.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';



export interface SlipReadOptions extends ReadOptions {
  readonly codeTables?: SlipCodeTables;
  readonly mapping?: Mapping;
}

export type SlipReadResult = TableResult<SlipItemId, SlipRow>;

const CATALOGUE: Catalogue<SlipItemId> = {
  byHeader: SLIP_ITEM_BY_HEADER,
  knownDropped: SLIP_DROPPED_HEADERS,
  allowed: () => true,
  required: REQUIRED_SLIP_ITEMS,
  nameOf: slipItemName,
};

// The optional text items, checked against VaccinationFieldsSchema's limits.
const TEXT_ITEMS = ['clinicNo', 'lot', 'amount', 'maker', 'examiningDoctor', 'vaccinatingDoctor', 'remarks', 'product', 'coPaymentClass', 'exemptionClass'] as const;
const FieldsSchema = VaccinationFieldsSchema.partial();

function requiredCell(ctx: RowContext<SlipItemId>, id: SlipItemId, value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    ctx.error(id, 'the value is empty');
    return undefined;
  }
  return value;
}

function requiredDate(ctx: RowContext<SlipItemId>, id: SlipItemId): string | undefined {
  const cell = requiredCell(ctx, id, ctx.cell(id));
  if (cell === undefined) return undefined;
  const parsed = parseJapaneseDate(cell);
  if (parsed.ok) return parsed.date;
  ctx.error(id, describeDateFailure(parsed.reason));
  return undefined;
}

/**
 * One slip row. With `fixedVaccine`, the file has no 接種名称区分 column: every row is of that vaccine (a VRS
 * download holds only COVID-19 records).
 */
export function parseSlipRow(ctx: RowContext<SlipItemId>, fixedVaccine?: Vaccine): SlipRow | undefined {
  const residentId = requiredCell(ctx, 'residentId', ctx.cell('residentId'));
  if (residentId !== undefined && !RESIDENT_ID_PATTERN.test(residentId)) {
    ctx.error('residentId', `the value (${residentId.length} characters) is not 1–32 letters, digits, "-" or "_"`);
  }
  const kanaName = requiredCell(ctx, 'kanaName', ctx.cell('kanaName'));
  if (kanaName !== undefined && kanaName.length > 100) ctx.error('kanaName', 'the value is longer than 100 characters');
  const birthDate = requiredDate(ctx, 'birthDate');
  const date = requiredDate(ctx, 'date');

  const sexWord = requiredCell(ctx, 'sex', ctx.word('sex'));
  const sex = sexWord === undefined ? null : parseSex(sexWord);
  if (sexWord !== undefined && sex === null) ctx.error('sex', 'the value is not 1/2 or 男/女; add a code table entry');

  const vaccineWord = fixedVaccine ?? requiredCell(ctx, 'vaccine', ctx.word('vaccine'));
  const vaccine = vaccineWord === undefined ? null : vaccineOfName(vaccineWord);
  if (vaccineWord !== undefined && vaccine === null) ctx.error('vaccine', 'the value is not a known vaccine id or name; add a code table entry');

  const doseWord = requiredCell(ctx, 'dose', ctx.word('dose'));
  const dose = doseWord === undefined ? null : parseDoseOrdinal(doseWord);
  if (doseWord !== undefined && dose === null) ctx.error('dose', 'the value is not a dose ordinal 1–20; add a code table entry');

  const categoryWord = ctx.word('category');
  let category: VaccinationCategory | undefined;
  if (categoryWord !== undefined && categoryWord !== '') {
    const c = categoryOfCode(categoryWord);
    if (c === null) ctx.error('category', 'the value is not 1–4 or 定期/任意/臨時/特措法; add a code table entry');
    else category = c;
  }

  const optional: Partial<Record<(typeof TEXT_ITEMS)[number], string>> = {};
  for (const id of TEXT_ITEMS) {
    const v = id === 'maker' || id === 'product' ? ctx.word(id) : ctx.cell(id);
    if (v !== undefined && v !== '') optional[id] = v;
  }
  const checked = FieldsSchema.safeParse(optional);
  if (!checked.success) {
    for (const issue of checked.error.issues) if (!isMyNumberIssue(issue)) ctx.error(String(issue.path[0]) as SlipItemId, describeIssue(issue));
  }

  // 予診票番号 (optional column): a number whose check character does not verify was mistyped at data entry; it is
  // refused with the file, never matched as if it were another form's.
  const formCell = ctx.cell('formNumber');
  let formNumber: string | undefined;
  let formProblem = false;
  if (formCell !== undefined && formCell !== '') {
    const read = readFormNumber(formCell);
    if (read.ok) formNumber = read.formNumber;
    else {
      formProblem = true;
      ctx.error('formNumber', `the value ${describeFormNumberProblem(read.problem)}`);
    }
  }

  // 予診理由区分 (optional column): a code there makes the slip an examination without vaccination (予診のみ).
  const examinationReason = ctx.word('examinationReason');
  const reasonTooLong = examinationReason !== undefined && examinationReason.length > 10;
  if (reasonTooLong) ctx.error('examinationReason', `the value (${examinationReason.length} characters) is longer than 10`);

  if (
    residentId === undefined || kanaName === undefined || birthDate === undefined || date === undefined ||
    sex === null || vaccine === null || dose === null || !checked.success || formProblem || reasonTooLong
  ) {
    return undefined;
  }
  return {
    line: ctx.line, residentId, kanaName, birthDate, sex, vaccine, dose, date, ...optional, ...(category !== undefined ? { category } : {}),
    ...(formNumber !== undefined ? { formNumber } : {}),
    ...(examinationReason !== undefined && examinationReason !== '' ? { examinationReason } : {}),
  };
}

const toCodeMap = (tables: SlipCodeTables) =>
  new Map(
    Object.entries(tables).map(([item, table]) => [
      normalizeHeaderName(item),
      new Map(Object.entries(table).map(([code, word]) => [normalizeCode(code), word])),
    ]),
  );

/** Reads a clinic slip file. All-or-nothing, like readRegistryFile. */
export function readSlipFile(bytes: Uint8Array, options: SlipReadOptions): SlipReadResult {
  const mapping = withCodes(options.mapping ?? EMPTY_MAPPING, toCodeMap(options.codeTables ?? {}));
  return readTable(bytes, options, CATALOGUE, mapping, (ctx) => parseSlipRow(ctx));
}
