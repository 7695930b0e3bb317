// The printing contractor's files (委託先との受け渡し): the print file the city sends, the return file it gets back.
// Layouts in docs/print-files.md.
import { normalizeHeaderName } from '../registry/items.ts';
import { doseName, vaccineName } from '../japanese/names.ts';
import { FORM_SERIAL_DIGITS } from './form-number.ts';

/**
 * The print file's header, exactly: what printing and mailing a form needs and nothing more (no 整理番号, no birth
 * date, no sex, no kana). The contractor prints the number and its check character apart (the form's barcode field
 * and the box beside it).
 */
export const PRINT_FILE_COLUMNS = ['予診票番号', 'チェック文字', '郵便番号', '住所', '氏名', '接種名称', '期回数', '接種期間開始', '接種期間終了'] as const;

/** The same items by the provision catalogue's ids: what the provision record says the contractor received. */
export const PRINT_FILE_ITEMS = ['formNumber', 'postalCode', 'address', 'kanjiName', 'vaccine', 'dose', 'window'] as const;

/** One form to print: a person's name and address, the form's number, the vaccine and dose and its window. */
export interface PrintFileEntry {
  readonly formNumber: string;
  readonly postalCode: string | null;
  readonly address: string;
  readonly addressSupplement: string | null;
  readonly kanjiName: string;
  readonly vaccine: string;
  readonly dose: number;
  readonly window: { readonly from: string; readonly to: string } | null;
}

/** A window with no end (the schedule's far future) is printed without one. */
const OPEN_END = '9999-12-31';

/** The print file's cells for one form, in PRINT_FILE_COLUMNS order. */
export function printFileRow(e: PrintFileEntry): string[] {
  return [
    e.formNumber.slice(0, FORM_SERIAL_DIGITS),
    e.formNumber.slice(FORM_SERIAL_DIGITS),
    e.postalCode ?? '',
    e.addressSupplement ? `${e.address}　${e.addressSupplement}` : e.address,
    e.kanjiName,
    vaccineName(e.vaccine),
    doseName(e.vaccine, e.dose),
    e.window?.from ?? '',
    e.window && e.window.to !== OPEN_END ? e.window.to : '',
  ];
}

/**
 * The contractor's return file (印刷・発送結果): per form, 発送日 and, for mail that came back, 不達 with its reason and
 * date (and optionally 印刷日). A form named by the whole 予診票番号, or by the print file's 予診票番号 and チェック文字.
 */
export const PRINT_RETURN_ITEMS = [
  { name: '予診票番号', id: 'formNumber' },
  { name: 'チェック文字', id: 'checkCharacter' },
  { name: '印刷日', id: 'printedOn' },
  { name: '発送日', id: 'mailedOn' },
  { name: '不達', id: 'returned' },
  { name: '不達理由', id: 'returnReason' },
  { name: '不達日', id: 'returnedOn' },
] as const;
export type PrintReturnItemId = (typeof PRINT_RETURN_ITEMS)[number]['id'];
export const REQUIRED_PRINT_RETURN_ITEMS: readonly PrintReturnItemId[] = ['formNumber', 'mailedOn'];
export const PRINT_RETURN_ITEM_BY_HEADER: ReadonlyMap<string, PrintReturnItemId> = new Map(PRINT_RETURN_ITEMS.map((i) => [normalizeHeaderName(i.name), i.id]));
export function printReturnItemName(id: PrintReturnItemId): string {
  return PRINT_RETURN_ITEMS.find((i) => i.id === id)!.name;
}

/** 不達 as the contractor writes it: 1, ○, 有 or 不達 for mail that came back; 0, empty or 無 for mail that did not. */
export function readReturnedFlag(cell: string): boolean | null {
  const c = cell.normalize('NFKC').trim();
  if (c === '' || c === '0' || c === '無' || c === '-') return false;
  if (c === '1' || c === '○' || c === '〇' || c === '有' || c === '不達') return true;
  return null;
}
