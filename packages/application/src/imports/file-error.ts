import { escapeControlCharacters } from '@vaxledger/domain';

/**
 * An error in an input file. `line` is the 1-based physical line in the file (0 when the error concerns the whole
 * file, e.g. a mapping file's schema); `column` is the 1-based column; `item` the 別添2 item name. Messages never
 * carry a cell's value: at most "the value" and its length or shape.
 */
export interface FileError {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly item?: string;
  readonly message: string;
}

/**
 * A refused file: the first errors in file order, and how many more there were (`more`, absent when none). A file
 * of a million broken lines is reported in bounded memory: its errors are counted, not all kept.
 */
export type FileResult<T> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly errors: readonly FileError[]; readonly more?: number };

/** How many errors a report names; the rest are counted. An operator fixes the first ones and runs again. */
export const FILE_ERRORS_KEPT = 200;

const byPlace = (a: FileError, b: FileError) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0);

/** Orders errors as they appear in the file, so an operator can walk down it. */
export function sortFileErrors(errors: readonly FileError[]): FileError[] {
  return [...errors].sort(byPlace);
}

/**
 * Collects a file's errors keeping only the first `kept` in file order (whatever order they are found in: header,
 * rows, syntax, 個人番号 scan) and counting all of them. Memory stays bounded however many errors a file has.
 */
export class FileErrorSink {
  private list: FileError[] = [];
  private total = 0;
  constructor(private readonly kept = FILE_ERRORS_KEPT) {}

  add(error: FileError): void {
    this.total++;
    this.list.push(error);
    // Trim now and then rather than on every add: amortized O(log kept) an error.
    if (this.list.length >= 2 * this.kept) this.trim();
  }

  get count(): number {
    return this.total;
  }

  /** The first errors in file order, and the count of the others. */
  report(): { errors: FileError[]; more?: number } {
    this.trim();
    const more = this.total - this.list.length;
    return more > 0 ? { errors: this.list, more } : { errors: this.list };
  }

  private trim(): void {
    this.list.sort(byPlace);
    if (this.list.length > this.kept) this.list.length = this.kept;
  }
}

/** One line per error, `file:line:column: item: message`, for CLI output; `more` errors not listed are counted at the end. */
export function formatFileErrors(errors: readonly FileError[], options: { limit?: number; more?: number } = {}): string {
  const limit = options.limit ?? Infinity;
  const lines = errors.slice(0, limit).map((e) => {
    // The file name is what the operator typed: a line break in it must not start a line of its own.
    const where = [escapeControlCharacters(e.file), e.line > 0 ? String(e.line) : null, e.line > 0 && e.column !== undefined ? String(e.column) : null]
      .filter((p) => p !== null)
      .join(':');
    return `${where}: ${e.item !== undefined ? `${e.item}: ` : ''}${e.message}`;
  });
  const rest = Math.max(0, errors.length - limit) + (options.more ?? 0);
  if (rest > 0) lines.push(`… and ${rest} more errors`);
  return lines.join('\n');
}
