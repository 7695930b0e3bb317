import {
  containsMyNumber, controlCharacterMessage, escapeControlCharacters, findControlCharacter, MY_NUMBER_REFUSED, normalizeHeaderName, REFUSED_HEADERS,
} from '@vaxledger/domain';
import { decodeBytes, type DeclaredEncoding, type TextEncodingName } from './decode.ts';
import { forEachCsvRecord, type CsvRecord } from './csv.ts';
import { normalizeCode, type Mapping } from './mapping.ts';
import { ID_FORMATS } from './id-formats.ts';
import { FileErrorSink, type FileResult } from '@vaxledger/application';

/**
 * The part registry files and clinic slips share: bytes → text → CSV → a header resolved against an item
 * catalogue (and a mapping) → one parsed row per record, or every error found. Nothing partial leaves here.
 */
export interface Catalogue<Id extends string> {
  readonly byHeader: ReadonlyMap<string, Id>; // normalized header → item
  readonly knownDropped: ReadonlySet<string>; // normalized headers that are known items never kept by this reader
  readonly unread?: ReadonlySet<string>; // normalized headers the format defines and the affair never keeps: not read at all
  readonly allowed: (id: Id) => boolean; // the affair's allow-list
  readonly required: readonly Id[];
  readonly nameOf: (id: Id) => string; // the 別添2 name, for messages
}

/** What a row parser sees: trimmed cells by item, the mapping's code translation, and an error sink. */
export interface RowContext<Id extends string> {
  readonly line: number;
  /** The trimmed cell, '' when empty, undefined when the file has no column for the item. */
  cell(id: Id): string | undefined;
  /** The cell translated through the mapping's code table for the item (unchanged when no code matches). */
  word(id: Id): string | undefined;
  error(id: Id, message: string): void;
}

export interface TableHeader<Id extends string> {
  readonly encoding: TextEncodingName;
  readonly bom: boolean;
  readonly line: number; // the header's line
  readonly columns: number;
  readonly items: readonly Id[]; // kept items, in column order
}

export interface ReadOptions {
  readonly fileName: string;
  readonly encoding?: DeclaredEncoding;
}

export type TableResult<Id extends string, Row> = FileResult<{
  readonly rows: Row[];
  readonly header: TableHeader<Id>;
  readonly dropped: string[];
}>;

interface HeaderPlan<Id extends string> {
  readonly columnOf: ReadonlyMap<Id, number>;
  readonly items: Id[];
  readonly dropped: string[];
  readonly names: string[]; // header text per column, used for 個人番号 errors only
  readonly checks: ColumnCheck[]; // per column: how it is checked for a 個人番号
}

/**
 * How a column is checked: scanned for a 個人番号 (every column, kept or dropped, by default); validated by its id
 * format (a dropped column of a known or declared format); left to the row parser's own format check (a kept id); or,
 * for a column the format defines and the affair never keeps, not read at all.
 */
type ColumnCheck = { readonly kind: 'scan' } | { readonly kind: 'unread' } | { readonly kind: 'kept-id' } | { readonly kind: 'format'; readonly name: string; readonly pattern: RegExp };
const SCAN: ColumnCheck = { kind: 'scan' };

function formatCheck(name: string | undefined): ColumnCheck | undefined {
  const pattern = name === undefined ? undefined : ID_FORMATS.get(name);
  return pattern && name !== undefined ? { kind: 'format', name, pattern } : undefined;
}

