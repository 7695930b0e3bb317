import type { ResidentDetails, Vaccine } from '@vaxledger/domain';

/**
 * A synthetic city: invented residents, none of them real. Deterministic (a seeded generator), so that every run of
 * the example tells the same story.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // mulberry32: small, fast, good enough for example data.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ['サトウ', 'スズキ', 'タカハシ', 'タナカ', 'ワタナベ', 'イトウ', 'ヤマモト', 'ナカムラ', 'コバヤシ', 'カトウ'];
const FAMILY_KANJI = ['佐藤', '鈴木', '高橋', '田中', '渡辺', '伊藤', '山本', '中村', '小林', '加藤'];
const GIVEN = ['ハルト', 'ソウタ', 'ユイ', 'ミオ', 'リク', 'ヒナ', 'ミナト', 'アオイ', 'ユウマ', 'サクラ'];
const GIVEN_KANJI = ['陽翔', '蒼太', '結衣', '美桜', '陸', '陽菜', '湊', '葵', '悠真', '桜'];
export const WARDS = [
  { code: '101', name: '青葉区' }, { code: '102', name: '宮城野区' }, { code: '103', name: '若林区' },
  { code: '104', name: '太白区' }, { code: '105', name: '泉区' },
] as const;

export interface SyntheticResident {
  readonly residentId: string;
  readonly details: ResidentDetails;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function syntheticResidents(count: number, random = seededRandom(20260401)): SyntheticResident[] {
  return Array.from({ length: count }, (_, i) => {
    const f = Math.floor(random() * FAMILY.length);
    const g = Math.floor(random() * GIVEN.length);
    const ward = WARDS[Math.floor(random() * WARDS.length)]!;
    // Mostly young children (the routine schedule's main subjects), newborns, some school-age, some elderly.
    const band = random();
    const year = band < 0.15 ? 2026 : band < 0.7 ? 2021 + Math.floor(random() * 5) : band < 0.85 ? 2012 + Math.floor(random() * 8) : 1945 + Math.floor(random() * 15);
    const month = year === 2026 ? 1 + Math.floor(random() * 6) : 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    return {
      residentId: pad(100001 + i, 6),
      details: {
        kanaName: `${FAMILY[f]} ${GIVEN[g]}`,
        kanjiName: `${FAMILY_KANJI[f]} ${GIVEN_KANJI[g]}`,
        sex: g % 2 === 0 ? 'male' : 'female',
        birthDate: `${year}-${pad(month)}-${pad(day)}`,
        address: `仙台市${ward.name}試験町${1 + Math.floor(random() * 30)}丁目${1 + Math.floor(random() * 20)}番`,
        postalCode: `98${Math.floor(random() * 10)}-${pad(Math.floor(random() * 10000), 4)}`,
        wardCode: ward.code,
        householdNo: pad(200001 + Math.floor(i / 2), 6),
        // 統合宛名番号, given by the city's 統合宛名管理システム; a few residents have none yet (not linked)
        ...(i % 10 === 9 ? {} : { integratedAddresseeNo: `A${pad(300001 + i, 9)}` }),
      },
    };
  });
}

/**
 * Doses a person of this birth date would typically have had, as (vaccine, dose, age in days at the dose): the
 * routine schedule as clinics give it (五種混合 for those born from 2024, 四種混合 + Hib before).
 */
export function typicalDoses(birthDate: string): Array<{ vaccine: Vaccine; dose: number; ageDays: number }> {
  const year = Number(birthDate.slice(0, 4));
  if (year < 1970) return [{ vaccine: 'influenza', dose: 1, ageDays: 365 * (2025 - year) + 280 }];
  const out: Array<{ vaccine: Vaccine; dose: number; ageDays: number }> = [];
  const add = (vaccine: Vaccine, dose: number, ageDays: number) => out.push({ vaccine, dose, ageDays });
  if (birthDate >= '2024-02-01') {
    add('hepb', 1, 61); add('dpt-ipv-hib', 1, 62); add('pcv', 1, 62); add('rota', 1, 62);
    add('dpt-ipv-hib', 2, 92); add('pcv', 2, 92); add('hepb', 2, 92);
    add('dpt-ipv-hib', 3, 122); add('pcv', 3, 122); add('bcg', 1, 160); add('hepb', 3, 230);
  } else {
    add('dpt-ipv', 1, 92); add('hib', 1, 92); add('pcv', 1, 92);
    add('dpt-ipv', 2, 122); add('hib', 2, 122); add('pcv', 2, 122);
    add('dpt-ipv', 3, 152); add('hib', 3, 152); add('pcv', 3, 152); add('bcg', 1, 160);
  }
  add('mr', 1, 370); add('varicella', 1, 370); add('varicella', 2, 560);
  add('je', 1, 365 * 3 + 40); add('je', 2, 365 * 3 + 70); add('mr', 2, 365 * 6 - 120); add('je', 4, 365 * 9 + 30);
  return out;
}
