import { readFileSync } from 'node:fs';
import { DomainError, INTEGRATED_ADDRESSEE_NO_PATTERN, myNumberOf, normalizeHeaderName, RESIDENT_ID_PATTERN } from '@vaxledger/domain';
import type { MyNumberResolver, ResolvedPerson } from '@vaxledger/application';
import { decodeBytes } from './decode.ts';
import { forEachCsvRecord } from './csv.ts';

/** The headers of a resolver file: the 個人番号, and the person it names here by 整理番号 or by 統合宛名番号. */
const NUMBER_HEADER = normalizeHeaderName('個人番号');
const PERSON_HEADERS: ReadonlyMap<string, 'residentId' | 'integratedAddresseeNo'> = new Map([
  [normalizeHeaderName('整理番号'), 'residentId'],
  [normalizeHeaderName('統合宛名番号'), 'integratedAddresseeNo'],
]);
const PATTERNS = { residentId: RESIDENT_ID_PATTERN, integratedAddresseeNo: INTEGRATED_ADDRESSEE_NO_PATTERN } as const;
const PERSON_WORDS = { residentId: '整理番号', integratedAddresseeNo: '統合宛名番号' } as const;
/** Errors listed in one refusal, at most: the rest are counted. */
const ERRORS_SHOWN = 10;

/**
 * Reads a resolver file whole and answers for one number: the person it names, or null. Every row is checked, so
 * that a damaged file is refused whichever row the number is on. Messages name the file, the line and the column,
 * never a cell (a cell holds a 個人番号, or what may be one).
 */
function lookUp(file: string, wanted: string): ResolvedPerson | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new DomainError('resolver-file-unreadable', `${file}: the resolver file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const decoded = decodeBytes(bytes, 'auto');
  if (!decoded.ok) throw new DomainError('resolver-file-invalid', `${file}: line ${decoded.line}: ${decoded.message}`);
  const errors: string[] = [];
  let errorCount = 0;
  const error = (line: number, message: string) => {
    errorCount++;
    if (errors.length < ERRORS_SHOWN) errors.push(`line ${line}: ${message}`);
  };
  let layout: { numberAt: number; personAt: number; kind: 'residentId' | 'integratedAddresseeNo' } | null = null;
  let headerSeen = false;
  // Number → the person and the line, for the duplicate check: held only while this call reads the file.
  const seen = new Map<string, { person: string; line: number }>();
  let found: ResolvedPerson | null = null;
  forEachCsvRecord(decoded.text, ({ line, fields }) => {
    if (!headerSeen) {
      headerSeen = true;
      const names = fields.map(normalizeHeaderName);
      const numberAt = names.indexOf(NUMBER_HEADER);
      const personAt = names.findIndex((n) => PERSON_HEADERS.has(n));
      if (names.length !== 2 || numberAt < 0 || personAt < 0) {
        error(line, 'the header must be 個人番号,整理番号 (or 個人番号,統合宛名番号)');
        return;
      }
      layout = { numberAt, personAt, kind: PERSON_HEADERS.get(names[personAt]!)! };
      return;
    }
    if (layout === null) return;
    if (fields.length !== 2) {
      error(line, `${fields.length} fields where the header has 2`);
      return;
    }
    const number = myNumberOf(fields[layout.numberAt]!);
    const person = fields[layout.personAt]!.trim();
    if (number === null) error(line, '個人番号: not a 個人番号 (12 digits, the last a check digit)');
    if (!PATTERNS[layout.kind].test(person)) error(line, `${PERSON_WORDS[layout.kind]}: not a valid ${PERSON_WORDS[layout.kind]}`);
    if (number === null) return;
    const before = seen.get(number);
    if (before !== undefined && before.person !== person) error(line, `個人番号: the same number as line ${before.line}, for another person`);
    if (before === undefined) seen.set(number, { person, line });
    if (number === wanted && found === null) found = layout.kind === 'residentId' ? { residentId: person } : { integratedAddresseeNo: person };
  }, (syntax) => error(syntax.line, syntax.message));
  if (!headerSeen) error(1, 'the file is empty: the header 個人番号,整理番号 is missing');
  if (errorCount > 0) {
    const more = errorCount > errors.length ? `; and ${errorCount - errors.length} more` : '';
    throw new DomainError('resolver-file-invalid', `${file}: ${errors.join('; ')}${more}`);
  }
  return found;
}

/**
 * The default MyNumberResolver: the 団体内統合宛名システム's export, a CSV with the header `個人番号,整理番号` (or
 * `個人番号,統合宛名番号`), UTF-8 or CP932 (detected), LF or CRLF. The file is read at each question and never copied:
 * nothing of it is kept between calls, in memory or on disk.
 */
export function csvMyNumberResolver(file: string): MyNumberResolver {
  return { resolve: async (myNumber) => lookUp(file, myNumber) };
}
