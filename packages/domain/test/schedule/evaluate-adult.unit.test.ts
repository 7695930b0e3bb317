import { describe, it, expect } from 'vitest';
import { defaultRuleSet } from '../../src/schedule/rules.ts';
import { projectDose } from '../../src/schedule/evaluate-dose.ts';
import { check, expectEarliest, expectWindow } from './helpers.ts';
import { addDays, ageReached } from './oracle.ts';

describe('influenza (B類): 65歳以上 or 60–64 with a disability, once per 年度', () => {
  const b = '1960-06-15'; // reaches 65 on 2025-06-14
  it('opens the day before the 65th birthday; the window is the 年度', () => {
    expect(ageReached(b, 65)).toBe('2025-06-14');
    const before = check({ vaccine: 'influenza', dose: 1, birthDate: b }, '2025-06-13');
    expect(before).toMatchObject({ reasons: ['too-early'], window: { from: '2025-06-14', to: '2026-03-31' }, earliest: '2025-06-14' });
    expect(check({ vaccine: 'influenza', dose: 1, birthDate: b }, '2025-06-14').routine).toBe(true);
  });
  it('one dose per 年度', () => {
    const history = [{ vaccine: 'influenza', dose: 1, date: '2025-10-01' }];
    expect(check({ vaccine: 'influenza', dose: 1, birthDate: b, history }, '2026-03-31')).toMatchObject({ reasons: ['series-complete'], window: null });
    expect(check({ vaccine: 'influenza', dose: 1, birthDate: b, history }, '2026-04-01')).toMatchObject({ routine: true, window: { from: '2026-04-01', to: '2027-03-31' } });
    expect(check({ vaccine: 'influenza', dose: 2, birthDate: b }, '2026-04-01').reasons).toEqual(['series-complete']);
  });
  it('60–64 with a disability (the HIV one implies it)', () => {
    const p = { vaccine: 'influenza', dose: 1, birthDate: '1963-01-10' };
    expect(check({ ...p, conditions: ['disability-60-64'] }, '2024-11-01').routine).toBe(true);
    expect(check({ ...p, conditions: ['disability-60-64-hiv'] }, '2024-11-01').routine).toBe(true);
    expect(check(p, '2024-11-01')).toMatchObject({ reasons: ['too-early'], window: { from: '2028-01-09', to: '2028-03-31' } });
    expect(check({ ...p, conditions: ['disability-60-64'] }, '2023-01-08')).toMatchObject({ reasons: ['too-early'], window: { from: '2023-01-09' } });
  });
});

describe('covid19 (B類 from 2024-04-01): Oct 1 … Mar 31, once per season', () => {
  const p = { vaccine: 'covid19', dose: 1, birthDate: '1950-01-01' };
  it('season boundaries', () => {
    expect(check(p, '2024-03-31')).toMatchObject({ reasons: ['not-in-schedule-at-date'], window: null });
    expect(check(p, '2024-04-01')).toMatchObject({ reasons: ['too-early'], window: { from: '2024-10-01', to: '2025-03-31' }, earliest: '2024-10-01' });
    expectWindow(p, '2024-10-01', '2025-03-31', { after: 'too-early' });
    expect(check(p, '2025-04-01').window).toEqual({ from: '2025-10-01', to: '2026-03-31' });
  });
  it('turning 65 in the season; one dose per season', () => {
    expectWindow({ ...p, birthDate: '1960-12-20' }, '2025-12-19', '2026-03-31', { after: 'too-early' });
    const history = [{ vaccine: 'covid19', dose: 1, date: '2024-10-15' }];
    expect(check({ ...p, history }, '2025-01-15').reasons).toEqual(['series-complete']);
    expect(check({ ...p, history }, '2025-10-01').routine).toBe(true);
  });
});