function resolveHeader<Id extends string>(
  fields: readonly string[],
  line: number,
  file: string,
  catalogue: Catalogue<Id>,
  mapping: Mapping,
  errors: FileErrorSink,
): HeaderPlan<Id> | undefined {
  const before = errors.count;
  const columnOf = new Map<Id, number>();
  const items: Id[] = [];
  const dropped: string[] = [];
  const unknown: number[] = [];
  const names = fields.map((f) => f.trim());
  const checks: ColumnCheck[] = fields.map(() => SCAN);
  fields.forEach((raw, i) => {
    const header = normalizeHeaderName(raw);
    const at = { file, line, column: i + 1 };
    if (header === '') return void errors.add({ ...at, message: 'the column has no header name' });
    // A header is text from the file like any cell; it is never echoed or kept when it holds a 個人番号.
    if (containsMyNumber(raw)) return void errors.add({ ...at, message: `the header ${MY_NUMBER_REFUSED}` });
    const target = mapping.headers.get(header) ?? header;
    const declared = mapping.formats.get(header);
    // A dropped column is checked by its declared or known id format, else scanned; one never kept is not read.
    const droppedCheck = () => (catalogue.unread?.has(target) && declared === undefined ? { kind: 'unread' as const } : formatCheck(declared ?? target) ?? SCAN);
    if (mapping.ignore.has(header)) {
      checks[i] = droppedCheck();
      return void dropped.push(names[i]!);
    }
    if (REFUSED_HEADERS.has(target)) {
      return void errors.add({ ...at, item: '個人番号', message: 'vaccination affairs do not receive 個人番号 (My Number); remove the column from the export' });
    }
    const id = catalogue.byHeader.get(target);
    if (id === undefined) {
      if (catalogue.knownDropped.has(target)) {
        checks[i] = droppedCheck();
        return void dropped.push(names[i]!);
      }
      return void unknown.push(i);
    }
    const itemName = normalizeHeaderName(catalogue.nameOf(id));
    if (!catalogue.allowed(id)) {
      checks[i] = formatCheck(declared ?? itemName) ?? SCAN;
      return void dropped.push(catalogue.nameOf(id));
    }
    // A kept id (整理番号, 接種券番号, 統合宛名番号) is validated by its format where the row is parsed; any other kept
    // item is scanned, and a mapping cannot make it an id by declaring a format.
    if (ID_FORMATS.has(itemName)) checks[i] = { kind: 'kept-id' };
    else if (declared !== undefined) {
      errors.add({ ...at, item: catalogue.nameOf(id), message: `the mapping declares the column's format as ${declared}, but it holds ${catalogue.nameOf(id)}, which is not of that format` });
    }
    if (columnOf.has(id)) {
      return void errors.add({ ...at, item: catalogue.nameOf(id), message: `the item already has column ${columnOf.get(id)! + 1}; a file may hold it once` });
    }
    columnOf.set(id, i);
    items.push(id);
  });
  const missing = catalogue.required.filter((id) => !columnOf.has(id));
  // Only a row that looks like a header (it names every required item) has its unknown names repeated: a file
  // without a header would otherwise have a person's data echoed as "header names".
  const looksLikeHeader = missing.length === 0;
  for (const i of unknown) {
    errors.add({
      file, line, column: i + 1,
      message: looksLikeHeader
        ? `the header "${escapeControlCharacters(names[i]!.slice(0, 60))}" is not an item of 別添2, and the mapping neither maps nor ignores it`
        : 'the header is not an item of 別添2, and the mapping neither maps nor ignores it',
    });
  }
  for (const id of missing) {
    errors.add({ file, line, item: catalogue.nameOf(id), message: `the header has no column for ${catalogue.nameOf(id)}, which is required` });
  }
  return errors.count > before ? undefined : { columnOf, items, dropped, names, checks };
}

