/** Childhood and adolescent series: MR, 水痘, 日本脳炎, 二種混合, HPV. */
import type { VaccineRule } from './rule-schema.ts';
import {
  age, daysAfter, fiscalYearEndOfAge, fiscalYearStartOfAge, gap, inForce, monthsAfter, monthsHalfAfter, months,
  onDate, schoolEntry,
} from './rule-builders.ts';

const MR_EXTENSION =
  'FY2024 MR vaccine shortage: the FY2024 cohorts that missed the dose may receive it until 2027-03-31 ' +
  '(cohort bounds and start of the measure per municipality); switch mr-fy2024-extension';

export const mr: VaccineRule = {
  id: 'mr',
  name: '麻しん風しん混合 (MR)',
  category: 'A',
  live: 'injectable',
  windows: [
    {
      id: 'mr/phase1',
      doses: [1],
      source: '予防接種法施行令第3条 表 (麻しん・風しん 第1期): 生後12月から生後24月に至るまでの間にある者',
      effective: inForce('2006-04-01'),
      from: [months(12)],
      to: [months(24)],
    },
    {
      id: 'mr/phase2',
      doses: [2],
      source: '予防接種法施行令第3条 表 (第2期): 5歳以上7歳未満の者であって、小学校就学の始期に達する日の1年前の日から当該始期に達する日の前日までの間にあるもの',
      effective: inForce('2006-04-01'),
      from: [age(5), schoolEntry(-1)],
      to: [age(7), schoolEntry(0, -1)],
    },
    {
      id: 'mr/phase1/fy2024-extension',
      doses: [1],
      source: '令和6年度の MR ワクチン供給不足に伴う特例: 令和6年度に第1期の対象であった者は2027-03-31まで',
      unconfirmed: MR_EXTENSION,
      effective: inForce('2025-04-01', '2027-03-31'),
      birth: { from: '2022-04-02', to: '2024-04-01' }, // in 生後12月…24月 on some day of FY2024
      switch: { name: 'mr-fy2024-extension', is: true },
      from: [months(12)],
      to: [onDate('2027-03-31')],
    },
    {
      id: 'mr/phase2/fy2024-extension',
      doses: [2],
      source: '令和6年度の MR ワクチン供給不足に伴う特例: 令和6年度に第2期の対象であった者は2027-03-31まで',
      unconfirmed: MR_EXTENSION,
      effective: inForce('2025-04-01', '2027-03-31'),
      birth: { from: '2018-04-02', to: '2019-04-01' }, // 就学の始期 2025-04-01
      switch: { name: 'mr-fy2024-extension', is: true },
      from: [age(5), schoolEntry(-1)],
      to: [onDate('2027-03-31')],
    },
  ],
  series: [
    {
      id: 'mr/phases',
      source: '予防接種実施規則: 第1期 1回, 第2期 1回 (第2期は第1期の有無を問わない)',
      doses: [
        { dose: 1, label: '1期' },
        { dose: 2, label: '2期', independent: true },
      ],
    },
  ],
};

export const varicella: VaccineRule = {
  id: 'varicella',
  name: '水痘',
  category: 'A',
  live: 'injectable',
  windows: [
    {
      id: 'varicella/12m-36m',
      source: '予防接種法施行令第3条 表 (水痘): 生後12月から生後36月に至るまでの間にある者',
      effective: inForce('2014-10-01'),
      from: [months(12)],
      to: [months(36)],
    },
  ],
  series: [
    {
      id: 'varicella/standard',
      source: '予防接種実施規則: 3月以上の間隔をおいて2回 (任意接種の既往も回数に数える)',
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [monthsAfter(1, 3)] },
      ],
    },
  ],
};

const JE_SPECIAL = 'in-force date of the 特例 (2011-05-20 政令) and its special intervals for the remaining doses are not encoded from e-Gov';

export const je: VaccineRule = {
  id: 'je',
  name: '日本脳炎',
  category: 'A',
  windows: [
    {
      id: 'je/phase1',
      doses: [1, 2, 3],
      source: '予防接種法施行令第3条 表 (日本脳炎 第1期): 生後6月から生後90月に至るまでの間にある者',
      effective: inForce('1994-10-01'),
      from: [months(6)],
      to: [months(90)],
    },
    {
      id: 'je/phase2',
      doses: [4],
      source: '予防接種法施行令第3条 表 (第2期): 9歳以上13歳未満の者',
      effective: inForce('1994-10-01'),
      from: [age(9)],
      to: [age(13)],
    },
    {
      id: 'je/special-1995-2007/phase1',
      doses: [1, 2, 3],
      source: '予防接種法施行令附則 (日本脳炎の特例): 1995-04-02から2007-04-01までに生まれた者は20歳未満の間',
      unconfirmed: JE_SPECIAL,
      effective: inForce('2011-05-20'),
      birth: { from: '1995-04-02', to: '2007-04-01' },
      from: [months(6)],
      to: [age(20)],
    },
    {
      id: 'je/special-1995-2007/phase2',
      doses: [4],
      source: '予防接種法施行令附則 (日本脳炎の特例): 1995-04-02から2007-04-01までに生まれた者は9歳以上20歳未満の間',
      unconfirmed: JE_SPECIAL,
      effective: inForce('2011-05-20'),
      birth: { from: '1995-04-02', to: '2007-04-01' },
      from: [age(9)],
      to: [age(20)],
    },
    {
      id: 'je/special-2007-2009/phase1',
      doses: [1, 2, 3],
      source: '予防接種法施行令附則 (日本脳炎の特例): 2007-04-02から2009-10-01までに生まれた者は第1期の残りを9歳以上13歳未満の間',
      unconfirmed: 'not in schedule-law.md; cohort and in-force date from memory of the 2011 政令 — verify on e-Gov',
      effective: inForce('2011-05-20'),
      birth: { from: '2007-04-02', to: '2009-10-01' },
      from: [age(9)],
      to: [age(13)],
    },
  ],
  series: [
    {
      id: 'je/standard',
      source: '予防接種実施規則: 第1期初回 6日以上の間隔をおいて2回, 第1期追加 初回終了後6月以上で1回, 第2期 1回',
      doses: [
        { dose: 1, label: '1期初回1' },
        { dose: 2, label: '1期初回2', after: [daysAfter(1, 6)] },
        { dose: 3, label: '1期追加', after: [monthsAfter(2, 6)] },
        { dose: 4, label: '2期', independent: true },
      ],
    },
  ],
};

