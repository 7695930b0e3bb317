import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
  REGISTRY_ITEM_BY_HEADER, SLIP_ITEM_BY_HEADER, SLIP_DROPPED_HEADERS, VRS_ITEM_BY_HEADER, VRS_DROPPED_HEADERS, REFUSED_HEADERS, normalizeHeaderName,
  movementKindOf, parseSex, vaccineOfName, parseDoseOrdinal, categoryOfCode,
} from '@vaxledger/domain';
import type { FileError, Mapping } from '@vaxledger/application';
import { ID_FORMAT_NAMES } from './id-formats.ts';

/**
 * A mapping file adapts a vendor's export layout to 別添2 without code changes:
 *   headers  — the file's header → the 別添2 item it holds
 *   ignore   — headers to drop (they are still checked: scanned for 個人番号, or validated by their declared format)
 *   codes    — per item, the vendor's code → the word the reader understands (転入, 男, 五種混合, 1, 定期, 取消…)
 *   formats  — header → the id format its column holds (整理番号, 接種券番号, 統合宛名番号): validated by that format
 *              instead of scanned. No column is ever exempt from every check.
 * Header names and item names compare like header cells (width, spaces and Latin case do not matter).
 */
const MappingFileSchema = z
  .object({
    version: z.literal(1),
    headers: z.record(z.string().min(1), z.string().min(1)).default({}),
    ignore: z.array(z.string().min(1)).default([]),
    codes: z.record(z.string().min(1), z.record(z.string(), z.string())).default({}),
    formats: z.record(z.string().min(1), z.enum(ID_FORMAT_NAMES)).default({}),
  })
  .strict();
export type MappingFile = z.input<typeof MappingFileSchema>;

export type { Mapping };

export const EMPTY_MAPPING: Mapping = { headers: new Map(), ignore: new Set(), codes: new Map(), formats: new Map() };

const isKnownItem = (n: string) =>
  REGISTRY_ITEM_BY_HEADER.has(n) || SLIP_ITEM_BY_HEADER.has(n) || SLIP_DROPPED_HEADERS.has(n) || VRS_ITEM_BY_HEADER.has(n) || VRS_DROPPED_HEADERS.has(n);

/** The items whose codes a mapping may translate, with the check that the word is one the reader understands. */
const CODE_TARGETS: ReadonlyMap<string, (word: string) => boolean> = new Map([
  [normalizeHeaderName('最新異動区分'), (w: string) => movementKindOf(w) !== null],
  [normalizeHeaderName('性別'), (w: string) => parseSex(w) !== null],
  [normalizeHeaderName('取消区分'), () => true],
  [normalizeHeaderName('外国人フラグ'), () => true],
  [normalizeHeaderName('住基閲覧注意'), () => true],
  [normalizeHeaderName('送付除外論理和'), () => true],
  [normalizeHeaderName('接種名称区分'), (w: string) => vaccineOfName(w) !== null],
  [normalizeHeaderName('期回数区分'), (w: string) => parseDoseOrdinal(w) !== null],
  [normalizeHeaderName('接種区分'), (w: string) => categoryOfCode(w) !== null],
  [normalizeHeaderName('ワクチンメーカー区分'), () => true],
  [normalizeHeaderName('製品'), () => true],
  [normalizeHeaderName('ワクチン名区分'), () => true],
]);

/** The code key as cells are compared: NFKC and trimmed (a vendor's ０１ and 01 are one code). */
export const normalizeCode = (code: string) => code.normalize('NFKC').trim();

export type MappingResult = { readonly ok: true; readonly mapping: Mapping } | { readonly ok: false; readonly errors: readonly FileError[] };

/** Validates a parsed mapping document (e.g. from JSON). */
export function parseMapping(input: unknown, fileName = 'mapping'): MappingResult {
  const fail = (message: string, item?: string): FileError => ({ file: fileName, line: 0, message, ...(item ? { item } : {}) });
  if (typeof input === 'object' && input !== null && 'myNumberCheckExempt' in input) {
    return { ok: false, errors: [fail('myNumberCheckExempt is not accepted: no column is exempt from the 個人番号 check; declare the id format of a column under "formats" (整理番号, 接種券番号, 統合宛名番号)')] };
  }
  const parsed = MappingFileSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => fail(`${i.path.join('.') || 'document'}: ${i.message}`)) };
  }
  const doc = parsed.data;
  const errors: FileError[] = [];
  const headers = new Map<string, string>();
  for (const [header, target] of Object.entries(doc.headers)) {
    const t = normalizeHeaderName(target);
    if (!isKnownItem(t) && !REFUSED_HEADERS.has(t)) errors.push(fail(`headers: "${header}" maps to "${target}", which is not an item of 別添2`));
    else if (REFUSED_HEADERS.has(t)) errors.push(fail(`headers: "${header}" maps to 個人番号, which this affair does not receive`));
    headers.set(normalizeHeaderName(header), t);
  }
  const ignore = new Set(doc.ignore.map(normalizeHeaderName));
  for (const h of ignore) if (headers.has(h)) errors.push(fail(`"${h}" is both mapped and ignored`));
  const codes = new Map<string, Map<string, string>>();
  for (const [itemName, table] of Object.entries(doc.codes)) {
    const n = normalizeHeaderName(itemName);
    const check = CODE_TARGETS.get(n);
    if (!check) {
      errors.push(fail(`codes: "${itemName}" is not an item whose codes can be mapped (${[...CODE_TARGETS.keys()].join(', ')})`));
      continue;
    }
    const entries = new Map<string, string>();
    for (const [code, word] of Object.entries(table)) {
      if (!check(word)) errors.push(fail(`codes: code "${code}" maps to "${word}", which the reader does not understand for this item`, itemName));
      entries.set(normalizeCode(code), word);
    }
    codes.set(n, entries);
  }
  const formats = new Map(Object.entries(doc.formats).map(([h, f]) => [normalizeHeaderName(h), normalizeHeaderName(f)]));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, mapping: { headers, ignore, codes, formats } };
}

/** Parses mapping JSON text; a syntax error names the line. */
export function parseMappingJson(text: string, fileName = 'mapping'): MappingResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const pos = /position (\d+)/.exec(String((e as Error).message));
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : 0;
    return { ok: false, errors: [{ file: fileName, line, message: 'the mapping file is not valid JSON' }] };
  }
  return parseMapping(doc, fileName);
}

/** Reads and validates a mapping file (UTF-8 JSON). */
export async function loadMappingFile(path: string): Promise<MappingResult> {
  return parseMappingJson(await readFile(path, 'utf8'), path);
}

/** Merges code tables; later ones win per code. */
export function withCodes(mapping: Mapping, extra: ReadonlyMap<string, ReadonlyMap<string, string>>): Mapping {
  const codes = new Map<string, ReadonlyMap<string, string>>(mapping.codes);
  for (const [item, table] of extra) codes.set(item, new Map([...(codes.get(item) ?? []), ...table]));
  return { ...mapping, codes };
}
