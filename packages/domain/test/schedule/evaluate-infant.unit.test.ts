import { describe, it, expect } from 'vitest';
import { check, expectEarliest, expectWindow } from './helpers.ts';
import { addDays, ageReached, monthsReached } from './oracle.ts';

describe('dpt-ipv / dpt-ipv-hib: 生後2月 (生後3月 before 2023-04-01) … 生後90月', () => {
  it('born 2018-04-01 under the old rule: 生後3月 2018-06-30 … 生後90月 2025-09-30', () => {
    expect([monthsReached('2018-04-01', 3), monthsReached('2018-04-01', 90)]).toEqual(['2018-06-30', '2025-09-30']);
    expectWindow({ vaccine: 'dpt-ipv', dose: 1, birthDate: '2018-04-01' }, '2018-06-30', '2025-09-30');
  });

  it('born 2023-04-01 under the new rule: 生後2月 2023-05-31 … 2030-09-30', () => {
    expectWindow({ vaccine: 'dpt-ipv', dose: 1, birthDate: '2023-04-01' }, '2023-05-31', '2030-09-30');
  });

  it('born on the 31st: 生後3月 is the last day of a shorter month', () => {
    expect(monthsReached('2023-01-31', 3)).toBe('2023-04-30');
    // old rule until 2023-03-31 would open 2023-04-30, but the new rule (生後2月 = 2023-03-30) is in force from 04-01
    const r = check({ vaccine: 'dpt-ipv', dose: 1, birthDate: '2023-01-31' }, '2023-03-31');
    expect(r).toMatchObject({ routine: false, reasons: ['too-early'], earliest: '2023-04-01', window: { from: '2023-04-01' } });
  });

  it('the 2023-04-01 change: a child of 生後2月 but not 3月 in March 2023 becomes a target on April 1', () => {
    expect([monthsReached('2023-01-15', 2), monthsReached('2023-01-15', 3)]).toEqual(['2023-03-14', '2023-04-14']);
    const base = { vaccine: 'dpt-ipv', dose: 1, birthDate: '2023-01-15' };
    expect(check(base, '2023-03-20')).toMatchObject({ reasons: ['too-early'], earliest: '2023-04-01', window: { from: '2023-04-01', to: monthsReached('2023-01-15', 90) } });
    expect(check(base, '2023-04-01').routine).toBe(true);
  });

  it('五種混合 is routine only from 2024-04-01', () => {
    const base = { vaccine: 'dpt-ipv-hib', dose: 1, birthDate: '2024-01-10' };
    expect(check(base, '2024-03-31')).toMatchObject({ routine: false, window: null, earliest: null, reasons: ['not-in-schedule-at-date'] });
    expect(monthsReached('2024-01-10', 2)).toBe('2024-03-09');
    expect(check(base, '2024-04-01')).toMatchObject({ routine: true, window: { from: '2024-04-01', to: monthsReached('2024-01-10', 90) } });
    expectWindow({ vaccine: 'dpt-ipv-hib', dose: 1, birthDate: '2024-04-02' }, '2024-06-01', '2031-10-01');
  });

  it('初回 20日以上 (+21) and 追加 6月以上 after 初回3 (Mar 31 + 6月 → Oct 1)', () => {
    const birthDate = '2023-10-01';
    expectEarliest({ vaccine: 'dpt-ipv', dose: 2, birthDate, history: [{ vaccine: 'dpt-ipv', dose: 1, date: '2024-01-10' }] }, '2024-01-31');
    expectEarliest({
      vaccine: 'dpt-ipv', dose: 4, birthDate,
      history: [
        { vaccine: 'dpt-ipv', dose: 1, date: '2024-01-10' }, { vaccine: 'dpt-ipv', dose: 2, date: '2024-02-10' },
        { vaccine: 'dpt-ipv', dose: 3, date: '2024-03-31' },
      ],
    }, '2024-10-01');
  });

  it('a series begun with 四種 continues with 五種 (shared ordinals)', () => {
    const history = [{ vaccine: 'dpt-ipv', dose: 1, date: '2024-06-03' }, { vaccine: 'dpt-ipv', dose: 2, date: '2024-07-01' }];
    expect(check({ vaccine: 'dpt-ipv-hib', dose: 3, birthDate: '2024-04-02', history }, '2024-07-22').routine).toBe(true);
    expect(check({ vaccine: 'dpt-ipv-hib', dose: 3, birthDate: '2024-04-02', history }, '2024-07-21').reasons).toEqual(['interval-too-short']);
  });

  it('needs the earlier doses, and has four', () => {
    expect(check({ vaccine: 'dpt-ipv', dose: 2, birthDate: '2024-01-01' }, '2024-06-01')).toMatchObject({ reasons: ['previous-dose-missing'], earliest: null });
    expect(check({ vaccine: 'dpt-ipv', dose: 5, birthDate: '2024-01-01' }, '2024-06-01')).toMatchObject({ reasons: ['series-complete'], window: null });
  });

  it('長期療養特例 extends the upper age to 15歳', () => {
    const base = { vaccine: 'dpt-ipv', dose: 1, birthDate: '2015-06-10' };
    expect(check(base, '2025-01-01').reasons).toEqual(['too-late']);
    expectWindow({ ...base, conditions: ['long-term-illness'] }, monthsReached('2015-06-10', 3), ageReached('2015-06-10', 15));
  });
});