describe('pneumococcal-elderly (B類)', () => {
  const b = '1960-06-15';
  it('65歳の者: the day before the 65th birthday … the day before the 66th', () => {
    expectWindow({ vaccine: 'pneumococcal-elderly', dose: 1, birthDate: b }, '2025-06-14', '2026-06-14');
  });
  it('PPSV23 until 2026-03-31, PCV20 from 2026-04-01', () => {
    const p = { vaccine: 'pneumococcal-elderly', dose: 1, birthDate: b };
    expect(check({ ...p, product: 'ppsv23' }, '2026-03-31').routine).toBe(true);
    expect(check({ ...p, product: 'ppsv23' }, '2026-04-01').reasons).toEqual(['product-not-allowed', 'too-late']);
    expect(check({ ...p, product: 'pcv20' }, '2026-04-01').routine).toBe(true);
    expect(check({ ...p, product: 'pcv20' }, '2026-03-31')).toMatchObject({ reasons: ['product-not-allowed', 'too-early'], earliest: '2026-04-01' });
  });
  it('excluded after any PPSV23', () => {
    const history = [{ vaccine: 'pneumococcal-elderly', dose: 1, date: '2020-01-01', product: 'ppsv23' }];
    expect(check({ vaccine: 'pneumococcal-elderly', dose: 1, birthDate: b, history }, '2025-07-01')).toMatchObject({ reasons: ['excluded-by-prior-vaccination'], window: null, earliest: null });
    const voluntary = [{ vaccine: 'ppsv23', dose: 1, date: '2019-01-01' }];
    expect(check({ vaccine: 'pneumococcal-elderly', dose: 1, birthDate: b, history: voluntary }, '2025-07-01').reasons).toEqual(['excluded-by-prior-vaccination']);
  });
  it('経過措置 2014-10-01 … 2024-03-31: the whole 年度 of turning 65, 70, …, 100', () => {
    const p = { vaccine: 'pneumococcal-elderly', dose: 1, birthDate: '1950-08-01' }; // 70 on 2020-07-31
    expectWindow(p, '2020-04-01', '2021-03-31');
    const p100 = { vaccine: 'pneumococcal-elderly', dose: 1, birthDate: '1921-04-01' }; // 100 on 2021-03-31 → FY2020
    expectWindow(p100, '2020-04-01', '2021-03-31');
    // turned 70 in FY2023, the last transition year: over on 2024-04-01
    expect(check({ ...p, birthDate: '1954-01-01' }, '2024-04-01').reasons).toEqual(['too-late']);
    expect(check({ ...p, birthDate: '1954-01-01' }, '2024-03-31').routine).toBe(true);
    expect(check({ ...p, birthDate: '1954-01-01' }, '2014-09-30').reasons).toEqual(['not-in-schedule-at-date']);
  });
  it('60–64 with a disability', () => {
    expect(check({ vaccine: 'pneumococcal-elderly', dose: 1, birthDate: '1962-05-01', conditions: ['disability-60-64'] }, '2024-05-01').routine).toBe(true);
  });
});

