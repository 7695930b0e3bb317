import { VACCINES, CATEGORIES, type Vaccine } from '../events/vaccination-events.ts';
import { defaultRuleSet } from '../schedule/rules.ts';

/**
 * Default readings of a clinic slip's coded items. Punch contractors write vaccine ids, Japanese names or their own
 * numeric codes; the numeric codes differ by contract, so they come from the caller's code tables, and these defaults
 * only cover the words that mean the same everywhere.
 */
export type VaccinationCategory = (typeof CATEGORIES)[number];

const key = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

const VACCINE_NAMES: Readonly<Record<Vaccine, readonly string[]>> = {
  hib: ['ヒブ', 'Hib', 'ヘモフィルスインフルエンザ菌b型', 'インフルエンザ菌b型'],
  pcv: ['小児用肺炎球菌', '小児肺炎球菌', '肺炎球菌(小児)', 'PCV'],
  hepb: ['B型肝炎', 'HBV'],
  rota: ['ロタウイルス', 'ロタ'],
  'dpt-ipv-hib': ['五種混合', '5種混合', 'DPT-IPV-Hib'],
  'dpt-ipv': ['四種混合', '4種混合', 'DPT-IPV'],
  bcg: ['BCG', '結核'],
  mr: ['麻しん風しん', '麻しん風しん混合', '麻疹風疹', 'MR'],
  varicella: ['水痘', '水ぼうそう'],
  je: ['日本脳炎'],
  dt: ['二種混合', '2種混合', 'DT'],
  hpv: ['HPV', '子宮頸がん予防', '子宮頸がん', 'ヒトパピローマウイルス', 'ヒトパピローマウイルス感染症'],
  influenza: ['インフルエンザ', '高齢者インフルエンザ', 'インフルエンザ(高齢者)'],
  'pneumococcal-elderly': ['高齢者肺炎球菌', '肺炎球菌(高齢者)', '成人用肺炎球菌'],
  covid19: ['新型コロナ', '新型コロナウイルス', '新型コロナウイルス感染症', 'COVID-19', 'コロナ'],
  zoster: ['帯状疱疹'],
  'rubella-5': ['風しん第5期', '風しん5期', '風疹第5期', '風しん追加的対策'],
  'rsv-maternal': ['RSウイルス', 'RSウイルス母子免疫', 'RSV'],
};

// The schedule's own names (四種混合 (DPT-IPV) …) are read too: text output shows them, and a clerk may type them back.
const SCHEDULE_NAMES = new Map(defaultRuleSet.vaccines.map((v) => [v.id, v.name]));

const VACCINE_BY_NAME: ReadonlyMap<string, Vaccine> = new Map(
  VACCINES.flatMap((v) => [
    [key(v), v] as const, ...VACCINE_NAMES[v].map((name) => [key(name), v] as const),
    ...(SCHEDULE_NAMES.has(v) ? [[key(SCHEDULE_NAMES.get(v)!), v] as const] : []),
  ]),
);

/** A vaccine id, a common Japanese name, a slip's code word (DPT-IPV, MR) or the schedule's name → the vaccine id; null when unknown. */
export function vaccineOfName(text: string): Vaccine | null {
  return VACCINE_BY_NAME.get(key(text)) ?? null;
}

/** 期回数区分 as a plain ordinal: 1, ２, 1回目, 第1回. Series names (1期初回2, 追加) need the caller's code table. */
export function parseDoseOrdinal(text: string): number | null {
  const m = /^(?:第)?(\d{1,2})(?:回目?)?$/.exec(key(text));
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 20 ? n : null;
}

// 接種区分 codes as 別添2 records them (schema v1 stored them; see events/registry.ts).
const CATEGORY_WORDS: Readonly<Record<string, VaccinationCategory>> = {
  '1': 'routine', 定期: 'routine', ROUTINE: 'routine',
  '2': 'voluntary', 任意: 'voluntary', VOLUNTARY: 'voluntary',
  '3': 'temporary', 臨時: 'temporary', TEMPORARY: 'temporary',
  '4': 'special-measures', 特措法: 'special-measures', 'SPECIAL-MEASURES': 'special-measures',
};

export function categoryOfCode(text: string): VaccinationCategory | null {
  return CATEGORY_WORDS[key(text)] ?? null;
}
