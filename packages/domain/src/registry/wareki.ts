import { dayNumberOf, formatIsoDate, isValidCivilDate } from '../time/day-number.ts';

/**
 * Dates as registry and slip files write them: ISO, YYYYMMDD, 和暦 text (令和6年4月1日, R6.4.1, 令和元年5月1日) and
 * the 7-digit era-coded form (era code 1–5 + YYMMDD). A date outside its era (平成31年5月1日) is refused rather than
 * rolled over: such a value is a typing or conversion error upstream.
 */
export interface Era {
  readonly name: string; // 明治
  readonly letter: string; // M
  readonly code: number; // 1 … 5 in the 7-digit form
  readonly offset: number; // Gregorian year = offset + era year
  readonly first: string; // first day (ISO)
  readonly last: string | null; // last day (ISO); null for the current era
}

export const ERAS: readonly Era[] = [
  { name: '明治', letter: 'M', code: 1, offset: 1867, first: '1868-01-25', last: '1912-07-29' },
  { name: '大正', letter: 'T', code: 2, offset: 1911, first: '1912-07-30', last: '1926-12-24' },
  { name: '昭和', letter: 'S', code: 3, offset: 1925, first: '1926-12-25', last: '1989-01-07' },
  { name: '平成', letter: 'H', code: 4, offset: 1988, first: '1989-01-08', last: '2019-04-30' },
  { name: '令和', letter: 'R', code: 5, offset: 2018, first: '2019-05-01', last: null },
];

/** Japan used a lunisolar calendar until 明治5年12月2日; Gregorian dates start on 1873-01-01 (明治6年1月1日). */
export const FIRST_GREGORIAN_DATE = '1873-01-01';

export type DateFailure = 'empty' | 'unrecognized' | 'impossible-date' | 'outside-era' | 'before-1873';
export type DateParseResult = { readonly ok: true; readonly date: string } | { readonly ok: false; readonly reason: DateFailure };

const ERA_BY_TOKEN = new Map<string, Era>();
for (const era of ERAS) {
  for (const token of [era.name, era.name.charAt(0), era.letter, era.letter.toLowerCase()]) ERA_BY_TOKEN.set(token, era);
}

const ERA_TOKEN = '(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHRmtshr])';
const WAREKI_KANJI = new RegExp(`^${ERA_TOKEN}(元|\\d{1,2})年(\\d{1,2})月(\\d{1,2})日$`);
const WAREKI_SEPARATED = new RegExp(`^${ERA_TOKEN}(元|\\d{1,2})([./-])(\\d{1,2})\\3(\\d{1,2})$`);
const WESTERN_SEPARATED = /^(\d{4})([./-])(\d{1,2})\2(\d{1,2})$/;
const WESTERN_KANJI = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const ERA_CODED = /^([1-5])(\d{2})(\d{2})(\d{2})$/;

const fail = (reason: DateFailure): DateParseResult => ({ ok: false, reason });

function western(year: number, month: number, day: number): DateParseResult {
  if (!isValidCivilDate(year, month, day)) return fail('impossible-date');
  const iso = formatIsoDate(dayNumberOf(year, month, day));
  return iso < FIRST_GREGORIAN_DATE ? fail('before-1873') : { ok: true, date: iso };
}

function inEra(era: Era, eraYear: number, month: number, day: number): DateParseResult {
  if (eraYear < 1) return fail('impossible-date');
  const result = western(era.offset + eraYear, month, day);
  if (!result.ok) return result;
  // ISO strings compare like dates.
  if (result.date < era.first || (era.last !== null && result.date > era.last)) return fail('outside-era');
  return result;
}

const eraYearOf = (text: string) => (text === '元' ? 1 : Number(text));

/** Parses one date cell. Full-width digits and era ligatures (㍻, ㋿) are accepted through NFKC; spaces are ignored. */
export function parseJapaneseDate(text: string): DateParseResult {
  const s = text.normalize('NFKC').replace(/\s+/g, '');
  if (s === '') return fail('empty');
  let m: RegExpExecArray | null;
  if ((m = WAREKI_KANJI.exec(s)) || (m = WAREKI_SEPARATED.exec(s))) {
    const kanji = m.length === 5;
    const era = ERA_BY_TOKEN.get(m[1]!)!;
    return inEra(era, eraYearOf(m[2]!), Number(m[kanji ? 3 : 4]), Number(m[kanji ? 4 : 5]));
  }
  if ((m = WESTERN_SEPARATED.exec(s))) return western(Number(m[1]), Number(m[3]), Number(m[4]));
  if ((m = WESTERN_KANJI.exec(s)) || (m = COMPACT.exec(s))) return western(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = ERA_CODED.exec(s))) {
    const era = ERAS.find((e) => e.code === Number(m![1]))!;
    return inEra(era, Number(m[2]), Number(m[3]), Number(m[4]));
  }
  return fail('unrecognized');
}

/** Why a date was refused, in words that never repeat the value. */
export function describeDateFailure(reason: DateFailure): string {
  switch (reason) {
    case 'empty':
      return 'the date is empty';
    case 'unrecognized':
      return 'the value is not a date in a known form (YYYY-MM-DD, YYYYMMDD, 令和6年4月1日, R6.4.1 or 7-digit era code)';
    case 'impossible-date':
      return 'the value is not a date that exists in the calendar';
    case 'outside-era':
      return 'the value names an era year, month and day outside that era';
    case 'before-1873':
      return 'the value is before 1873-01-01 (the lunisolar calendar), which is not supported';
  }
}
