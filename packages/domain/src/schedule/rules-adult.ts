/** B類 (mainly elderly) and adult A類: インフルエンザ, 高齢者肺炎球菌, 新型コロナ, 帯状疱疹, 風しん第5期, RSV母子免疫. */
import type { VaccineRule, WindowRule } from './rule-schema.ts';
import { age, fiscalYearCohorts, fiscalYearEndOfAge, fiscalYearStartOfAge, inForce, monthsAfter, pregnancyDays } from './rule-builders.ts';

const DISABILITY = 'disability-60-64'; // 心臓・腎臓・呼吸器・HIV免疫機能の障害 (身体障害者手帳1級相当); 'disability-60-64-hiv' implies it

/** 65歳以上, or 60–64 with a disability: the B類 pattern of influenza and COVID-19. */
function elderly(prefix: string, from: string, law: string): WindowRule[] {
  return [
    { id: `${prefix}/65-and-over`, source: `${law}: 65歳以上の者`, effective: inForce(from), from: [age(65)], to: [] },
    {
      id: `${prefix}/60-64-disability`,
      source: `${law}: 60歳以上65歳未満の者であって、心臓、じん臓若しくは呼吸器の機能又はヒト免疫不全ウイルスによる免疫の機能に障害を有するもの`,
      effective: inForce(from),
      requires: [DISABILITY],
      from: [age(60)],
      to: [age(65)],
    },
  ];
}

const single = (id: string, source: string) => [{ id, source, doses: [{ dose: 1, label: '1回' }] }];

export const influenza: VaccineRule = {
  id: 'influenza',
  name: 'インフルエンザ (B類)',
  category: 'B',
  // one dose per 年度; the law has no narrower season for influenza (municipalities usually run Oct–Jan)
  repeat: { kind: 'season', from: '04-01', to: '03-31', source: '予防接種実施規則: 毎年度1回' },
  windows: elderly('influenza', '2001-11-07', '予防接種法施行令第3条 表 (インフルエンザ)'),
  series: single('influenza/season', '予防接種実施規則: 毎年度1回'),
};

export const covid19: VaccineRule = {
  id: 'covid19',
  name: '新型コロナウイルス感染症 (B類)',
  category: 'B',
  repeat: { kind: 'season', from: '10-01', to: '03-31', source: '予防接種実施規則第24条: 毎年度10月1日から翌年3月31日までの間に1回' },
  windows: elderly('covid19', '2024-04-01', '予防接種法施行令第3条 表 (新型コロナウイルス感染症, 2024-04-01からB類)'),
  series: single('covid19/season', '予防接種実施規則第24条: 1回'),
};

const PNEUMO = '予防接種法施行令第3条 表 (高齢者の肺炎球菌感染症)';

export const pneumococcalElderly: VaccineRule = {
  id: 'pneumococcal-elderly',
  name: '高齢者肺炎球菌',
  category: 'B',
  products: [{ id: 'ppsv23' }, { id: 'pcv20' }],
  productPeriods: [
    { effective: inForce('2014-10-01', '2026-03-31'), products: ['ppsv23'], source: '23価莢膜ポリサッカライド (PPSV23)' },
    { effective: inForce('2026-04-01'), products: ['pcv20'], source: '2026-04-01から沈降20価 (PCV20)' },
  ],
  // 既に23価肺炎球菌ワクチンを接種したことがある者は対象外 — also a voluntary PPSV23 recorded as vaccine 'ppsv23'
  excludedAfter: [{ vaccine: 'pneumococcal-elderly', product: 'ppsv23' }, { vaccine: 'ppsv23' }],
  windows: [
    {
      id: 'pneumococcal-elderly/65',
      source: `${PNEUMO}: 65歳の者`,
      unconfirmed: 'during the 経過措置 (to 2024-03-31) the 65 cohort is taken by 年度 only (the 附則 replaced the base rule)',
      effective: inForce('2024-04-01'),
      from: [age(65)],
      to: [age(66)],
    },
    {
      id: 'pneumococcal-elderly/60-64-disability',
      source: `${PNEUMO}: 60歳以上65歳未満の者であって、心臓、じん臓若しくは呼吸器の機能又はヒト免疫不全ウイルスによる免疫の機能に障害を有するもの`,
      effective: inForce('2014-10-01'),
      requires: [DISABILITY],
      from: [age(60)],
      to: [age(65)],
    },
    ...fiscalYearCohorts(
      'pneumococcal-elderly/transition',
      [65, 70, 75, 80, 85, 90, 95, 100],
      inForce('2014-10-01', '2024-03-31'),
      `${PNEUMO} 附則 (経過措置, 2014-10-01〜2024-03-31): 当該年度内に65歳、70歳…100歳となる者`,
    ),
    {
      id: 'pneumococcal-elderly/transition/100-and-over-fy2014',
      source: `${PNEUMO} 附則 (経過措置): 平成26年度に限り100歳以上の者`,
      unconfirmed: 'not in schedule-law.md',
      effective: inForce('2014-10-01', '2015-03-31'),
      from: [age(100)],
      to: [],
    },
  ],
  series: single('pneumococcal-elderly/single', '予防接種実施規則: 1回'),
};

