import iconv from 'iconv-lite';
import fc from 'fast-check';

/** Test helpers: build registry/slip files as resident-records systems and punch contractors write them. */

export type Enc = 'cp932' | 'utf-8' | 'utf-8-bom';

export function encode(text: string, enc: Enc): Uint8Array {
  if (enc === 'cp932') return new Uint8Array(iconv.encode(text, 'cp932'));
  const body = new Uint8Array(Buffer.from(text, 'utf8'));
  if (enc === 'utf-8') return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

export function csvField(value: string, forceQuote = false): string {
  return forceQuote || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvText(rows: readonly (readonly string[])[], eol = '\r\n', finalEol = true): string {
  return rows.map((r) => r.map((f) => csvField(f)).join(',')).join(eol) + (finalEol ? eol : '');
}

/** A valid 個人番号 from 11 digits (check digit computed here, independently of the module under test). */
export function withCheckDigit(first11: string): string {
  const w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = [...first11].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  const r = sum % 11;
  return first11 + String(r <= 1 ? 0 : 11 - r);
}

// Characters that CP932 can encode, including NEC/IBM extensions (髙, 﨑) that Shift_JIS proper lacks.
const KANJI = [...'山田太郎花子佐藤鈴木高橋伊藤渡辺中村小林加藤吉田髙﨑斎藤齋藤渡邉'];
const KATAKANA = [...'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンガギグゲゴパピプペポァィッャュョー'];
// (No line break: a control character in a kept cell refuses the file; multi-line quoted fields are covered in csv.unit.test.ts.)
const ADDRESS_PARTS = ['宮城県仙台市青葉区国分町', '三丁目', '7番1号', '若林区', '一番町', ',', '"', 'ハイツ', '101'];

export interface Person {
  residentId: string;
  kanaName: string;
  kanjiName: string;
  birthDay: number; // day number
  sex: 'male' | 'female';
  address: string;
  postalCode?: string;
  movement?: '転入' | '転出' | '転居' | '出生' | '死亡';
  taxMarker: string; // 課税区分: a value that must never reach the result
}

export const personArb: fc.Arbitrary<Person> = fc.record(
  {
    residentId: fc.integer({ min: 1, max: 9_999_999 }).map((n) => String(n).padStart(8, '0')),
    kanaName: fc.array(fc.constantFrom(...KATAKANA), { minLength: 2, maxLength: 6 }).chain((family) =>
      fc.array(fc.constantFrom(...KATAKANA), { minLength: 2, maxLength: 6 }).map((given) => `${family.join('')} ${given.join('')}`),
    ),
    kanjiName: fc.array(fc.constantFrom(...KANJI), { minLength: 2, maxLength: 5 }).map((a) => a.join('')),
    birthDay: fc.integer({ min: -25567, max: 20089 }), // 1900-01-01 … 2024-12-31
    sex: fc.constantFrom('male' as const, 'female' as const),
    address: fc.array(fc.constantFrom(...ADDRESS_PARTS), { minLength: 1, maxLength: 5 }).map((a) => `宮城県${a.join('')}`),
    postalCode: fc.option(fc.integer({ min: 0, max: 9_999_999 }).map((n) => String(n).padStart(7, '0').replace(/^(\d{3})/, '$1-')), { nil: undefined }),
    movement: fc.option(fc.constantFrom('転入' as const, '転出' as const, '転居' as const, '出生' as const, '死亡' as const), { nil: undefined }),
    taxMarker: fc.integer({ min: 0, max: 999 }).map((n) => `課税Z${n}Q`),
  },
  { requiredKeys: ['residentId', 'kanaName', 'kanjiName', 'birthDay', 'sex', 'address', 'taxMarker'] },
);

export const REGISTRY_HEADER = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '郵便番号', '住所', '最新異動区分', '課税区分'];

export type DateStyle = 'iso' | 'compact' | 'kanji' | 'coded';

const ERAS = [
  { from: '2019-05-01', start: 2019, kanji: '令和', code: 5 },
  { from: '1989-01-08', start: 1989, kanji: '平成', code: 4 },
  { from: '1926-12-25', start: 1926, kanji: '昭和', code: 3 },
  { from: '1912-07-30', start: 1912, kanji: '大正', code: 2 },
  { from: '1868-01-25', start: 1868, kanji: '明治', code: 1 },
];

export function writeDate(iso: string, style: DateStyle): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const era = ERAS.find((e) => iso >= e.from)!;
  const ey = y - era.start + 1;
  const p2 = (n: number) => String(n).padStart(2, '0');
  switch (style) {
    case 'iso':
      return iso;
    case 'compact':
      return iso.replace(/-/g, '');
    case 'kanji':
      return `${era.kanji}${ey === 1 ? '元' : ey}年${m}月${d}日`;
    case 'coded':
      return `${era.code}${p2(ey)}${p2(m)}${p2(d)}`;
  }
}

export function isoOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function registryRow(p: Person, style: DateStyle): string[] {
  return [
    p.residentId,
    p.kanaName,
    p.kanjiName,
    writeDate(isoOf(p.birthDay), style),
    p.sex === 'male' ? '1' : '2',
    p.postalCode ?? '',
    p.address,
    p.movement ?? '',
    p.taxMarker,
  ];
}

/** Distinct resident ids, as a registry export has. */
export const peopleArb = fc.uniqueArray(personArb, { minLength: 1, maxLength: 12, selector: (p) => p.residentId });
