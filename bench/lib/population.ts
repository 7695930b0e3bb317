import { civilOf, dayNumberOf, formatIsoDate, type DayNumber, type Sex } from '@vaxledger/domain';

/**
 * A synthetic city of the size the targets are set for (仙台市, about 1,000,000 residents): a realistic age spread
 * (births 1925–2026 weighted like Japan's population pyramid, with the two baby booms) and, for everyone young
 * enough, the routine doses a child of that birth date would have had (each dose given with ~95 % probability,
 * a skipped dose ends the series: so some children are due, some behind, some complete). Elderly people carry
 * influenza, pneumococcal, COVID-19 and zoster doses. Deterministic (seeded), so every run measures the same city.
 */

/** The evaluation date of the extraction and dose-check benches: the first day of the influenza season. */
export const EVALUATION_DATE = '2026-10-01';
export const EVALUATION_DAY: DayNumber = dayNumberOf(2026, 10, 1);

/** mulberry32: a small, fast, seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticDose {
  readonly vaccine: string;
  readonly dose: number;
  readonly date: DayNumber;
  readonly product?: string;
}

export interface SyntheticPerson {
  readonly birth: DayNumber;
  readonly sex: Sex;
  readonly doses: SyntheticDose[];
  readonly conditions: string[];
}

/** Relative share of residents by age in whole years (0 … 101), shaped like a Japanese city in 2026. */
function ageWeight(age: number): number {
  if (age <= 9) return 0.78;
  if (age <= 19) return 0.9;
  if (age <= 29) return 1.15; // a university city
  if (age <= 44) return 1.15;
  if (age <= 56) return 1.45; // 第2次ベビーブーム (born 1971–74) and around
  if (age <= 74) return 1.15;
  if (age <= 79) return 1.35; // 第1次ベビーブーム (born 1947–49)
  if (age <= 89) return 0.75;
  return Math.max(0.01, 0.3 * Math.pow(0.78, age - 90));
}

