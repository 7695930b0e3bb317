import { describe, it, expect } from 'vitest';
import { defaultRuleSet } from '../../src/schedule/rules.ts';
import { check, expectEarliest, expectWindow } from './helpers.ts';
import { ageReached, fiscalYear, fyEnd, fyStart, max, min, monthsReached, schoolEntry, addDays } from './oracle.ts';

const noMrExtension = { ...defaultRuleSet, switches: { ...defaultRuleSet.switches, 'mr-fy2024-extension': false } };

describe('mr', () => {
  it('1期: 生後12月 … 生後24月 (born 2020-04-01: 2021-03-31 … 2022-03-31; born on the 31st and Feb 29)', () => {
    expectWindow({ vaccine: 'mr', dose: 1, birthDate: '2020-04-01' }, '2021-03-31', '2022-03-31');
    expectWindow({ vaccine: 'mr', dose: 1, birthDate: '2020-02-29' }, '2021-02-28', '2022-02-28');
    expectWindow({ vaccine: 'mr', dose: 1, birthDate: '2019-01-31' }, '2020-01-30', '2021-01-30');
  });

  it('2期: the year before 就学の始期 (born 2020-04-01 → 2025-04-01 … 2026-03-31; 04-02 → 2026-04-01 … 2027-03-31)', () => {
    expectWindow({ vaccine: 'mr', dose: 2, birthDate: '2020-04-01' }, '2025-04-01', '2026-03-31');
    expectWindow({ vaccine: 'mr', dose: 2, birthDate: '2020-04-02' }, '2026-04-01', '2027-03-31');
    for (const birth of ['2019-02-28', '2019-12-31', '2018-04-02']) {
      const from = max(ageReached(birth, 5), addDays(schoolEntry(birth), -366).slice(0, 4) + '-04-01');
      const to = min(ageReached(birth, 7), addDays(schoolEntry(birth), -1));
      expectWindow({ vaccine: 'mr', dose: 2, birthDate: birth }, from, to, { rules: noMrExtension });
    }
  });

  it('2期 does not need 1期', () => {
    expect(check({ vaccine: 'mr', dose: 2, birthDate: '2020-04-02' }, '2026-05-01').routine).toBe(true);
    expect(check({ vaccine: 'mr', dose: 3, birthDate: '2020-04-02' }, '2026-05-01').reasons).toEqual(['series-complete']);
  });

  it('FY2024 extension to 2027-03-31 (UNCONFIRMED → switch mr-fy2024-extension)', () => {
    // 2期 cohort of FY2024: 就学の始期 2025-04-01
    const p2 = { vaccine: 'mr', dose: 2, birthDate: '2019-01-15' };
    expect(check(p2, '2026-06-01')).toMatchObject({ routine: true, window: { from: '2024-04-01', to: '2027-03-31' } });
    expect(check(p2, '2027-04-01').reasons).toEqual(['too-late']);
    expect(check(p2, '2026-06-01', noMrExtension)).toMatchObject({ reasons: ['too-late'], window: { from: '2024-04-01', to: '2025-03-31' } });
    // 1期 cohort: in 生後12月…24月 on some day of FY2024
    expect(check({ vaccine: 'mr', dose: 1, birthDate: '2023-03-10' }, '2026-01-01').routine).toBe(true);
    expect(check({ vaccine: 'mr', dose: 1, birthDate: '2022-04-01' }, '2025-06-01').reasons).toEqual(['too-late']);
    expect(check({ vaccine: 'mr', dose: 1, birthDate: '2022-04-02' }, '2025-06-01').routine).toBe(true);
  });
});

