import { parse, type CsvError } from 'csv-parse/sync';
import Papa from 'papaparse';

/**
 * CSV text → records, each with the physical line it starts on (from csv-parse's `info`). Structural errors (stray or unclosed quotes) are
 * collected, not thrown, so that a file is reported in full. csv-parse's own messages quote cell values, so they are
 * never passed on.
 */
export interface CsvRecord {
  readonly line: number; // 1-based physical line where the record starts
  readonly fields: readonly string[];
}

export interface CsvSyntaxError {
  readonly line: number;
  readonly message: string;
}

export type CsvResult =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly records: readonly CsvRecord[]; readonly errors: readonly CsvSyntaxError[] };

const countNewlines = (s: string, end: number) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

function describe(code: string): string {
  switch (code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote appears inside a field that does not start with one (stray quote)';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted field is followed by characters before the next comma (stray quote)';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field that starts on this line is never closed';
    default:
      return 'the line is not valid CSV';
  }
}

/**
 * Calls `visit` for each record as the parser produces it (a million-row file is never held as records), and
 * `onError` for each syntax error (a million broken lines are never held either). Blank lines are skipped; CRLF, LF
 * and CR line endings may be mixed.
 */
export function forEachCsvRecord(text: string, visit: (record: CsvRecord) => void, onError: (error: CsvSyntaxError) => void): void {
  // One line ending for the parsers (csv-parse otherwise fixes on the first one it meets); each CR/CRLF is still one line.
  const normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (normalized.includes('"')) parseQuoted(normalized, visit, onError);
  else parseUnquoted(normalized, visit);
}

/**
 * A file without a double quote anywhere has no quoting to get wrong: each line is one record. Papa Parse reads it
 * at about ten times csv-parse's speed (a registry extract of a million rows is usually such a file).
 */
function parseUnquoted(text: string, visit: (record: CsvRecord) => void): void {
  let line = 0;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: '\n',
    quoteChar: '"',
    step: (result) => {
      line++;
      const record = result.data;
      if (!(record.length === 1 && record[0] === '')) visit({ line, fields: record }); // skip blank lines
    },
  });
}

/** A file with quotes goes through csv-parse, which checks the quoting strictly and reports where it goes wrong. */
function parseQuoted(normalized: string, visit: (record: CsvRecord) => void, onError: (error: CsvSyntaxError) => void): void {
  let reported = 0;
  let lastEnd = 0; // the physical line the previous record (or skipped record) ended on
  // on_record runs during parsing, so lastEnd is current when on_skip reports an error after it.
  withoutStackTraces(() => parse(normalized, {
    info: true, // not raw: copying every record's text costs more than the parse itself
    bom: false,
    relax_column_count: true, // field counts are checked against the header by the reader, for every row
    record_delimiter: '\n',
    skip_records_with_error: true,
    on_record: (wrapped: unknown) => {
      const { record, info } = wrapped as { record: string[]; info: { lines: number } };
      // info.lines is the line the record ends on; step back over the newlines inside its quoted fields (line
      // endings are normalized to \n above, so each one is one physical line).
      let inner = 0;
      for (const field of record) if (field.includes('\n')) inner += countNewlines(field, field.length);
      const line = info.lines - inner;
      lastEnd = info.lines;
      if (!(record.length === 1 && record[0] === '')) visit({ line, fields: record }); // skip blank lines
      return null; // keep nothing in csv-parse's own output
    },
    on_skip: (err: CsvError | undefined) => {
      if (!err) return;
      const at = Number((err as unknown as { lines?: number }).lines ?? lastEnd + 1);
      const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? lastEnd + 1 : at;
      // After a stray quote csv-parse may stay inside a "quoted field" to the end of the file; the first error
      // already explains that, so the echo is not reported.
      if (err.code === 'CSV_QUOTE_NOT_CLOSED' && reported > 0) return;
      reported++;
      onError({ line, message: describe(err.code) });
      lastEnd = at;
    },
  }));
}

/**
 * csv-parse makes an Error for each bad record; their stack traces are never read, and on a file of a million bad
 * lines capturing them doubles the time the report takes.
 */
function withoutStackTraces(work: () => void): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** All records at once (for small files and tests). */
export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  forEachCsvRecord(text, (r) => void records.push(r), (e) => void errors.push(e));
  return errors.length === 0 ? { ok: true, records } : { ok: false, records, errors };
}