describe('zoster (B類 from 2025-04-01)', () => {
  const z = (birthDate: string, product = 'recombinant', extra: object = {}) => ({ vaccine: 'zoster', dose: 1, birthDate, product, ...extra });
  it('65 cohort by 年度 (default switch) or by age', () => {
    expectWindow(z('1960-06-15'), '2025-04-01', '2026-03-31', { before: 'not-in-schedule-at-date' });
    const byAge = { ...defaultRuleSet, switches: { ...defaultRuleSet.switches, 'zoster-65-by-fiscal-year': false } };
    expectWindow(z('1960-06-15'), '2025-06-14', '2026-06-14', { rules: byAge });
  });
  it('経過措置 FY2025–FY2029: turning 70, 75, …, 100 in the 年度; everyone ≥ 100 in FY2025', () => {
    expectWindow(z('1955-10-10'), '2025-04-01', '2026-03-31', { before: 'not-in-schedule-at-date' });
    expectWindow(z('1959-10-10'), '2029-04-01', '2030-03-31'); // 70 on 2029-10-09, in FY2029
    expect(check(z('1960-10-10'), '2030-10-10').reasons).toEqual(['too-late']); // 70 in FY2030: the transition is over
    expect(check(z('1920-01-01'), '2025-04-01').routine).toBe(true);
    expect(check(z('1920-01-01'), '2026-04-01').reasons).toEqual(['too-late']);
    expect(check(z('1925-04-02'), '2025-04-01').routine).toBe(true); // turns 100 on 2025-04-01
    expect(check(z('1956-10-10'), '2025-06-01')).toMatchObject({ reasons: ['too-early'], window: { from: '2026-04-01', to: '2027-03-31' } });
  });
  it('after the transition the 65 cohort is by age (UNCONFIRMED)', () => {
    expectWindow(z('1965-06-15'), '2030-06-14', '2031-06-14');
  });
  it('live: 1 dose; recombinant: 2 doses ≥ 2月 (Dec 31 + 2月 → Mar 1)', () => {
    const b = '1960-06-15';
    const h = (product: string, date: string) => [{ vaccine: 'zoster', dose: 1, date, product }];
    expect(check({ ...z(b, 'live'), dose: 2, history: h('live', '2025-05-01') }, '2025-09-01').reasons).toEqual(['series-complete']);
    expectEarliest({ ...z(b), dose: 2, history: h('recombinant', '2025-06-30') }, '2025-08-30');
    expectEarliest({ ...z(b), dose: 2, history: h('recombinant', '2025-12-31') }, '2026-03-01');
    expect(check({ vaccine: 'zoster', dose: 1, birthDate: b }, '2025-06-01').reasons).toEqual(['product-unknown']);
  });
  it('60–64 with the HIV disability only', () => {
    expect(check(z('1963-01-10', 'recombinant', { conditions: ['disability-60-64-hiv'] }), '2025-06-01').routine).toBe(true);
    expect(check(z('1963-01-10', 'recombinant', { conditions: ['disability-60-64'] }), '2025-06-01').reasons).toEqual(['too-early']);
  });
});

describe('rubella-5 (風しん第5期, male, antibody insufficient)', () => {
  const r = (birthDate: string, extra: object = {}) => ({ vaccine: 'rubella-5', dose: 1, birthDate, sex: 'male' as const, conditions: ['antibody-insufficient:2024-06-01'], ...extra });
  it('cohort born 1962-04-02 … 1979-04-01', () => {
    expect(check(r('1962-04-01'), '2024-07-01')).toMatchObject({ reasons: ['not-in-target-group'], window: null });
    expect(check(r('1962-04-02'), '2024-07-01').routine).toBe(true);
    expect(check(r('1979-04-01'), '2024-07-01').routine).toBe(true);
    expect(check(r('1979-04-02'), '2024-07-01').reasons).toEqual(['not-in-target-group']);
  });
  it('needs the antibody result, a male, and the period 2019-04-01 … 2027-03-31', () => {
    expect(check(r('1970-01-01', { conditions: [] }), '2024-07-01')).toMatchObject({ reasons: ['condition-not-met'], window: null });
    expect(check(r('1970-01-01', { sex: 'female' }), '2024-07-01').reasons).toEqual(['wrong-sex']);
    expectWindow(r('1970-01-01'), '2019-04-01', '2027-03-31', { before: 'not-in-schedule-at-date', after: 'not-in-schedule-at-date' });
  });
  it('after 2025-03-31 only for those tested by then', () => {
    expect(check(r('1970-01-01', { conditions: ['antibody-insufficient:2025-03-31'] }), '2026-01-01').routine).toBe(true);
    expect(check(r('1970-01-01', { conditions: ['antibody-insufficient:2025-04-01'] }), '2026-01-01').reasons).toEqual(['too-late']);
    expect(check(r('1970-01-01', { conditions: ['antibody-insufficient'] }), '2026-01-01').reasons).toEqual(['too-late']);
  });
});

