import { DomainError, escapeControlCharacters } from '@vaxledger/domain';
import { FILE_ERRORS_KEPT, formatFileErrors, type FileError } from '../imports/file-error.ts';

/**
 * A file that did not validate: nothing was imported. Carries the first bad rows (line, item, what is wrong) and the
 * count of the others (`more`), so that a file of a million bad lines is reported in a few hundred lines.
 */
export class ImportRejectedError extends DomainError {
  readonly count: number;
  constructor(readonly file: string, readonly errors: readonly FileError[], readonly more = 0) {
    const count = errors.length + more;
    super('import-rejected', `${escapeControlCharacters(file)}: ${count} error${count === 1 ? '' : 's'}, nothing imported\n${formatFileErrors(errors, { limit: FILE_ERRORS_KEPT, more })}`);
    this.count = count;
    this.name = 'ImportRejectedError';
  }
}

export interface ImportSummary {
  /** The batch id (UUIDv5 of the tenant, the kind and the file's SHA-256). */
  readonly batch: string;
  readonly rows: number;
  /** Domain events appended for the file's rows (the batch's own record not counted); 0 for a re-import. */
  readonly events: number;
  /** Slips put in the suspense queue (疑義). */
  readonly held: number;
  /** Rows that changed nothing (already as the file says), or all rows of a file imported before. */
  readonly skipped: number;
  readonly alreadyImported: boolean;
  /** 別添2 items the file carried but the affair does not keep: dropped at the boundary. */
  readonly droppedItems: readonly string[];
}

export type ImportProgress = (phase: 'reading' | 'matching' | 'appending' | 'projecting', done: number, total: number) => void;