const ZOSTER = '予防接種法施行令第3条 表 (帯状疱疹, 2025-04-01から)';
const ZOSTER_TRANSITION = inForce('2025-04-01', '2030-03-31');
const ZOSTER_65 = 'whether the 65 cohort is 「65歳の者」 (by age) or 「年度内に65歳となる者」; switch zoster-65-by-fiscal-year';

export const zoster: VaccineRule = {
  id: 'zoster',
  name: '帯状疱疹',
  category: 'B',
  products: [{ id: 'live', live: 'injectable' }, { id: 'recombinant' }],
  productRequired: true,
  sameProductThroughout: true,
  windows: [
    {
      id: 'zoster/65-by-age',
      source: `${ZOSTER}: 65歳の者`,
      unconfirmed: ZOSTER_65,
      effective: ZOSTER_TRANSITION,
      switch: { name: 'zoster-65-by-fiscal-year', is: false },
      from: [age(65)],
      to: [age(66)],
    },
    {
      id: 'zoster/65-by-fiscal-year',
      source: `${ZOSTER} 附則 (経過措置 FY2025–FY2029): 当該年度内に65歳となる者`,
      unconfirmed: ZOSTER_65,
      effective: ZOSTER_TRANSITION,
      switch: { name: 'zoster-65-by-fiscal-year', is: true },
      from: [fiscalYearStartOfAge(65)],
      to: [fiscalYearEndOfAge(65)],
    },
    {
      id: 'zoster/65-after-transition',
      source: `${ZOSTER}: 65歳の者`,
      unconfirmed: 'the 65 cohort after FY2029 is taken by age',
      effective: inForce('2030-04-01'),
      from: [age(65)],
      to: [age(66)],
    },
    {
      id: 'zoster/60-64-hiv',
      source: `${ZOSTER}: 60歳以上65歳未満の者であって、ヒト免疫不全ウイルスによる免疫の機能に障害を有するもの`,
      effective: inForce('2025-04-01'),
      requires: ['disability-60-64-hiv'],
      from: [age(60)],
      to: [age(65)],
    },
    ...fiscalYearCohorts(
      'zoster/transition',
      [70, 75, 80, 85, 90, 95, 100],
      ZOSTER_TRANSITION,
      `${ZOSTER} 附則 (経過措置 FY2025–FY2029): 当該年度内に70歳、75歳…100歳となる者`,
    ),
    {
      id: 'zoster/transition/100-and-over-fy2025',
      source: `${ZOSTER} 附則 (経過措置): 令和7年度に限り100歳以上の者`,
      effective: inForce('2025-04-01', '2026-03-31'),
      from: [age(100)],
      to: [],
    },
  ],
  series: [
    {
      id: 'zoster/live',
      source: '予防接種実施規則: 乾燥弱毒生水痘ワクチン 1回 (皮下)',
      when: { products: ['live'] },
      doses: [{ dose: 1, label: '1回' }],
    },
    {
      id: 'zoster/recombinant',
      source: '予防接種実施規則: 乾燥組換え帯状疱疹ワクチン 2月以上の間隔をおいて2回 (筋肉内)',
      when: { products: ['recombinant'] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [monthsAfter(1, 2)] },
      ],
    },
  ],
};

const RUBELLA5 = '予防接種法施行令附則 (風しん第5期): 1962-04-02から1979-04-01までに生まれた男性であって、抗体検査の結果、十分な量の抗体がないもの';

export const rubella5: VaccineRule = {
  id: 'rubella-5',
  name: '風しん第5期',
  category: 'A',
  sex: 'male',
  live: 'injectable', // given as MR (or rubella) live vaccine
  windows: [
    {
      id: 'rubella-5/2019-2025',
      source: RUBELLA5,
      effective: inForce('2019-04-01', '2025-03-31'),
      birth: { from: '1962-04-02', to: '1979-04-01' },
      requires: ['antibody-insufficient'],
      from: [],
      to: [],
    },
    {
      id: 'rubella-5/extension-to-2027',
      source: `${RUBELLA5} — 抗体検査は2025-03-31で終了; 同日までに検査を受けた者は2027-03-31まで接種可`,
      effective: inForce('2025-04-01', '2027-03-31'),
      birth: { from: '1962-04-02', to: '1979-04-01' },
      requires: ['antibody-insufficient'],
      conditionDatedBy: { condition: 'antibody-insufficient', onOrBefore: '2025-03-31' },
      from: [],
      to: [],
    },
  ],
  series: single('rubella-5/single', '予防接種実施規則: MRワクチン 1回'),
};

export const rsvMaternal: VaccineRule = {
  id: 'rsv-maternal',
  name: 'RSウイルス (母子免疫)',
  category: 'A',
  sex: 'female',
  repeat: { kind: 'pregnancy' },
  windows: [
    {
      id: 'rsv-maternal/28w-36w',
      source: 'RSウイルス感染症 母子免疫ワクチン (2026-04-01から定期接種): 妊娠28週0日から36週6日までの妊婦',
      unconfirmed: 'legal text not yet confirmed on e-Gov (start date, gestational window, one dose per pregnancy)',
      effective: inForce('2026-04-01'),
      requires: ['pregnancy'],
      from: [pregnancyDays(28 * 7)],
      to: [pregnancyDays(36 * 7 + 6)],
    },
  ],
  series: single('rsv-maternal/per-pregnancy', '1妊娠につき1回'),
};
