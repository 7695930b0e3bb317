import { RESIDENT_ID_PATTERN, ResidentDetailsSchema, isValidLocalGovernmentCode, localGovernmentCheckDigit, type ResidentDetails } from '@vaxledger/domain';
import {
  AFFAIR_REGISTRY_ITEMS, REGISTRY_ITEM_BY_HEADER, REQUIRED_REGISTRY_ITEMS, describeDateFailure, movementKindOf,
  parseJapaneseDate, parseSex, registryItemName, type Affair, type MovementKind, type RegistryItemId,
} from '@vaxledger/domain';
import type { RegistryRow } from '@vaxledger/application';
import { EMPTY_MAPPING, type Mapping } from './mapping.ts';

export type { RegistryRow };
import { parseCancellation, parseFlag } from './cells.ts';
import { describeIssue, isMyNumberIssue } from './issues.ts';
import { readTable, type Catalogue, type ReadOptions, type RowContext, type TableResult } from './table.ts';


export interface RegistryReadOptions extends ReadOptions {
  readonly mapping?: Mapping;
  readonly affair?: Affair;
}

export type RegistryReadResult = TableResult<RegistryItemId, RegistryRow>;

const catalogueFor = (affair: Affair): Catalogue<RegistryItemId> => ({
  byHeader: REGISTRY_ITEM_BY_HEADER,
  knownDropped: new Set(),
  allowed: (id) => AFFAIR_REGISTRY_ITEMS[affair].has(id),
  required: REQUIRED_REGISTRY_ITEMS,
  nameOf: registryItemName,
});

// Items of ResidentDetails whose cells are kept as text (trimmed); the schema checks their length and form.
const TEXT_DETAILS = [
  'kanaName', 'kanjiName', 'address', 'addressSupplement', 'postalCode', 'wardCode', 'elementarySchoolDistrict',
  'juniorHighSchoolDistrict', 'householdNo', 'relationship', 'householdHeadName', 'nonRegisteredCategory', 'phone',
  'integratedAddresseeNo',
] as const satisfies readonly (RegistryItemId & keyof ResidentDetails)[];
const FLAG_DETAILS = ['foreigner', 'addressDisclosureRestricted', 'mailingExcluded'] as const satisfies readonly (RegistryItemId & keyof ResidentDetails)[];
// Width-normalized: a full-width ９８０－０８０１ is the same postal code.
const NFKC_DETAILS: ReadonlySet<string> = new Set(['postalCode', 'phone']);

function date(ctx: RowContext<RegistryItemId>, id: RegistryItemId): string | undefined {
  const cell = ctx.cell(id);
  if (cell === undefined || cell === '') return undefined;
  const parsed = parseJapaneseDate(cell);
  if (parsed.ok) return parsed.date;
  ctx.error(id, describeDateFailure(parsed.reason));
  return undefined;
}

function text(ctx: RowContext<RegistryItemId>, id: RegistryItemId, max: number): string | undefined {
  const cell = ctx.cell(id);
  if (cell === undefined || cell === '') return undefined;
  if (cell.length > max) ctx.error(id, `the value is longer than ${max} characters`);
  return cell;
}

/**
 * 前住所地の全国地方公共団体コード as the column gives it: 6 digits with their check digit, or the 5 digits of JIS X
 * 0402 without it (the check digit is then added). Width does not matter (０４１００９).
 */
function previousMunicipalityCode(ctx: RowContext<RegistryItemId>): string | undefined {
  const cell = ctx.cell('previousMunicipalityCode')?.normalize('NFKC');
  if (cell === undefined || cell === '') return undefined;
  if (/^\d{5}$/.test(cell)) return `${cell}${localGovernmentCheckDigit(cell)}`;
  if (isValidLocalGovernmentCode(cell)) return cell;
  ctx.error('previousMunicipalityCode', /^\d{6}$/.test(cell) ? 'the check digit does not match (全国地方公共団体コード)' : 'the value is not a 全国地方公共団体コード (5 digits, or 6 with the check digit)');
  return undefined;
}

/**
 * Some 住民記録 systems write 転入前住所 led by the municipality's code (「011002 札幌市中央区…」). Only such a leading
 * code, 6 digits with a valid check digit and set apart by a space, is taken; nothing is guessed from the address text.
 */
export function codeLeadingAddress(address: string | undefined): string | undefined {
  const match = address === undefined ? null : /^(\d{6})(?:\s|$)/.exec(address.normalize('NFKC').trimStart());
  return match !== null && isValidLocalGovernmentCode(match[1]!) ? match[1] : undefined;
}

