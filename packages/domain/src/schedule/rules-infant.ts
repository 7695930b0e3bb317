/** Infant series: 五種/四種混合, Hib, 小児用肺炎球菌, B型肝炎, ロタウイルス, BCG. */
import type { SeriesVariant, VaccineRule, WindowRule } from './rule-schema.ts';
import { age, birthDays, daysAfter, inForce, longTermTwin, months, monthsAfter } from './rule-builders.ts';

const LONG_TERM = '予防接種法施行令第1条の3第2項・施行規則第2条の2 (長期療養特例): 長期療養で受けられなかった者の特例';

const dptIpvSeries: SeriesVariant[] = [
  {
    id: 'dpt-ipv/standard',
    source: '予防接種実施規則: 初回 20日以上の間隔をおいて3回, 追加 初回終了後6月以上の間隔をおいて1回',
    doses: [
      { dose: 1, label: '初回1' },
      { dose: 2, label: '初回2', after: [daysAfter(1, 20)] },
      { dose: 3, label: '初回3', after: [daysAfter(2, 20)] },
      { dose: 4, label: '追加', after: [monthsAfter(3, 6)] },
    ],
  },
];

const dpt3m: WindowRule = {
  id: 'dpt-ipv/3m-90m',
  source: '予防接種法施行令第3条 表 (ジフテリア等 第1期): 生後3月から生後90月に至るまでの間にある者 (2023-03-31まで)',
  effective: inForce('2012-11-01', '2023-03-31'),
  from: [months(3)],
  to: [months(90)],
};
const dpt2m: WindowRule = {
  id: 'dpt-ipv/2m-90m',
  source: '予防接種法施行令第3条 表 (ジフテリア等 第1期): 生後2月から生後90月に至るまでの間にある者 (2023-04-01改正)',
  effective: inForce('2023-04-01'),
  from: [months(2)],
  to: [months(90)],
};

export const dptIpv: VaccineRule = {
  id: 'dpt-ipv',
  name: '四種混合 (DPT-IPV)',
  category: 'A',
  // children who started with 四種 may finish with 五種 and vice versa: the DPT-IPV ordinals are shared
  countsDosesOf: ['dpt-ipv-hib'],
  windows: [dpt3m, dpt2m, longTermTwin(dpt3m, age(15), LONG_TERM), longTermTwin(dpt2m, age(15), LONG_TERM)],
  series: dptIpvSeries,
};

const dptHib: WindowRule = {
  id: 'dpt-ipv-hib/2m-90m',
  source: '予防接種法施行令第3条 表: 五種混合 (DPT-IPV-Hib) は2024-04-01から定期接種; 生後2月から生後90月に至るまで',
  effective: inForce('2024-04-01'),
  from: [months(2)],
  to: [months(90)],
};

export const dptIpvHib: VaccineRule = {
  id: 'dpt-ipv-hib',
  name: '五種混合 (DPT-IPV-Hib)',
  category: 'A',
  countsDosesOf: ['dpt-ipv'],
  windows: [dptHib, longTermTwin(dptHib, age(15), LONG_TERM)],
  series: dptIpvSeries,
};

const hibWindow: WindowRule = {
  id: 'hib/2m-60m',
  source: '予防接種法施行令第3条 表 (Hib感染症): 生後2月から生後60月に至るまでの間にある者',
  effective: inForce('2013-04-01'),
  from: [months(2)],
  to: [months(60)],
};
const hib27 = (dose: number) => daysAfter(dose, 27, { condition: 'doctor-shortened-interval', n: 20 });