export const dt: VaccineRule = {
  id: 'dt',
  name: '二種混合 (DT 第2期)',
  category: 'A',
  windows: [
    {
      id: 'dt/phase2',
      source: '予防接種法施行令第3条 表 (ジフテリア・破傷風 第2期): 11歳以上13歳未満の者',
      effective: inForce('1994-10-01'),
      from: [age(11)],
      to: [age(13)],
    },
  ],
  series: [{ id: 'dt/single', source: '予防接種実施規則: 1回', doses: [{ dose: 1, label: '2期' }] }],
};

const HPV_NINE_UNDER_15 = 'whether a 2nd dose < 5月 after the 1st leads to a 3rd dose ≥ 3月 after the 2nd (as for ≥ 15)';

export const hpv: VaccineRule = {
  id: 'hpv',
  name: 'ヒトパピローマウイルス (HPV)',
  category: 'A',
  sex: 'female',
  products: [{ id: 'cervarix' }, { id: 'gardasil' }, { id: 'gardasil9' }],
  productRequired: true,
  sameProductThroughout: true,
  productPeriods: [
    { effective: inForce('2013-04-01', '2023-03-31'), products: ['cervarix', 'gardasil'], source: '2価・4価' },
    { effective: inForce('2023-04-01', '2026-03-31'), products: ['cervarix', 'gardasil', 'gardasil9'], source: '9価を追加 (2023-04-01)' },
    {
      effective: inForce('2026-04-01'),
      products: ['gardasil9'],
      continuing: [],
      source: '2026-04-01から9価のみ',
      unconfirmed: 'whether a series begun with 2価/4価 may still be completed with it (put it in `continuing`)',
    },
  ],
  windows: [
    {
      id: 'hpv/regular',
      source: '予防接種法施行令第3条 表 (HPV感染症): 12歳となる日の属する年度の初日から16歳となる日の属する年度の末日までの間にある女子',
      effective: inForce('2013-04-01'),
      from: [fiscalYearStartOfAge(12)],
      to: [fiscalYearEndOfAge(16)],
    },
    {
      id: 'hpv/catch-up',
      source: '予防接種法施行令附則 (キャッチアップ接種): 1997-04-02から2008-04-01までに生まれた女子, 2022-04-01から2025-03-31まで',
      effective: inForce('2022-04-01', '2025-03-31'),
      birth: { from: '1997-04-02', to: '2008-04-01' },
      from: [],
      to: [],
    },
    {
      id: 'hpv/catch-up-extension',
      source: '予防接種法施行令附則 (キャッチアップ接種の延長): 1997-04-02から2009-04-01までに生まれ、2022-04-01から2025-03-31までに1回以上接種した女子は2026-03-31まで',
      effective: inForce('2025-04-01', '2026-03-31'),
      birth: { from: '1997-04-02', to: '2009-04-01' },
      priorDoseBetween: { from: '2022-04-01', to: '2025-03-31' },
      from: [],
      to: [],
    },
  ],
  series: [
    {
      id: 'hpv/gardasil9/2-doses',
      source: '予防接種実施規則: 9価 第1回目を15歳に至るまでに行う場合は5月以上の間隔をおいて2回',
      when: { products: ['gardasil9'], firstDoseTo: [age(15)], gapAtLeast: gap(1, 2, 'months', 5) },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [monthsAfter(1, 5)] },
      ],
    },
    {
      id: 'hpv/gardasil9/3-doses',
      source: '予防接種実施規則: 9価 1月以上の間隔をおいて2回、第2回目から3月以上の間隔をおいて1回',
      unconfirmed: HPV_NINE_UNDER_15,
      when: { products: ['gardasil9'] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [monthsAfter(1, 1)] },
        { dose: 3, label: '3回目', after: [monthsAfter(2, 3)] },
      ],
    },
    {
      id: 'hpv/gardasil',
      source: '予防接種実施規則: 4価 1月以上の間隔をおいて2回、第2回目から3月以上の間隔をおいて1回',
      when: { products: ['gardasil'] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [monthsAfter(1, 1)] },
        { dose: 3, label: '3回目', after: [monthsAfter(2, 3)] },
      ],
    },
    {
      id: 'hpv/cervarix',
      source: '予防接種実施規則: 2価 1月以上の間隔をおいて2回、第1回目から5月以上かつ第2回目から2月半以上の間隔をおいて1回',
      when: { products: ['cervarix'] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [monthsAfter(1, 1)] },
        { dose: 3, label: '3回目', after: [monthsAfter(1, 5), monthsHalfAfter(2, 2)] },
      ],
    },
  ],
};
