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

export type FileResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly errors: readonly FileError[] };

/** Orders errors as they appear in the file, so an operator can walk down it. */
export function sortFileErrors(errors: readonly FileError[]): FileError[] {
  return [...errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/** One line per error, `file:line:column: item: message`, for CLI output. */
export function formatFileErrors(errors: readonly FileError[], options: { limit?: number } = {}): string {
  const limit = options.limit ?? Infinity;
  const lines = errors.slice(0, limit).map((e) => {
    const where = [e.file, e.line > 0 ? String(e.line) : null, e.line > 0 && e.column !== undefined ? String(e.column) : null]
      .filter((p) => p !== null)
      .join(':');
    return `${where}: ${e.item !== undefined ? `${e.item}: ` : ''}${e.message}`;
  });
  if (errors.length > limit) lines.push(`… and ${errors.length - limit} more errors`);
  return lines.join('\n');
}