describe('varicella: 生後12月 … 生後36月, 2 doses 3月以上', () => {
  it('window', () => {
    expectWindow({ vaccine: 'varicella', dose: 1, birthDate: '2023-01-31' }, '2024-01-30', '2026-01-30');
  });
  it('3月の間隔, including Nov 30 + 3月 → Mar 1, and voluntary doses count', () => {
    const birthDate = '2023-01-31';
    expectEarliest({ vaccine: 'varicella', dose: 2, birthDate, history: [{ vaccine: 'varicella', dose: 1, date: '2024-02-29' }] }, '2024-05-29');
    expectEarliest({ vaccine: 'varicella', dose: 2, birthDate, history: [{ vaccine: 'varicella', dose: 1, date: '2024-11-30' }] }, '2025-03-01');
    // dose 1 given voluntarily before 生後12月: dose 2 is still routine
    expect(check({ vaccine: 'varicella', dose: 2, birthDate, history: [{ vaccine: 'varicella', dose: 1, date: '2023-12-01' }] }, '2024-03-01').routine).toBe(true);
  });
});

describe('je: 1期 生後6月 … 生後90月, 2期 9歳以上13歳未満, 特例', () => {
  const birthDate = '2019-06-15';
  const je = (dose: number, history: { dose: number; date: string }[] = [], birth = birthDate) => ({
    vaccine: 'je', dose, birthDate: birth, history: history.map((h) => ({ vaccine: 'je', ...h })),
  });
  it('windows of 1期 and 2期', () => {
    expectWindow(je(1), monthsReached(birthDate, 6), monthsReached(birthDate, 90));
    expect([monthsReached(birthDate, 6), monthsReached(birthDate, 90)]).toEqual(['2019-12-14', '2026-12-14']);
    expectWindow(je(4), '2028-06-14', '2032-06-14');
  });
  it('初回 6日以上 (+7), 追加 6月以上 after 初回2', () => {
    expectEarliest(je(2, [{ dose: 1, date: '2020-01-10' }]), '2020-01-17');
    expectEarliest(je(3, [{ dose: 1, date: '2020-01-10' }, { dose: 2, date: '2020-08-31' }]), '2021-03-01');
  });
  it('特例 for births 1995-04-02 … 2007-04-01: remaining doses up to 20歳未満', () => {
    const b = '2000-05-01';
    // the regular 1期 window ended 2007-10-31; the 特例 window (in force from 2011-05-20, UNCONFIRMED) runs to 20歳未満
    for (const dose of [1, 4]) {
      expect(check(je(dose, [], b), '2019-06-01')).toMatchObject({ routine: true, window: { to: '2020-04-30' } });
      expect(check(je(dose, [], b), '2020-04-30').routine).toBe(true);
      expect(check(je(dose, [], b), '2020-05-01')).toMatchObject({ reasons: ['too-late'], window: { to: '2020-04-30' } });
    }
    expect(check(je(1, [], b), '2001-01-01')).toMatchObject({ routine: true, window: { from: '2000-10-31', to: '2007-10-31' } });
    expect(check(je(1, [], '1995-04-01'), '2012-01-01').reasons).toEqual(['too-late']);
    expect(check(je(1, [], '1995-04-02'), '2014-01-01').routine).toBe(true);
    expect(check(je(1, [], '2007-04-01'), '2026-01-01').routine).toBe(true);
  });
  it('births 2007-04-02 … 2009-10-01: 1期 remaining doses at 9–13 (UNCONFIRMED data)', () => {
    expect(check(je(1, [], '2007-04-02'), '2018-01-01')).toMatchObject({ routine: true, window: { from: '2016-04-01', to: '2020-04-01' } });
    expect(check(je(1, [], '2007-04-02'), '2024-01-01').reasons).toEqual(['too-late']);
  });
});

describe('dt: 11歳以上13歳未満', () => {
  it('window, April 1 and April 2 births', () => {
    expectWindow({ vaccine: 'dt', dose: 1, birthDate: '2012-04-01' }, '2023-03-31', '2025-03-31');
    expectWindow({ vaccine: 'dt', dose: 1, birthDate: '2012-04-02' }, '2023-04-01', '2025-04-01');
  });
});