describe('hib: 生後2月 … 生後60月, series by age at the first dose', () => {
  const birthDate = '2018-04-01';
  const hib = (dose: number, history: { dose: number; date: string }[], conditions?: string[]) => ({
    vaccine: 'hib', dose, birthDate, conditions, history: history.map((h) => ({ vaccine: 'hib', ...h })),
  });

  it('window 2018-05-31 … 2023-03-31 for a 2018-04-01 birth', () => {
    expectWindow(hib(1, []), '2018-05-31', '2023-03-31');
  });

  it('start 2–7月: 3 doses 27日以上 (20日 if the doctor judges it necessary) + 追加 7月以上', () => {
    expectEarliest(hib(2, [{ dose: 1, date: '2018-06-01' }]), '2018-06-29');
    expectEarliest(hib(2, [{ dose: 1, date: '2018-06-01' }], ['doctor-shortened-interval']), '2018-06-22');
    const three = [{ dose: 1, date: '2018-06-01' }, { dose: 2, date: '2018-07-01' }, { dose: 3, date: '2018-07-31' }];
    expectEarliest(hib(4, three), '2019-03-01'); // Jul 31 + 7月: Feb 31 does not exist → Mar 1
  });

  it('start at 生後7月 exactly (2018-10-31) is still the 3+1 series; the day after is 2+1', () => {
    expect(monthsReached(birthDate, 7)).toBe('2018-10-31');
    const at7 = check(hib(4, [{ dose: 1, date: '2018-10-31' }, { dose: 2, date: '2018-11-28' }, { dose: 3, date: '2018-12-26' }]), '2019-07-26');
    expect(at7).toMatchObject({ routine: true, series: 'hib/start-2m-7m' });
    const after7 = [{ dose: 1, date: '2018-11-01' }, { dose: 2, date: '2018-11-29' }];
    expectEarliest(hib(3, after7), '2019-06-29'); // 追加 7月 after 初回2
    expect(check(hib(4, [...after7, { dose: 3, date: '2019-07-01' }]), '2019-12-01')).toMatchObject({ reasons: ['series-complete'], window: null });
  });

  it('start at 生後12月 exactly (2019-03-31) is 2+1; from the next day a single dose', () => {
    expect(monthsReached(birthDate, 12)).toBe('2019-03-31');
    expect(check(hib(2, [{ dose: 1, date: '2019-03-31' }]), '2019-04-28')).toMatchObject({ routine: true, series: 'hib/start-7m-12m' });
    expect(check(hib(2, [{ dose: 1, date: '2019-04-01' }]), '2019-06-01')).toMatchObject({ reasons: ['series-complete'], series: 'hib/start-12m-60m' });
  });

  it('長期療養特例: up to 10歳', () => {
    expectWindow(hib(1, [], ['long-term-illness']), '2018-05-31', ageReached(birthDate, 10));
  });

  it('長期療養特例 ended: within 2年 of the day it ended (起算して2年を経過する日), never past 10歳', () => {
    // ended 2022-05-10 → 2年を経過する日 2024-05-09, before the 10th birthday's eve
    expectWindow(hib(1, [], ['long-term-illness:2022-05-10']), '2018-05-31', '2024-05-09');
    expect(check(hib(1, [], ['long-term-illness:2022-05-10']), '2024-05-09').routine).toBe(true);
    expect(check(hib(1, [], ['long-term-illness:2022-05-10']), '2024-05-10').reasons).toEqual(['too-late']);
    // ended late: the upper age (10歳に達する日) comes first
    expectWindow(hib(1, [], ['long-term-illness:2027-01-01']), '2018-05-31', ageReached(birthDate, 10));
  });
});