function parseRegistryRow(ctx: RowContext<RegistryItemId>, seen: Map<string, number>): RegistryRow | undefined {
  const residentId = ctx.cell('residentId') ?? '';
  if (residentId === '') ctx.error('residentId', 'the value is empty');
  else if (!RESIDENT_ID_PATTERN.test(residentId)) {
    ctx.error('residentId', `the value (${residentId.length} characters) is not 1–32 letters, digits, "-" or "_"`);
  } else if (seen.has(residentId)) ctx.error('residentId', `the same 整理番号 is also on line ${seen.get(residentId)}`);
  else seen.set(residentId, ctx.line);

  const details: Record<string, unknown> = {};
  for (const id of TEXT_DETAILS) {
    const cell = ctx.cell(id);
    if (cell !== undefined && cell !== '') details[id] = NFKC_DETAILS.has(id) ? cell.normalize('NFKC') : cell;
  }
  for (const id of FLAG_DETAILS) {
    const cell = ctx.word(id);
    if (cell === undefined) continue;
    const flag = parseFlag(cell);
    if (flag === null) ctx.error(id, 'the value is not a flag (0/1, 有/無); map vendor codes in the mapping file');
    else if (flag !== undefined) details[id] = flag;
  }
  const birthCell = ctx.cell('birthDate');
  if (birthCell === '') ctx.error('birthDate', 'the value is empty');
  const birthDate = date(ctx, 'birthDate');
  if (birthDate !== undefined) details['birthDate'] = birthDate;
  const becameResidentOn = date(ctx, 'becameResidentOn');
  if (becameResidentOn !== undefined) details['becameResidentOn'] = becameResidentOn;
  const sexWord = ctx.word('sex') ?? '';
  const sex = parseSex(sexWord);
  if (sex === null) ctx.error('sex', sexWord === '' ? 'the value is empty' : 'the value is not 1/2 or 男/女; map vendor codes in the mapping file');
  else details['sex'] = sex;

  const checked = ResidentDetailsSchema.safeParse(details);
  if (!checked.success) {
    // Items already reported (an unreadable date or sex) show up again here as missing; report each item once.
    const reported = new Set(['birthDate', 'sex']);
    for (const issue of checked.error.issues) {
      const id = String(issue.path[0]) as RegistryItemId;
      if (details[id] === undefined && reported.has(id)) continue;
      if (isMyNumberIssue(issue)) continue;
      ctx.error(id, details[id] === undefined ? 'the value is empty' : describeIssue(issue));
    }
  }

  const movementWord = ctx.word('movement');
  let movement: MovementKind | undefined;
  if (movementWord !== undefined && movementWord !== '') {
    const kind = movementKindOf(movementWord);
    if (kind === null) ctx.error('movement', 'the value is not a known 最新異動区分 word; map vendor codes in the mapping file');
    else movement = kind;
  }
  const cancellationWord = ctx.word('cancellation') ?? '';
  const cancelled = parseCancellation(cancellationWord);
  if (cancelled === null) ctx.error('cancellation', 'the value is not a known 取消区分; map vendor codes in the mapping file');

  const municipalityCode = text(ctx, 'municipalityCode', 10);
  const movedOn = date(ctx, 'movementOn');
  const leftOn = date(ctx, 'ceasedResidentOn');
  const previousAddress = text(ctx, 'previousAddress', 300);
  const destinationAddress = text(ctx, 'destinationAddress', 300);
  const fromMunicipality = previousMunicipalityCode(ctx) ?? codeLeadingAddress(previousAddress);
  if (!checked.success) return undefined;
  return {
    line: ctx.line,
    residentId,
    details: checked.data,
    ...(municipalityCode !== undefined ? { municipalityCode } : {}),
    ...(movement !== undefined ? { movement, movementWord: movementWord! } : {}),
    ...(movedOn !== undefined ? { movedOn } : {}),
    ...(leftOn !== undefined ? { leftOn } : {}),
    ...(previousAddress !== undefined ? { previousAddress } : {}),
    ...(destinationAddress !== undefined ? { destinationAddress } : {}),
    ...(fromMunicipality !== undefined ? { previousMunicipalityCode: fromMunicipality } : {}),
    cancelled: cancelled === true,
  };
}

/**
 * Reads a resident registry file. All-or-nothing: either every row, or every error found (with file, line, column
 * and item, never a value).
 */
export function readRegistryFile(bytes: Uint8Array, options: RegistryReadOptions): RegistryReadResult {
  const seen = new Map<string, number>();
  return readTable(bytes, options, catalogueFor(options.affair ?? 'vaccination'), options.mapping ?? EMPTY_MAPPING, (ctx) =>
    parseRegistryRow(ctx, seen),
  );
}