/** Reads a whole file. `parseRow` returns the row, or undefined after reporting its errors through the context. */
export function readTable<Id extends string, Row>(
  bytes: Uint8Array,
  options: ReadOptions,
  catalogue: Catalogue<Id>,
  mapping: Mapping,
  parseRow: (ctx: RowContext<Id>) => Row | undefined,
): TableResult<Id, Row> {
  const file = options.fileName;
  const decoded = decodeBytes(bytes, options.encoding ?? 'auto');
  if (!decoded.ok) return { ok: false, errors: [{ file, line: decoded.line, message: decoded.message }] };
  // Bounded: a file of a million bad lines or columns is reported by its first errors and a count of the rest.
  const errors = new FileErrorSink();
  const rows: Row[] = [];
  let header: { line: number; width: number; plan: HeaderPlan<Id> } | null | undefined; // null: header refused
  let checks: ColumnCheck[] = [];
  const formatHits = new Map<number, { count: number; firstLine: number; name: string }>();
  const myNumberHits = new Map<number, { count: number; firstLine: number }>();
  const codeTables = new Map<Id, ReadonlyMap<string, string>>();

  let fields: readonly string[] = [];
  let line = 0;
  let rowFailed = false;
  const ctx: RowContext<Id> = {
    get line() {
      return line;
    },
    cell(id) {
      const i = header!.plan.columnOf.get(id);
      return i === undefined ? undefined : fields[i]!.trim();
    },
    word(id) {
      const c = ctx.cell(id);
      if (c === undefined || c === '') return c;
      return codeTables.get(id)?.get(normalizeCode(c)) ?? c;
    },
    error(id, message) {
      rowFailed = true;
      const i = header!.plan.columnOf.get(id);
      errors.add({ file, line, ...(i !== undefined ? { column: i + 1 } : {}), item: catalogue.nameOf(id), message });
    },
  };

  function onHeader(record: CsvRecord) {
    const plan = resolveHeader(record.fields, record.line, file, catalogue, mapping, errors);
    if (plan === undefined) {
      header = null;
      return;
    }
    header = { line: record.line, width: record.fields.length, plan };
    // 個人番号 scan over every column, kept or dropped: receiving the number is the harm, not storing it.
    checks = plan.checks;
    for (const [id, i] of plan.columnOf) {
      // By the item the column holds as the file names it (ワクチン名区分), else by the catalogue's name (製品).
      const name = normalizeHeaderName(plan.names[i]!);
      const target = mapping.headers.get(name) ?? name;
      const table = mapping.codes.get(target) ?? mapping.codes.get(normalizeHeaderName(catalogue.nameOf(id)));
      if (table) codeTables.set(id, table);
    }
  }

  function onRow(record: CsvRecord, width: number) {
    line = record.line;
    fields = record.fields;
    for (let i = 0; i < fields.length; i++) {
      const check = checks[i] ?? SCAN; // a surplus field of a ragged line is scanned too
      if (check.kind === 'scan' && containsMyNumber(fields[i]!)) {
        const hit = myNumberHits.get(i);
        if (hit) hit.count++;
        else myNumberHits.set(i, { count: 1, firstLine: line });
      } else if (check.kind === 'format') {
        const value = fields[i]!.trim();
        if (value !== '' && !check.pattern.test(value)) {
          const hit = formatHits.get(i);
          if (hit) hit.count++;
          else formatHits.set(i, { count: 1, firstLine: line, name: check.name });
        }
      }
    }
    if (fields.length !== width) {
      errors.add({ file, line, message: `the line has ${fields.length} fields; the header has ${width}` });
      return;
    }
    rowFailed = false;
    // Kept text never holds a control character: a terminal showing it later would act on it.
    for (const [id, i] of header!.plan.columnOf) {
      const found = findControlCharacter(fields[i]!);
      if (found) ctx.error(id, controlCharacterMessage(found));
    }
    const row = parseRow(ctx);
    // Once the file has an error no row can be returned, so rows stop being kept (memory on a bad big file).
    if (row !== undefined && !rowFailed && errors.count === 0) rows.push(row);
  }

  forEachCsvRecord(
    decoded.text,
    (record) => {
      if (header === undefined) onHeader(record);
      else if (header !== null) onRow(record, header.width);
    },
    (e) => errors.add({ file, line: e.line, message: e.message }),
  );
  if (header === undefined) errors.add({ file, line: 1, message: 'the file has no header line' });
  if (!header) return { ok: false, ...errors.report() };
  const { plan } = header;

  for (const [i, { count, firstLine }] of myNumberHits) {
    errors.add({
      file, line: firstLine, column: i + 1, item: plan.names[i] ?? `column ${i + 1}`,
      message: `the column holds a valid 個人番号 (My Number) on ${count} row(s), the first on this line; vaccination affairs do not receive 個人番号, so the file is refused`,
    });
  }
  for (const [i, { count, firstLine, name }] of formatHits) {
    errors.add({
      file, line: firstLine, column: i + 1, item: plan.names[i] ?? `column ${i + 1}`,
      message: `the column is of the ${name} format, but ${count} value(s) are not, the first on this line`,
    });
  }
  if (errors.count > 0) return { ok: false, ...errors.report() };
  return {
    ok: true,
    rows,
    header: { encoding: decoded.encoding, bom: decoded.bom, line: header.line, columns: header.width, items: plan.items },
    dropped: plan.dropped,
  };
}
