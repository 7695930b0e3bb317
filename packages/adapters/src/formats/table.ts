import { containsMyNumber, normalizeHeaderName, REFUSED_HEADERS } from '@vaxledger/domain';
import { decodeBytes, type DeclaredEncoding, type TextEncodingName } from './decode.ts';
import { forEachCsvRecord, type CsvRecord } from './csv.ts';
import { normalizeCode, type Mapping } from './mapping.ts';
import { sortFileErrors, type FileError, type FileResult } from './file-error.ts';

/**
 * The part registry files and clinic slips share: bytes → text → CSV → a header resolved against an item
 * catalogue (and a mapping) → one parsed row per record, or every error found. Nothing partial leaves here.
 */
export interface Catalogue<Id extends string> {
  readonly byHeader: ReadonlyMap<string, Id>; // normalized header → item
  readonly knownDropped: ReadonlySet<string>; // normalized headers that are known items never kept by this reader
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
}

function resolveHeader<Id extends string>(
  fields: readonly string[],
  line: number,
  file: string,
  catalogue: Catalogue<Id>,
  mapping: Mapping,
): { ok: true; plan: HeaderPlan<Id> } | { ok: false; errors: FileError[] } {
  const errors: FileError[] = [];
  const columnOf = new Map<Id, number>();
  const items: Id[] = [];
  const dropped: string[] = [];
  const unknown: number[] = [];
  const names = fields.map((f) => f.trim());
  fields.forEach((raw, i) => {
    const header = normalizeHeaderName(raw);
    const at = { file, line, column: i + 1 };
    if (header === '') return void errors.push({ ...at, message: 'the column has no header name' });
    if (mapping.ignore.has(header)) return void dropped.push(names[i]!);
    const target = mapping.headers.get(header) ?? header;
    if (REFUSED_HEADERS.has(target)) {
      return void errors.push({ ...at, item: '個人番号', message: 'vaccination affairs do not receive 個人番号 (My Number); remove the column from the export' });
    }
    const id = catalogue.byHeader.get(target);
    if (id === undefined) {
      if (catalogue.knownDropped.has(target)) return void dropped.push(names[i]!);
      return void unknown.push(i);
    }
    if (!catalogue.allowed(id)) return void dropped.push(catalogue.nameOf(id));
    if (columnOf.has(id)) {
      return void errors.push({ ...at, item: catalogue.nameOf(id), message: `the item already has column ${columnOf.get(id)! + 1}; a file may hold it once` });
    }
    columnOf.set(id, i);
    items.push(id);
  });
  const missing = catalogue.required.filter((id) => !columnOf.has(id));
  // Only a row that looks like a header (it names every required item) has its unknown names repeated: a file
  // without a header would otherwise have a person's data echoed as "header names".
  const looksLikeHeader = missing.length === 0;
  for (const i of unknown) {
    errors.push({
      file, line, column: i + 1,
      message: looksLikeHeader
        ? `the header "${names[i]}" is not an item of 別添2, and the mapping neither maps nor ignores it`
        : 'the header is not an item of 別添2, and the mapping neither maps nor ignores it',
    });
  }
  for (const id of missing) {
    errors.push({ file, line, item: catalogue.nameOf(id), message: `the header has no column for ${catalogue.nameOf(id)}, which is required` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plan: { columnOf, items, dropped, names } };
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
  const errors: FileError[] = [];
  const rows: Row[] = [];
  let header: { line: number; width: number; plan: HeaderPlan<Id> } | null | undefined; // null: header refused
  let exempt: boolean[] = [];
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
      errors.push({ file, line, ...(i !== undefined ? { column: i + 1 } : {}), item: catalogue.nameOf(id), message });
    },
  };

  function onHeader(record: CsvRecord) {
    const resolved = resolveHeader(record.fields, record.line, file, catalogue, mapping);
    if (!resolved.ok) {
      errors.push(...resolved.errors);
      header = null;
      return;
    }
    const { plan } = resolved;
    header = { line: record.line, width: record.fields.length, plan };
    // 個人番号 scan over every column, kept or dropped: receiving the number is the harm, not storing it.
    exempt = plan.names.map((n) => mapping.myNumberCheckExempt.has(normalizeHeaderName(n)));
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
      if (!exempt[i] && containsMyNumber(fields[i]!)) {
        const hit = myNumberHits.get(i);
        if (hit) hit.count++;
        else myNumberHits.set(i, { count: 1, firstLine: line });
      }
    }
    if (fields.length !== width) {
      errors.push({ file, line, message: `the line has ${fields.length} fields; the header has ${width}` });
      return;
    }
    rowFailed = false;
    const row = parseRow(ctx);
    // Once the file has an error no row can be returned, so rows stop being kept (memory on a bad big file).
    if (row !== undefined && !rowFailed && errors.length === 0) rows.push(row);
  }

  const syntaxErrors = forEachCsvRecord(decoded.text, (record) => {
    if (header === undefined) onHeader(record);
    else if (header !== null) onRow(record, header.width);
  });
  errors.push(...syntaxErrors.map((e) => ({ file, line: e.line, message: e.message })));
  if (header === undefined) errors.push({ file, line: 1, message: 'the file has no header line' });
  if (!header) return { ok: false, errors: sortFileErrors(errors) };
  const { plan } = header;

  for (const [i, { count, firstLine }] of myNumberHits) {
    errors.push({
      file, line: firstLine, column: i + 1, item: plan.names[i] ?? `column ${i + 1}`,
      message: `the column holds a valid 個人番号 (My Number) on ${count} row(s), the first on this line; vaccination affairs do not receive 個人番号, so the file is refused`,
    });
  }
  if (errors.length > 0) return { ok: false, errors: sortFileErrors(errors) };
  return {
    ok: true,
    rows,
    header: { encoding: decoded.encoding, bom: decoded.bom, line: header.line, columns: header.width, items: plan.items },
    dropped: plan.dropped,
  };
}
