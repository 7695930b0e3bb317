import { normalizeHeaderName } from '../registry/items.ts';

/**
 * A file of 風しん抗体検査 results (別添2 #64–68), one test a row, as a laboratory or the data-entry contractor sends them
 * like clinic slips: the person by 整理番号, and the test's items. See docs/import-formats.md.
 */
export const ANTIBODY_ITEMS = [
  { name: '整理番号', id: 'residentId' },
  { name: '検査日', id: 'date' },
  { name: '検査方法', id: 'method' },
  { name: '抗体価', id: 'titer' },
  { name: '単位', id: 'unit' },
  { name: '判定結果', id: 'result' },
  { name: '検査番号', id: 'testNumber' },
] as const;
export type AntibodyItemId = (typeof ANTIBODY_ITEMS)[number]['id'];
export const REQUIRED_ANTIBODY_ITEMS: readonly AntibodyItemId[] = ANTIBODY_ITEMS.map((i) => i.id);
export const ANTIBODY_ITEM_BY_HEADER: ReadonlyMap<string, AntibodyItemId> = new Map(ANTIBODY_ITEMS.map((i) => [normalizeHeaderName(i.name), i.id]));
export function antibodyItemName(id: AntibodyItemId): string {
  return ANTIBODY_ITEMS.find((i) => i.id === id)!.name;
}

/**
 * 判定結果 as written on a result: insufficient (十分な量の抗体がない: 第5期の対象) or sufficient, in English or in the
 * words of the result forms (不十分 / 十分, 陰性 / 陽性, 対象 / 対象外). Anything else (a code) is null: a code table
 * would be the municipality's own, and a guess here would make the wrong man a target.
 */
export function readAntibodyResult(cell: string): 'sufficient' | 'insufficient' | null {
  const c = cell.normalize('NFKC').trim().toLowerCase();
  if (['insufficient', '不十分', '抗体価不十分', '陰性', '対象'].includes(c)) return 'insufficient';
  if (['sufficient', '十分', '抗体価十分', '陽性', '対象外'].includes(c)) return 'sufficient';
  return null;
}