describe('rsv-maternal (from 2026-04-01, UNCONFIRMED): 妊娠28週0日 … 36週6日, once per pregnancy', () => {
  const m = (conditions: string[], extra: object = {}) => ({ vaccine: 'rsv-maternal', dose: 1, birthDate: '1995-06-01', sex: 'female' as const, conditions, ...extra });
  it('window from the pregnancy start (0週0日)', () => {
    const start = '2026-01-01';
    expectWindow(m([`pregnancy-start:${start}`]), addDays(start, 196), addDays(start, 258));
    expect([addDays(start, 196), addDays(start, 258)]).toEqual(['2026-07-16', '2026-09-16']);
  });
  it('gestational age on the day', () => {
    expect(check(m(['pregnancy-weeks:28']), '2026-07-16').routine).toBe(true);
    expect(check(m(['pregnancy-weeks:27+6']), '2026-07-16').reasons).toEqual(['too-early']);
    expect(check(m(['pregnancy-weeks:36+6']), '2026-07-16').routine).toBe(true);
    expect(check(m(['pregnancy-weeks:37']), '2026-07-16').reasons).toEqual(['too-late']);
    expect(check(m(['pregnancy-weeks:abc']), '2026-07-16').reasons).toEqual(['invalid-input']);
  });
  it('needs a pregnancy, a woman, and 2026-04-01', () => {
    expect(check(m([]), '2026-07-16')).toMatchObject({ reasons: ['condition-not-met'], window: null });
    expect(check(m(['pregnancy-weeks:30'], { sex: 'male' }), '2026-07-16').reasons).toEqual(['wrong-sex']);
    expect(check(m(['pregnancy-weeks:30']), '2026-03-31').reasons).toEqual(['not-in-schedule-at-date']);
  });
  it('once per pregnancy', () => {
    const start = '2026-01-01';
    const same = [{ vaccine: 'rsv-maternal', dose: 1, date: '2026-07-20' }];
    expect(check(m([`pregnancy-start:${start}`], { history: same }), '2026-08-01').reasons).toEqual(['series-complete']);
    const previous = [{ vaccine: 'rsv-maternal', dose: 1, date: '2025-12-01' }];
    expect(check(m([`pregnancy-start:${start}`], { history: previous }), '2026-08-01').routine).toBe(true);
  });
});

describe('27日以上 between different injectable live vaccines (since 2020-10-01)', () => {
  const child = '2023-06-01';
  const afterMr = [{ vaccine: 'mr', dose: 1, date: '2024-06-10' }];
  it('MR then varicella: +28 is allowed, +27 is not; the same day is simultaneous', () => {
    expectEarliest({ vaccine: 'varicella', dose: 1, birthDate: child, history: afterMr }, '2024-07-08', 'live-vaccine-interval');
    expect(addDays('2024-06-10', 28)).toBe('2024-07-08');
    expect(check({ vaccine: 'varicella', dose: 1, birthDate: child, history: afterMr }, '2024-06-10').routine).toBe(true);
  });
  it('mumps (voluntary) counts; inactivated and oral vaccines do not', () => {
    const mumps = [{ vaccine: 'mumps', dose: 1, date: '2024-06-10' }];
    expect(check({ vaccine: 'mr', dose: 1, birthDate: child, history: mumps }, '2024-06-20')).toMatchObject({ reasons: ['live-vaccine-interval'], earliest: '2024-07-08' });
    expect(check({ vaccine: 'hib', dose: 4, birthDate: child, history: [
      { vaccine: 'hib', dose: 1, date: '2023-08-01' }, { vaccine: 'hib', dose: 2, date: '2023-09-01' }, { vaccine: 'hib', dose: 3, date: '2023-10-01' }, ...afterMr,
    ] }, '2024-06-20').routine).toBe(true);
    expect(check({ vaccine: 'je', dose: 1, birthDate: child, history: afterMr }, '2024-06-11').routine).toBe(true);
  });
  it('zoster: live after MR needs 27日, recombinant does not', () => {
    const h = [{ vaccine: 'rubella-5', dose: 1, date: '2025-06-01' }];
    expect(check({ vaccine: 'zoster', dose: 1, birthDate: '1960-06-15', product: 'live', history: h }, '2025-06-10').reasons).toEqual(['live-vaccine-interval']);
    expect(check({ vaccine: 'zoster', dose: 1, birthDate: '1960-06-15', product: 'recombinant', history: h }, '2025-06-10').routine).toBe(true);
    const zl = [{ vaccine: 'zoster', dose: 1, date: '2025-06-01', product: 'live' }];
    expect(check({ vaccine: 'rubella-5', dose: 1, birthDate: '1962-06-15', sex: 'male', conditions: ['antibody-insufficient:2024-01-01'], history: zl }, '2025-06-10').reasons).toEqual(['live-vaccine-interval']);
  });
  it('earliest also keeps 27日 from a live vaccine given after the checked day', () => {
    // mumps on 06-10 alone would allow 07-08, but MR on 06-20 (after the 06-15 being checked) moves it to 07-18
    const two = [{ vaccine: 'mumps', dose: 1, date: '2024-06-10' }, { vaccine: 'mr', dose: 1, date: '2024-06-20' }];
    expect(check({ vaccine: 'varicella', dose: 1, birthDate: child, history: two }, '2024-06-15')).toMatchObject({ reasons: ['live-vaccine-interval'], earliest: '2024-07-18' });
    expectEarliest({ vaccine: 'varicella', dose: 1, birthDate: child, history: two }, '2024-07-18', 'live-vaccine-interval');
  });
  it('not checked before 2020-10-01 (the older rule is not encoded)', () => {
    expect(check({ vaccine: 'varicella', dose: 1, birthDate: '2019-01-01', history: [{ vaccine: 'mr', dose: 1, date: '2020-01-10' }] }, '2020-01-20').routine).toBe(true);
  });
});