describe('pcv: 生後2月 … 生後60月, series by age at the first dose, products over time', () => {
  const birthDate = '2018-04-01';
  const pcv = (dose: number, history: { dose: number; date: string }[], product = 'pcv13') => ({
    vaccine: 'pcv', dose, birthDate, product, history: history.map((h) => ({ vaccine: 'pcv', product, ...h })),
  });

  it('window and the 初回 limit of 生後24月 (2020-03-31)', () => {
    expectWindow(pcv(1, []), '2018-05-31', '2023-03-31');
    const two = [{ dose: 1, date: '2018-06-01' }, { dose: 2, date: '2020-01-10' }];
    const d3 = check(pcv(3, two), '2020-04-01');
    expect(d3).toMatchObject({ reasons: ['too-late'], window: { from: '2018-05-31', to: '2020-03-31' } });
    expect(check(pcv(3, two), '2020-03-31').routine).toBe(true);
  });

  it('追加: 60日以上 after 初回3 and not before 生後12月 (2019-03-31)', () => {
    const early = [{ dose: 1, date: '2018-06-01' }, { dose: 2, date: '2018-07-01' }, { dose: 3, date: '2018-08-01' }];
    const r = check(pcv(4, early), '2019-03-30');
    expect(r).toMatchObject({ reasons: ['too-early'], window: { from: '2019-03-31', to: '2023-03-31' }, earliest: '2019-03-31' });
    const late = [{ dose: 1, date: '2018-06-01' }, { dose: 2, date: '2018-07-01' }, { dose: 3, date: '2019-03-01' }];
    expectEarliest(pcv(4, late), addDays('2019-03-01', 61));
  });

  it('start 7–12月: 2 + 1; start 12–24月: 2 doses 60日以上; start after 24月: 1 dose', () => {
    expect(check(pcv(3, [{ dose: 1, date: '2018-11-01' }, { dose: 2, date: '2018-12-01' }]), '2019-03-31').routine).toBe(true);
    expect(check(pcv(4, [{ dose: 1, date: '2018-11-01' }, { dose: 2, date: '2018-12-01' }, { dose: 3, date: '2019-04-01' }]), '2019-09-01').reasons).toEqual(['series-complete']);
    expectEarliest(pcv(2, [{ dose: 1, date: '2019-04-01' }]), addDays('2019-04-01', 61));
    expect(check(pcv(3, [{ dose: 1, date: '2019-04-01' }, { dose: 2, date: '2019-06-01' }]), '2019-09-01').reasons).toEqual(['series-complete']);
    expect(monthsReached(birthDate, 24)).toBe('2020-03-31');
    expect(check(pcv(2, [{ dose: 1, date: '2020-03-31' }]), '2020-06-01').routine).toBe(true);
    expect(check(pcv(2, [{ dose: 1, date: '2020-04-01' }]), '2020-06-01').reasons).toEqual(['series-complete']);
  });

  it('PCV13 → PCV15 (2024-04-01) → PCV20 (2024-10-01)', () => {
    const b = '2024-06-01'; // 生後2月 2024-07-31
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: b, product: 'pcv15' }, '2024-09-30').routine).toBe(true);
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: b, product: 'pcv20' }, '2024-09-30')).toMatchObject({
      reasons: ['product-not-allowed', 'too-early'], earliest: '2024-10-01', window: { from: '2024-10-01' },
    });
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: b, product: 'pcv20' }, '2024-10-01').routine).toBe(true);
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: b, product: 'pcv15' }, '2024-10-01').reasons).toContain('product-not-allowed');
    // UNCONFIRMED data: a series begun with PCV15 may be completed with it
    const history = [{ vaccine: 'pcv', dose: 1, date: '2024-08-01', product: 'pcv15' }];
    expect(check({ vaccine: 'pcv', dose: 2, birthDate: b, product: 'pcv15', history }, '2024-10-01').routine).toBe(true);
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: '2024-01-01', product: 'pcv15' }, '2024-03-29').reasons).toContain('product-not-allowed');
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: '2024-01-01', product: 'pcv13' }, '2024-03-29').routine).toBe(true);
  });

  it('長期療養特例: up to 6歳', () => {
    expectWindow({ ...pcv(1, []), conditions: ['long-term-illness'] }, '2018-05-31', '2024-03-31');
  });
});