describe('hpv (female)', () => {
  const f = (dose: number, birthDate: string, product: string, history: { dose: number; date: string }[] = []) => ({
    vaccine: 'hpv', dose, birthDate, sex: 'female' as const, product,
    history: history.map((h) => ({ vaccine: 'hpv', product, ...h })),
  });

  it('年度 of 12歳となる日 … 年度 of 16歳となる日: April 1 vs April 2 births', () => {
    // born 2010-04-01: reaches 12 on 2022-03-31 (FY2021) and 16 on 2026-03-31 (FY2025)
    expect([fiscalYear(ageReached('2010-04-01', 12)), fiscalYear(ageReached('2010-04-01', 16))]).toEqual([2021, 2025]);
    expectWindow(f(1, '2010-04-01', 'cervarix'), fyStart(2021), fyEnd(2025));
    // born 2010-04-02: FY2022 … FY2026; 2価 ends 2026-03-31 and 9価 starts 2023-04-01, so each clips one end
    expect(check(f(1, '2010-04-02', 'cervarix'), '2022-03-31')).toMatchObject({ reasons: ['too-early'], window: { from: '2022-04-01', to: '2026-03-31' } });
    expect(check(f(1, '2010-04-02', 'cervarix'), '2022-04-01').routine).toBe(true);
    expect(check(f(1, '2010-04-02', 'gardasil9'), '2027-03-31')).toMatchObject({ routine: true, window: { from: '2023-04-01', to: '2027-03-31' } });
    expect(check(f(1, '2010-04-02', 'gardasil9'), '2027-04-01').reasons).toEqual(['too-late']);
  });

  it('is for females only', () => {
    expect(check({ ...f(1, '2010-06-01', 'gardasil9'), sex: 'male' }, '2024-06-01')).toMatchObject({ reasons: ['wrong-sex'], window: null, earliest: null });
    expect(check({ ...f(1, '2010-06-01', 'gardasil9'), sex: undefined }, '2024-06-01').reasons).toEqual(['sex-unknown']);
  });

  it('9価 with the 1st dose before 15: 2 doses ≥ 5月; a 2nd dose earlier than that needs a 3rd', () => {
    const b = '2012-06-01';
    expect(ageReached(b, 15)).toBe('2027-05-31');
    const d1 = [{ dose: 1, date: '2024-06-01' }];
    expect(check(f(2, b, 'gardasil9', d1), '2024-11-01')).toMatchObject({ routine: true, series: 'hpv/gardasil9/2-doses' });
    expect(check(f(3, b, 'gardasil9', [...d1, { dose: 2, date: '2024-11-01' }]), '2025-06-01')).toMatchObject({ reasons: ['series-complete'], window: null });
    // a 2nd dose at 1月 is routine (3-dose series): earliest is 1月 after the 1st
    expectEarliest(f(2, b, 'gardasil9', d1), '2024-07-01');
    const early2 = [...d1, { dose: 2, date: '2024-10-31' }];
    expect(check(f(3, b, 'gardasil9', early2), '2025-01-30')).toMatchObject({ reasons: ['interval-too-short'], earliest: '2025-01-31' });
  });

  it('9価 with the 1st dose on the day of reaching 15 is still "15歳未満"; the day after is the 3-dose series', () => {
    const b = '2010-04-02'; // reaches 15 on 2025-04-01
    const at = [{ dose: 1, date: '2025-04-01' }, { dose: 2, date: '2025-09-01' }];
    expect(check(f(3, b, 'gardasil9', at), '2025-12-01').reasons).toEqual(['series-complete']);
    const after = [{ dose: 1, date: '2025-04-02' }, { dose: 2, date: '2025-09-02' }];
    expect(check(f(3, b, 'gardasil9', after), '2025-12-02')).toMatchObject({ routine: true, series: 'hpv/gardasil9/3-doses' });
  });

  it('2価: 3rd ≥ 5月 after the 1st and ≥ 2月半 after the 2nd (MHLW: 2023-04-01 + 2月半 → 06-16)', () => {
    const b = '2010-04-02';
    expectEarliest(f(3, b, 'cervarix', [{ dose: 1, date: '2023-01-01' }, { dose: 2, date: '2023-04-01' }]), '2023-06-16');
    expectEarliest(f(3, b, 'cervarix', [{ dose: 1, date: '2023-04-01' }, { dose: 2, date: '2023-05-01' }]), '2023-09-01');
  });

  it('4価: 2nd ≥ 1月, 3rd ≥ 3月 after the 2nd; same product throughout', () => {
    const b = '2010-04-02';
    expectEarliest(f(2, b, 'gardasil', [{ dose: 1, date: '2023-01-31' }]), '2023-03-01');
    expectEarliest(f(3, b, 'gardasil', [{ dose: 1, date: '2023-01-31' }, { dose: 2, date: '2023-03-01' }]), '2023-06-01');
    const r = check({ ...f(2, b, 'gardasil9'), history: [{ vaccine: 'hpv', dose: 1, date: '2023-05-01', product: 'gardasil' }] }, '2023-07-01');
    expect(r.reasons).toContain('product-mismatch');
  });

  it('catch-up: born 1997-04-02 … 2008-04-01, 2022-04-01 … 2025-03-31', () => {
    const b = '2000-01-01';
    expect(check(f(1, b, 'cervarix'), '2020-01-01')).toMatchObject({ reasons: ['too-early'], window: { from: '2022-04-01', to: '2025-03-31' } });
    expect(check(f(1, b, 'cervarix'), '2016-03-31').routine).toBe(true); // the regular window, in force from 2013-04-01
    expectWindow(f(1, b, 'gardasil9'), '2023-04-01', '2025-03-31', { before: 'product-not-allowed' });
    // born 1997-04-01: the regular window ended 2013-03-31, before HPV became routine (2013-04-01)
    expect(check(f(1, '1997-04-01', 'gardasil'), '2022-06-01')).toMatchObject({ reasons: ['not-in-target-group'], window: null });
    expect(check(f(1, '1997-04-02', 'gardasil'), '2022-06-01').routine).toBe(true);
    expect(check(f(1, '2008-04-01', 'gardasil'), '2022-06-01').routine).toBe(true);
  });

  it('extension to 2026-03-31 for born 1997-04-02 … 2009-04-01 with ≥ 1 dose in the catch-up period', () => {
    const b = '2000-01-01';
    const d1 = [{ dose: 1, date: '2024-06-01' }];
    expect(check(f(2, b, 'gardasil9', d1), '2025-06-01')).toMatchObject({ routine: true, window: { from: '2023-04-01', to: '2026-03-31' } });
    expect(check(f(2, b, 'gardasil9', d1), '2026-04-01').reasons).toEqual(['too-late']);
    expect(check(f(1, b, 'gardasil9'), '2025-04-01').reasons).toEqual(['too-late']);
    // born in FY2008: regular window to 2025-03-31, then the extension
    const b2 = '2009-01-01';
    expect(check(f(2, b2, 'gardasil9', [{ dose: 1, date: '2024-12-01' }]), '2025-05-01').routine).toBe(true);
    expect(check(f(1, b2, 'gardasil9'), '2025-04-01').reasons).toEqual(['too-late']);
    expect(check(f(1, '2009-04-02', 'gardasil9'), '2026-03-31').routine).toBe(true); // regular window (16 in FY2025)
  });

  it('from 2026-04-01 only 9価', () => {
    const b = '2012-06-01';
    expect(check(f(1, b, 'cervarix'), '2026-05-01').reasons).toEqual(['product-not-allowed', 'too-late']);
    expect(check(f(1, b, 'gardasil9'), '2026-05-01').routine).toBe(true);
    expect(check(f(2, b, 'gardasil', [{ dose: 1, date: '2026-02-01' }]), '2026-04-01').reasons).toContain('product-not-allowed');
  });
});