const MAX_AGE = 101;
const CUMULATIVE = (() => {
  const w = Array.from({ length: MAX_AGE + 1 }, (_, a) => ageWeight(a));
  const total = w.reduce((s, x) => s + x, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
})();

/** A birth day: an age drawn from the pyramid, then a day within that year of age (born on or before `asOf`). */
export function drawBirth(r: () => number, asOf: DayNumber = EVALUATION_DAY, ageFrom = 0, ageTo = MAX_AGE): DayNumber {
  let age: number;
  if (ageFrom === 0 && ageTo === MAX_AGE) {
    const u = r();
    age = CUMULATIVE.findIndex((c) => u <= c);
    if (age < 0) age = MAX_AGE;
  } else {
    age = ageFrom + Math.floor(r() * (ageTo - ageFrom + 1));
  }
  // born between (asOf − (age+1) years, asOf − age years]
  return asOf - Math.floor(age * 365.2425) - Math.floor(r() * 365);
}

/** `months` after `birth` (day of month kept, at most the 28th), plus `jitter` days. */
function atMonths(birth: DayNumber, months: number, jitter: number): DayNumber {
  const b = civilOf(birth);
  const m0 = b.month - 1 + months;
  return dayNumberOf(b.year + Math.floor(m0 / 12), (m0 % 12) + 1, Math.min(b.day, 28)) + jitter;
}

interface SeriesPlan {
  readonly vaccine: string;
  /** ages in months of doses 1, 2, … */
  readonly months: readonly number[];
  /** first day the vaccine was routine: doses before it are not given */
  readonly since: DayNumber;
  /** born in [bornFrom, bornTo) only */
  readonly bornFrom?: DayNumber;
  readonly bornTo?: DayNumber;
  readonly sex?: Sex;
  readonly coverage: number;
  readonly product?: (firstDose: DayNumber, r: () => number) => string;
}

const D = (iso: string): DayNumber => dayNumberOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
const FIVE_IN_ONE = D('2024-04-01');

const CHILD_SERIES: readonly SeriesPlan[] = [
  { vaccine: 'hib', months: [2, 3, 4, 12], since: D('2013-04-01'), bornTo: D('2024-02-01'), coverage: 0.96 },
  { vaccine: 'dpt-ipv', months: [3, 4, 5, 14], since: D('2012-11-01'), bornTo: D('2024-02-01'), coverage: 0.96 },
  { vaccine: 'dpt-ipv-hib', months: [2, 3, 4, 13], since: FIVE_IN_ONE, bornFrom: D('2024-02-01'), coverage: 0.96 },
  {
    vaccine: 'pcv', months: [2, 3, 4, 12], since: D('2013-11-01'), coverage: 0.96,
    product: (first) => (first < D('2024-04-01') ? 'pcv13' : first < D('2024-10-01') ? 'pcv15' : 'pcv20'),
  },
  { vaccine: 'hepb', months: [2, 3, 8], since: D('2016-10-01'), bornFrom: D('2016-04-01'), coverage: 0.95 },
  { vaccine: 'rota', months: [2, 3], since: D('2020-10-01'), bornFrom: D('2020-08-01'), coverage: 0.9, product: () => 'rotarix' },
  { vaccine: 'bcg', months: [5], since: D('2005-04-01'), coverage: 0.97 },
  { vaccine: 'mr', months: [12, 69], since: D('2006-04-01'), coverage: 0.95 },
  { vaccine: 'varicella', months: [12, 18], since: D('2014-10-01'), coverage: 0.93 },
  { vaccine: 'je', months: [36, 37, 48, 114], since: D('2010-04-01'), coverage: 0.9 },
  { vaccine: 'dt', months: [138], since: D('2005-04-01'), coverage: 0.8 },
  { vaccine: 'hpv', months: [156, 162], since: D('2022-04-01'), sex: 'female', coverage: 0.45, product: () => 'gardasil9' },
];

/** The routine doses given to a person born on `birth` before `asOf`, dated, in date order. */
export function routineHistory(birth: DayNumber, sex: Sex, asOf: DayNumber, r: () => number): { doses: SyntheticDose[]; conditions: string[] } {
  const doses: SyntheticDose[] = [];
  const conditions: string[] = [];
  const ageDays = asOf - birth;
  if (ageDays < 21 * 366) {
    for (const s of CHILD_SERIES) {
      if (s.sex !== undefined && s.sex !== sex) continue;
      if (s.bornFrom !== undefined && birth < s.bornFrom) continue;
      if (s.bornTo !== undefined && birth >= s.bornTo) continue;
      let product: string | undefined;
      for (let k = 0; k < s.months.length; k++) {
        const date = atMonths(birth, s.months[k]!, Math.floor(r() * 21));
        if (date >= asOf || date < s.since) break;
        if (r() > s.coverage) break; // a skipped dose ends the series: the child is now behind
        if (k === 0 && s.product) product = s.product(date, r);
        doses.push({ vaccine: s.vaccine, dose: k + 1, date, ...(product ? { product } : {}) });
      }
    }
    if (r() < 0.003) conditions.push('long-term-illness');
  } else {
    const age = ageDays / 365.2425;
    if (age >= 65) {
      for (const season of [2023, 2024, 2025]) {
        const date = dayNumberOf(season, 10, 15) + Math.floor(r() * 60);
        if (date >= birth + 65 * 365.2425 && date < asOf && r() < 0.55) doses.push({ vaccine: 'influenza', dose: 1, date });
      }
      const at65 = atMonths(birth, 65 * 12 + 3, Math.floor(r() * 60));
      if (at65 < asOf && r() < 0.4) doses.push({ vaccine: 'pneumococcal-elderly', dose: 1, date: at65, product: 'ppsv23' });
      const covid = dayNumberOf(2024, 10, 20) + Math.floor(r() * 60);
      if (r() < 0.25) doses.push({ vaccine: 'covid19', dose: 1, date: covid });
      if (age < 66 && r() < 0.2) {
        const z1 = dayNumberOf(2025, 6, 1) + Math.floor(r() * 100);
        doses.push({ vaccine: 'zoster', dose: 1, date: z1, product: 'recombinant' });
        if (z1 + 70 < asOf) doses.push({ vaccine: 'zoster', dose: 2, date: z1 + 65, product: 'recombinant' });
      }
    } else if (age >= 60 && r() < 0.01) {
      conditions.push('disability-60-64');
    } else if (sex === 'female' && age >= 22 && age < 42 && r() < 0.006) {
      conditions.push(`pregnancy-start:${formatIsoDate(asOf - 140 - Math.floor(r() * 100))}`);
    }
  }
  doses.sort((a, b) => a.date - b.date);
  return { doses, conditions };
}

/** One synthetic person: birth from the pyramid (or within [ageFrom, ageTo]), sex, routine history, conditions. */
export function syntheticPerson(r: () => number, asOf: DayNumber = EVALUATION_DAY, ageFrom?: number, ageTo?: number): SyntheticPerson {
  const birth = drawBirth(r, asOf, ageFrom ?? 0, ageTo ?? MAX_AGE);
  const sex: Sex = r() < 0.515 ? 'female' : 'male';
  const { doses, conditions } = routineHistory(birth, sex, asOf, r);
  return { birth, sex, doses, conditions };
}

// ---- names and addresses for registry and slip files ------------------------------------------

const FAMILY = [
  ['サトウ', '佐藤'], ['スズキ', '鈴木'], ['タカハシ', '高橋'], ['タナカ', '田中'], ['ワタナベ', '渡辺'], ['イトウ', '伊藤'],
  ['ヤマモト', '山本'], ['ナカムラ', '中村'], ['コバヤシ', '小林'], ['カトウ', '加藤'], ['ヨシダ', '吉田'], ['ヤマダ', '山田'],
  ['ササキ', '佐々木'], ['ヤマグチ', '山口'], ['マツモト', '松本'], ['イノウエ', '井上'], ['キムラ', '木村'], ['アベ', '阿部'],
  ['チバ', '千葉'], ['キクチ', '菊地'], ['オオタ', '太田'], ['エンドウ', '遠藤'], ['サイトウ', '齋藤'], ['ハタケヤマ', '畠山'],
] as const;
const GIVEN_F = [['ユイ', '結衣'], ['ミオ', '美桜'], ['ハナ', '花'], ['ヨウコ', '洋子'], ['ケイコ', '恵子'], ['サクラ', 'さくら'], ['リン', '凛'], ['ミチコ', '美智子']] as const;
const GIVEN_M = [['ハルト', '陽翔'], ['ソウタ', '蒼太'], ['タロウ', '太郎'], ['ヒロシ', '博'], ['ケンジ', '健二'], ['リョウ', '涼'], ['ユウト', '悠人'], ['マコト', '誠']] as const;
const WARDS = [['101', '青葉区', '980'], ['102', '宮城野区', '983'], ['103', '若林区', '984'], ['104', '太白区', '982'], ['105', '泉区', '981']] as const;
const TOWNS = ['一番町', '中央', '五橋', '八幡', '上杉', '榴岡', '原町', '荒井', '長町', '富沢', '泉中央', '南光台'] as const;

export interface NameAndAddress {
  readonly kana: string;
  readonly kanji: string;
  readonly ward: string;
  readonly postal: string;
  readonly address: string;
}

export function nameAndAddress(n: number, sex: Sex): NameAndAddress {
  const f = FAMILY[n % FAMILY.length]!;
  const givens = sex === 'female' ? GIVEN_F : GIVEN_M;
  const g = givens[Math.floor(n / FAMILY.length) % givens.length]!;
  const w = WARDS[n % WARDS.length]!;
  const town = TOWNS[Math.floor(n / 7) % TOWNS.length]!;
  return {
    kana: `${f[0]} ${g[0]}`,
    kanji: `${f[1]} ${g[1]}`,
    ward: w[0],
    postal: `${w[2]}-${String(n % 10_000).padStart(4, '0')}`,
    address: `仙台市${w[1]}${town}${1 + (n % 9)}丁目${1 + (n % 30)}-${1 + (n % 17)}`,
  };
}

/** Half-width katakana, as older systems and punch contractors write names. */
export function halfWidthKana(text: string): string {
  return text.replace(/[ァ-ヴー]/g, (c) => HALF[c] ?? c);
}
const HALF: Record<string, string> = Object.fromEntries(
  [...'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンー']
    .map((c, i) => [c, 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｰ'[i]!])
    .concat([['ガ', 'ｶﾞ'], ['ギ', 'ｷﾞ'], ['グ', 'ｸﾞ'], ['ゲ', 'ｹﾞ'], ['ゴ', 'ｺﾞ'], ['ザ', 'ｻﾞ'], ['ジ', 'ｼﾞ'], ['ズ', 'ｽﾞ'], ['ゼ', 'ｾﾞ'], ['ゾ', 'ｿﾞ'],
      ['ダ', 'ﾀﾞ'], ['ヂ', 'ﾁﾞ'], ['ヅ', 'ﾂﾞ'], ['デ', 'ﾃﾞ'], ['ド', 'ﾄﾞ'], ['バ', 'ﾊﾞ'], ['ビ', 'ﾋﾞ'], ['ブ', 'ﾌﾞ'], ['ベ', 'ﾍﾞ'], ['ボ', 'ﾎﾞ'],
      ['パ', 'ﾊﾟ'], ['ピ', 'ﾋﾟ'], ['プ', 'ﾌﾟ'], ['ペ', 'ﾍﾟ'], ['ポ', 'ﾎﾟ'], ['ャ', 'ｬ'], ['ュ', 'ｭ'], ['ョ', 'ｮ'], ['ッ', 'ｯ'], ['ァ', 'ｧ'], ['ィ', 'ｨ'], ['ゥ', 'ｩ'], ['ェ', 'ｪ'], ['ォ', 'ｫ']]),
);

const ERAS = [
  { name: '令和', letter: 'R', code: 5, from: D('2019-05-01'), offset: 2018 },
  { name: '平成', letter: 'H', code: 4, from: D('1989-01-08'), offset: 1988 },
  { name: '昭和', letter: 'S', code: 3, from: D('1926-12-25'), offset: 1925 },
  { name: '大正', letter: 'T', code: 2, from: D('1912-07-30'), offset: 1911 },
] as const;

/**
 * A date as resident-records systems write it: ISO, 和暦 in kanji (昭和25年4月1日), 和暦 abbreviated (S25.4.1) or the
 * 7-digit era-coded form (3250401), chosen by `style` (0 … 3).
 */
export function registryDate(day: DayNumber, style: number): string {
  const iso = formatIsoDate(day);
  if (style % 4 === 0) return iso;
  const era = ERAS.find((e) => day >= e.from)!;
  const { year, month, day: dd } = civilOf(day);
  const ey = year - era.offset;
  if (style % 4 === 1) return `${era.name}${ey === 1 ? '元' : ey}年${month}月${dd}日`;
  if (style % 4 === 2) return `${era.letter}${ey}.${month}.${dd}`;
  return `${era.code}${String(ey).padStart(2, '0')}${String(month).padStart(2, '0')}${String(dd).padStart(2, '0')}`;
}