describe('hepb: until 1歳に至るまで, for births from 2016-04-01', () => {
  it('window from birth to the day before the 1st birthday', () => {
    expectWindow({ vaccine: 'hepb', dose: 1, birthDate: '2020-01-31' }, '2020-01-31', '2021-01-30');
    expectWindow({ vaccine: 'hepb', dose: 1, birthDate: '2020-02-29' }, '2020-02-29', '2021-02-28');
  });
  it('2nd 27日以上 after the 1st; 3rd 139日以上 after the 1st', () => {
    const birthDate = '2020-01-31';
    const h1 = [{ vaccine: 'hepb', dose: 1, date: '2020-03-01' }];
    expectEarliest({ vaccine: 'hepb', dose: 2, birthDate, history: h1 }, '2020-03-29');
    expect(addDays('2020-03-01', 140)).toBe('2020-07-19');
    expectEarliest({ vaccine: 'hepb', dose: 3, birthDate, history: [...h1, { vaccine: 'hepb', dose: 2, date: '2020-04-01' }] }, '2020-07-19');
  });
  it('not for births before 2016-04-01; first in force 2016-10-01', () => {
    expect(check({ vaccine: 'hepb', dose: 1, birthDate: '2016-03-31' }, '2016-11-01')).toMatchObject({ reasons: ['not-in-target-group'], window: null });
    expectWindow({ vaccine: 'hepb', dose: 1, birthDate: '2016-04-01' }, '2016-10-01', '2017-03-31', { before: 'not-in-schedule-at-date' });
  });
});

describe('rota: birth + 42 … + 168 (1価) / + 224 (5価), same product throughout', () => {
  const birthDate = '2024-01-01';
  it('windows by product', () => {
    expectWindow({ vaccine: 'rota', dose: 1, birthDate, product: 'rotarix' }, addDays(birthDate, 42), addDays(birthDate, 168));
    expectWindow({ vaccine: 'rota', dose: 1, birthDate, product: 'rotateq' }, addDays(birthDate, 42), addDays(birthDate, 224));
    expect([addDays(birthDate, 42), addDays(birthDate, 168), addDays(birthDate, 224)]).toEqual(['2024-02-12', '2024-06-17', '2024-08-12']);
  });
  it('1価 2 doses, 5価 3 doses, 27日以上 apart', () => {
    const h = (product: string, n: number) => Array.from({ length: n }, (_, i) => ({ vaccine: 'rota', dose: i + 1, date: addDays('2024-03-01', 28 * i), product }));
    expect(check({ vaccine: 'rota', dose: 3, birthDate, product: 'rotarix', history: h('rotarix', 2) }, '2024-05-01').reasons).toEqual(['series-complete']);
    expectEarliest({ vaccine: 'rota', dose: 3, birthDate, product: 'rotateq', history: h('rotateq', 2) }, addDays('2024-03-29', 28));
  });
  it('needs the product, and the same one', () => {
    expect(check({ vaccine: 'rota', dose: 1, birthDate }, '2024-03-01')).toMatchObject({ reasons: ['product-unknown'], window: { to: '2024-08-12' } });
    const history = [{ vaccine: 'rota', dose: 1, date: '2024-03-01', product: 'rotarix' }];
    expect(check({ vaccine: 'rota', dose: 2, birthDate, product: 'rotateq', history }, '2024-04-01').reasons).toEqual(['product-mismatch']);
    // the series keeps the first dose's product when none is given: 1価 limit applies
    expect(check({ vaccine: 'rota', dose: 2, birthDate, history }, '2024-06-18').reasons).toEqual(['too-late']);
  });
  it('only for births from 2020-08-01', () => {
    expect(check({ vaccine: 'rota', dose: 1, birthDate: '2020-07-31', product: 'rotarix' }, '2020-10-01').reasons).toEqual(['not-in-target-group']);
    expect(check({ vaccine: 'rota', dose: 1, birthDate: '2020-08-01', product: 'rotarix' }, '2020-10-01').routine).toBe(true);
  });
  it('oral live: no 27日 rule after an injectable live vaccine', () => {
    const history = [{ vaccine: 'bcg', dose: 1, date: '2024-02-20' }];
    expect(check({ vaccine: 'rota', dose: 1, birthDate, product: 'rotarix', history }, '2024-02-25').routine).toBe(true);
  });
});

describe('bcg: until 1歳に至るまで', () => {
  it('window, Feb 29 birth, long-term 4歳', () => {
    expectWindow({ vaccine: 'bcg', dose: 1, birthDate: '2024-01-01' }, '2024-01-01', '2024-12-31');
    expectWindow({ vaccine: 'bcg', dose: 1, birthDate: '2024-02-29' }, '2024-02-29', '2025-02-28');
    expectWindow({ vaccine: 'bcg', dose: 1, birthDate: '2024-02-29', conditions: ['long-term-illness'] }, '2024-02-29', '2028-02-28');
    expect(check({ vaccine: 'bcg', dose: 2, birthDate: '2024-01-01' }, '2024-06-01').reasons).toEqual(['series-complete']);
  });
});
