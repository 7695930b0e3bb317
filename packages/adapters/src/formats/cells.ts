/**
 * Readings of flag-like cells. 論理和 items (送付除外論理和) are bit sets: any non-zero value means "some reason
 * applies", so they read as true; the individual bits belong to other affairs.
 */
const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

const TRUE_WORDS = new Set(['有', 'あり', '有り', '○', '〇', '◯', '*', 'Y', 'YES', 'TRUE', '該当', '対象', '要']);
const FALSE_WORDS = new Set(['無', 'なし', '無し', '×', '-', 'N', 'NO', 'FALSE', '非該当', '対象外', '不要']);

/** '' → undefined (not given); 0…0 → false; other digits → true; yes/no words; anything else → null (an error). */
export function parseFlag(cell: string): boolean | undefined | null {
  const k = key(cell);
  if (k === '') return undefined;
  if (/^\d+$/.test(k)) return !/^0+$/.test(k);
  if (TRUE_WORDS.has(k)) return true;
  if (FALSE_WORDS.has(k)) return false;
  return null;
}

const CANCELLED = new Set(['取消', '取消し', '取り消し', '取消済', '消除', '有', 'あり', '該当', '○', '〇']);
const NOT_CANCELLED = new Set(['無', 'なし', '通常', '非該当', '有効', '-']);

/**
 * 取消区分: '' or 0 → not cancelled; words for "cancelled" / "not cancelled". Other numeric codes differ by vendor
 * and must be mapped to a word by the mapping file; they are null here (an error).
 */
export function parseCancellation(cell: string): boolean | null {
  const k = key(cell);
  if (k === '' || /^0+$/.test(k)) return false;
  if (CANCELLED.has(k)) return true;
  if (NOT_CANCELLED.has(k)) return false;
  return null;
}