describe('boundary behaviour', () => {
  it('invalid input and unknown vaccines never throw', () => {
    expect(check({ vaccine: 'bcg', dose: 1, birthDate: '2023-02-29' }, '2023-06-01')).toMatchObject({ reasons: ['invalid-input'], window: null });
    expect(check({ vaccine: 'bcg', dose: 1, birthDate: '2023-02-01' }, '2023-13-01').reasons).toEqual(['invalid-input']);
    expect(check({ vaccine: 'bcg', dose: 0, birthDate: '2023-02-01' }, '2023-06-01').reasons).toEqual(['invalid-input']);
    expect(check({ vaccine: 'smallpox', dose: 1, birthDate: '2023-02-01' }, '2023-06-01').reasons).toEqual(['unknown-vaccine']);
    expect(check({ vaccine: 'pcv', dose: 1, birthDate: '2024-06-01', product: 'pcv99' }, '2024-10-01').reasons).toContain('product-not-allowed');
  });
  it('had-disease excludes', () => {
    expect(check({ vaccine: 'varicella', dose: 1, birthDate: '2023-01-01', conditions: ['had-disease:varicella'] }, '2024-06-01')).toMatchObject({ reasons: ['excluded-by-prior-disease'], window: null });
  });
  it('a recorded dose re-checked with itself in the history gives the same answer', () => {
    const history = [{ vaccine: 'hib', dose: 1, date: '2023-08-01' }, { vaccine: 'hib', dose: 2, date: '2023-08-20' }];
    expect(check({ vaccine: 'hib', dose: 2, birthDate: '2023-06-01', history }, '2023-08-20')).toMatchObject({ reasons: ['interval-too-short'], earliest: '2023-08-29' });
    expect(check({ vaccine: 'hib', dose: 2, birthDate: '2023-06-01', history }, '2023-09-01').reasons).toEqual(['dose-already-given']);
  });
  it('projectDose gives the window and earliest date for eligibility', () => {
    const person = { birthDate: '2024-04-02', history: [] };
    expect(projectDose(person, 'mr', 1, '2025-01-01')).toEqual({ window: { from: '2025-04-01', to: '2026-04-01' }, earliest: '2025-04-01', reasons: ['too-early'] });
    expect(projectDose({ ...person, sex: 'female' }, 'hpv', 1, '2025-01-01')).toMatchObject({ window: { from: '2036-04-01', to: '2041-03-31' }, reasons: ['product-unknown', 'too-early'] });
  });
});