export const hib: VaccineRule = {
  id: 'hib',
  name: 'ヒブ (Hib)',
  category: 'A',
  // UNCONFIRMED: Hib doses of 五種混合 counted towards a Hib series (the law counts the disease, not the product)
  countsDosesOf: ['dpt-ipv-hib'],
  windows: [hibWindow, longTermTwin(hibWindow, age(10), LONG_TERM)],
  series: [
    {
      id: 'hib/start-2m-7m',
      source: '予防接種実施規則: 初回開始が生後2月から生後7月に至るまで — 初回 27日(医師が必要と認めるときは20日)以上の間隔で3回, 追加 初回終了後7月以上で1回',
      when: { firstDoseFrom: [months(2)], firstDoseTo: [months(7)] },
      doses: [
        { dose: 1, label: '初回1' },
        { dose: 2, label: '初回2', after: [hib27(1)] },
        { dose: 3, label: '初回3', after: [hib27(2)] },
        { dose: 4, label: '追加', after: [monthsAfter(3, 7)] },
      ],
    },
    {
      id: 'hib/start-7m-12m',
      source: '予防接種実施規則: 初回開始が生後7月に至った日の翌日から生後12月に至るまで — 初回2回, 追加 初回終了後7月以上で1回',
      when: { firstDoseFrom: [months(7, 1)], firstDoseTo: [months(12)] },
      doses: [
        { dose: 1, label: '初回1' },
        { dose: 2, label: '初回2', after: [hib27(1)] },
        { dose: 3, label: '追加', after: [monthsAfter(2, 7)] },
      ],
    },
    {
      id: 'hib/start-12m-60m',
      source: '予防接種実施規則: 接種開始が生後12月に至った日の翌日以降 — 1回',
      when: { firstDoseFrom: [months(12, 1)] },
      doses: [{ dose: 1, label: '1回' }],
    },
  ],
};

const pcvWindow: WindowRule = {
  id: 'pcv/2m-60m',
  source: '予防接種法施行令第3条 表 (小児の肺炎球菌感染症): 生後2月から生後60月に至るまでの間にある者',
  effective: inForce('2013-04-01'),
  from: [months(2)],
  to: [months(60)],
};

export const pcv: VaccineRule = {
  id: 'pcv',
  name: '小児用肺炎球菌',
  category: 'A',
  products: [{ id: 'pcv7' }, { id: 'pcv13' }, { id: 'pcv15' }, { id: 'pcv20' }],
  productPeriods: [
    { effective: inForce('2013-04-01', '2013-10-31'), products: ['pcv7'], source: '沈降7価 (PCV7)' },
    { effective: inForce('2013-11-01', '2024-03-31'), products: ['pcv13'], continuing: ['pcv7'], source: 'PCV7 → PCV13 (2013-11-01)' },
    {
      effective: inForce('2024-04-01', '2024-09-30'),
      products: ['pcv13', 'pcv15'],
      source: 'PCV15 を定期接種に追加 (2024-04-01)',
      unconfirmed: 'whether PCV13 stayed available for new series between 2024-04-01 and 2024-09-30',
    },
    {
      effective: inForce('2024-10-01'),
      products: ['pcv20'],
      continuing: ['pcv13', 'pcv15'],
      source: '定期接種の使用ワクチンを PCV20 に変更 (2024-10-01)',
      unconfirmed: 'whether a series begun with PCV13/PCV15 may be completed with it after 2024-10-01',
    },
  ],
  windows: [pcvWindow, longTermTwin(pcvWindow, age(6), LONG_TERM)],
  series: [
    {
      id: 'pcv/start-2m-7m',
      source: '予防接種実施規則: 初回開始が生後2月から生後7月に至るまで — 初回 27日以上の間隔で3回 (生後24月に至るまで), 追加 初回終了後60日以上かつ生後12月に至った日以降に1回',
      when: { firstDoseFrom: [months(2)], firstDoseTo: [months(7)] },
      doses: [
        { dose: 1, label: '初回1' },
        { dose: 2, label: '初回2', after: [daysAfter(1, 27)], to: [months(24)] },
        { dose: 3, label: '初回3', after: [daysAfter(2, 27)], to: [months(24)] },
        { dose: 4, label: '追加', after: [daysAfter(3, 60)], from: [months(12)] },
      ],
    },
    {
      id: 'pcv/start-7m-12m',
      source: '予防接種実施規則: 初回開始が生後7月に至った日の翌日から生後12月に至るまで — 初回2回 (生後24月まで), 追加 60日以上かつ生後12月以降',
      when: { firstDoseFrom: [months(7, 1)], firstDoseTo: [months(12)] },
      doses: [
        { dose: 1, label: '初回1' },
        { dose: 2, label: '初回2', after: [daysAfter(1, 27)], to: [months(24)] },
        { dose: 3, label: '追加', after: [daysAfter(2, 60)], from: [months(12)] },
      ],
    },
    {
      id: 'pcv/start-12m-24m',
      source: '予防接種実施規則: 接種開始が生後12月に至った日の翌日から生後24月に至るまで — 60日以上の間隔で2回',
      when: { firstDoseFrom: [months(12, 1)], firstDoseTo: [months(24)] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [daysAfter(1, 60)] },
      ],
    },
    {
      id: 'pcv/start-24m-60m',
      source: '予防接種実施規則: 接種開始が生後24月に至った日の翌日以降 — 1回',
      when: { firstDoseFrom: [months(24, 1)] },
      doses: [{ dose: 1, label: '1回' }],
    },
  ],
};

