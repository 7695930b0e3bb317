import fc from 'fast-check';
import { formatIsoDate, dayNumberOf } from '../time/day-number.ts';
import type { ResidentDetails } from '../events/resident-events.ts';
import { VACCINES, type Vaccine } from '../events/vaccination-events.ts';

/**
 * fast-check arbitraries for compliance testers: synthetic residents and command sequences that a host application
 * can run against its own engine configuration. Names and addresses are invented; none is a real person.
 */

const KATAKANA = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン';
const KANJI = '山田川本中村小林高橋佐藤鈴木伊渡辺加藤吉松井上木森清水池';

export const isoDateArb = (from = '1930-01-01', to = '2026-12-31') => {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return fc.integer({ min: dayNumberOf(fy, fm, fd), max: dayNumberOf(ty, tm, td) }).map(formatIsoDate);
};

export const residentIdArb = fc.integer({ min: 1, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

const word = (alphabet: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...alphabet.split('')), { minLength: min, maxLength: max }).map((cs) => cs.join(''));

export const residentDetailsArb: fc.Arbitrary<ResidentDetails> = fc.record({
  kanaName: fc.tuple(word(KATAKANA, 1, 5), word(KATAKANA, 1, 5)).map(([a, b]) => `${a} ${b}`),
  kanjiName: fc.tuple(word(KANJI, 1, 2), word(KANJI, 1, 2)).map(([a, b]) => `${a} ${b}`),
  sex: fc.constantFrom('female' as const, 'male' as const),
  birthDate: isoDateArb('1930-01-01', '2026-06-30'),
  address: fc.integer({ min: 1, max: 9999 }).map((n) => `仙台市青葉区試験町${n}番地`),
  wardCode: fc.constantFrom('101', '102', '103', '104', '105'),
});

export const vaccineArb: fc.Arbitrary<Vaccine> = fc.constantFrom(...VACCINES);

/** A step of a registration session: the shape the property tests replay through the engine. */
export type LedgerStep =
  | { readonly kind: 'register'; readonly resident: number; readonly details: ResidentDetails }
  | { readonly kind: 'record'; readonly resident: number; readonly vaccine: Vaccine; readonly dose: number; readonly date: string; readonly lot: string }
  | { readonly kind: 'correct'; readonly resident: number; readonly record: number; readonly lot: string; readonly date?: string }
  | { readonly kind: 'void'; readonly resident: number; readonly record: number };

/**
 * Random registrations, vaccinations, corrections and voids over a few residents: every resident is registered
 * first, then steps follow with most weight on recording and correcting (some steps are meant to fail).
 */
export const ledgerStepsArb = (residents = 4, maxSteps = 40): fc.Arbitrary<LedgerStep[]> => {
  const r = fc.integer({ min: 0, max: residents - 1 });
  const lot = word('ABCDEFGHJK0123456789', 2, 6);
  const registrations = fc.tuple(...Array.from({ length: residents }, (_, i) =>
    residentDetailsArb.map((details): LedgerStep => ({ kind: 'register', resident: i, details }))));
  const step: fc.Arbitrary<LedgerStep> = fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('register' as const), resident: r, details: residentDetailsArb }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('record' as const), resident: r, vaccine: vaccineArb, dose: fc.integer({ min: 1, max: 4 }), date: isoDateArb('2020-01-01', '2026-06-30'), lot }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('correct' as const), resident: r, record: fc.nat(3), lot, date: fc.option(isoDateArb('2020-01-01', '2026-06-30'), { nil: undefined }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), resident: r, record: fc.nat(3) }) },
  );
  return fc
    .tuple(registrations, fc.array(step, { minLength: Math.min(5, maxSteps), maxLength: maxSteps, size: 'max' }))
    .map(([regs, rest]) => [...regs, ...rest]);
};

/** The header of a registry file as a resident-records system writes it (items of 別添2). */
export const REGISTRY_FILE_HEADER = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '郵便番号', '住所', '行政区番号', '最新異動区分', '課税区分'] as const;

/** 和暦 text for an ISO date (令和/平成/昭和), as registry files often write dates. */
export function warekiOf(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const eras: Array<[string, string, number]> = [['令和', '2019-05-01', 2018], ['平成', '1989-01-08', 1988], ['昭和', '1926-12-25', 1925]];
  for (const [name, start, offset] of eras) {
    if (iso >= start) return `${name}${y - offset === 1 ? '元' : y - offset}年${m}月${d}日`;
  }
  return iso;
}

/**
 * A valid registry file's rows (header first): distinct 整理番号, dates written as ISO, YYYYMMDD or 和暦, 性別 as 1/2,
 * and a 課税区分 column that the vaccination affair must drop. Encode the text as the host's files are (CP932, UTF-8).
 */
export const registryFileArb = (maxRows = 30): fc.Arbitrary<string[][]> =>
  fc
    .uniqueArray(fc.tuple(residentIdArb, residentDetailsArb, fc.constantFrom('iso', 'compact', 'wareki'), fc.integer({ min: 0, max: 9 })), {
      minLength: 1, maxLength: maxRows, selector: ([id]) => id,
    })
    .map((rows) => [
      [...REGISTRY_FILE_HEADER],
      ...rows.map(([id, d, dateStyle, tax]) => [
        id, d.kanaName, d.kanjiName,
        dateStyle === 'iso' ? d.birthDate : dateStyle === 'compact' ? d.birthDate.replaceAll('-', '') : warekiOf(d.birthDate),
        d.sex === 'male' ? '1' : '2', '980-0001', d.address, d.wardCode ?? '', '転入', `課税${tax}`,
      ]),
    ]);
