import { INTEGRATED_ADDRESSEE_NO_PATTERN, RESIDENT_ID_PATTERN, normalizeHeaderName } from '@vaxledger/domain';

/**
 * Columns of a known id format are validated by that format, not scanned for a 個人番号: about one random 12-digit
 * number in eleven passes the My Number check digit, so scanning a city's own 12-digit numbers would refuse legitimate
 * files. Every other column is scanned. A mapping may declare that a column holds one of these formats.
 */
export const ID_FORMATS: ReadonlyMap<string, RegExp> = new Map([
  ['整理番号', RESIDENT_ID_PATTERN],
  ['接種券番号', RESIDENT_ID_PATTERN],
  ['統合宛名番号', INTEGRATED_ADDRESSEE_NO_PATTERN],
].map(([name, pattern]) => [normalizeHeaderName(name as string), pattern as RegExp]));

export const ID_FORMAT_NAMES = ['整理番号', '接種券番号', '統合宛名番号'] as const;
export type IdFormatName = (typeof ID_FORMAT_NAMES)[number];