export const hepb: VaccineRule = {
  id: 'hepb',
  name: 'B型肝炎',
  category: 'A',
  windows: [
    {
      id: 'hepb/until-1y',
      source: '予防接種法施行令第3条 表 (B型肝炎): 1歳に至るまでの間にある者; 附則: 2016-04-01以後に生まれた者',
      effective: inForce('2016-10-01'),
      birth: { from: '2016-04-01' },
      from: [birthDays(0)],
      to: [age(1)],
    },
  ],
  series: [
    {
      id: 'hepb/standard',
      source: '予防接種実施規則: 27日以上の間隔をおいて2回, 第1回目から139日以上の間隔をおいて1回',
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [daysAfter(1, 27)] },
        { dose: 3, label: '3回目', after: [daysAfter(1, 139)] },
      ],
    },
  ],
};

export const rota: VaccineRule = {
  id: 'rota',
  name: 'ロタウイルス',
  category: 'A',
  live: 'oral', // oral live: outside the 27日 rule between different live vaccines
  products: [
    { id: 'rotarix', live: 'oral' },
    { id: 'rotateq', live: 'oral' },
  ],
  productRequired: true,
  sameProductThroughout: true,
  windows: [
    {
      id: 'rota/rotarix',
      source: '予防接種法施行令第3条 表 (ロタウイルス感染症): 1価 出生6週0日後から24週0日後まで; 附則: 2020-08-01以後に生まれた者',
      effective: inForce('2020-10-01'),
      birth: { from: '2020-08-01' },
      products: ['rotarix'],
      from: [birthDays(42)],
      to: [birthDays(168)],
    },
    {
      id: 'rota/rotateq',
      source: '予防接種法施行令第3条 表 (ロタウイルス感染症): 5価 出生6週0日後から32週0日後まで; 附則: 2020-08-01以後に生まれた者',
      effective: inForce('2020-10-01'),
      birth: { from: '2020-08-01' },
      products: ['rotateq'],
      from: [birthDays(42)],
      to: [birthDays(224)],
    },
  ],
  series: [
    {
      id: 'rota/rotarix',
      source: '予防接種実施規則: 1価 27日以上の間隔をおいて2回 (初回は出生14週6日後までが標準)',
      when: { products: ['rotarix'] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [daysAfter(1, 27)] },
      ],
    },
    {
      id: 'rota/rotateq',
      source: '予防接種実施規則: 5価 27日以上の間隔をおいて3回',
      when: { products: ['rotateq'] },
      doses: [
        { dose: 1, label: '1回目' },
        { dose: 2, label: '2回目', after: [daysAfter(1, 27)] },
        { dose: 3, label: '3回目', after: [daysAfter(2, 27)] },
      ],
    },
  ],
};

const bcgWindow: WindowRule = {
  id: 'bcg/until-1y',
  source: '予防接種法施行令第3条 表 (結核): 1歳に至るまでの間にある者',
  effective: inForce('2013-04-01'),
  from: [birthDays(0)],
  to: [age(1)],
};

export const bcg: VaccineRule = {
  id: 'bcg',
  name: 'BCG',
  category: 'A',
  live: 'injectable',
  windows: [bcgWindow, longTermTwin(bcgWindow, age(4), LONG_TERM)],
  series: [{ id: 'bcg/single', source: '予防接種実施規則: 1回', doses: [{ dose: 1, label: '1回' }] }],
};
