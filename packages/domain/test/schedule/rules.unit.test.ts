import { describe, it, expect } from 'vitest';
import { RuleSetSchema } from '../../src/schedule/rule-schema.ts';
import { defaultRuleSet, loadRuleSet } from '../../src/schedule/rules.ts';
import { REASON_CODES, REASON_BIT, reasonCodesOf, withReasons } from '../../src/schedule/reasons.ts';
import { compileRuleSet } from '../../src/schedule/compile.ts';

const vaccine = (id: string) => defaultRuleSet.vaccines.find((v) => v.id === id)!;
const maxDoses = (id: string) => Math.max(...vaccine(id).series.map((s) => s.doses.length));

describe('the default rule set as data', () => {
  it('validates against RuleSetSchema and survives a JSON round trip unchanged', () => {
    expect(() => RuleSetSchema.parse(defaultRuleSet)).not.toThrow();
    const json = JSON.parse(JSON.stringify(defaultRuleSet));
    expect(json).toEqual(defaultRuleSet);
    expect(loadRuleSet(json)).toEqual(defaultRuleSet);
  });

  it('has exactly the vaccine ids of the schedule', () => {
    expect(defaultRuleSet.vaccines.map((v) => v.id).sort()).toEqual(
      ['hib', 'pcv', 'hepb', 'rota', 'dpt-ipv-hib', 'dpt-ipv', 'bcg', 'mr', 'varicella', 'je', 'dt', 'hpv', 'influenza',
        'pneumococcal-elderly', 'covid19', 'zoster', 'rubella-5', 'rsv-maternal'].sort(),
    );
  });

  it('numbers doses as ordinals within the series', () => {
    expect(vaccine('dpt-ipv-hib').series[0]!.doses.map((d) => d.label)).toEqual(['初回1', '初回2', '初回3', '追加']);
    expect(vaccine('dpt-ipv').series[0]!.doses.map((d) => d.label)).toEqual(['初回1', '初回2', '初回3', '追加']);
    expect(vaccine('mr').series[0]!.doses.map((d) => d.label)).toEqual(['1期', '2期']);
    expect(vaccine('je').series[0]!.doses.map((d) => d.label)).toEqual(['1期初回1', '1期初回2', '1期追加', '2期']);
    expect([maxDoses('hpv'), maxDoses('zoster'), maxDoses('rota'), maxDoses('hepb'), maxDoses('varicella')]).toEqual([3, 2, 3, 3, 2]);
    for (const id of ['influenza', 'covid19', 'rsv-maternal']) expect(maxDoses(id)).toBe(1);
  });

  it('names the product ids of the schedule', () => {
    const ids = (id: string) => vaccine(id).products!.map((p) => p.id);
    expect(ids('rota')).toEqual(['rotarix', 'rotateq']);
    expect(ids('hpv')).toEqual(['cervarix', 'gardasil', 'gardasil9']);
    expect(ids('pcv')).toEqual(expect.arrayContaining(['pcv13', 'pcv15', 'pcv20']));
    expect(ids('pneumococcal-elderly')).toEqual(['ppsv23', 'pcv20']);
    expect(ids('zoster')).toEqual(['live', 'recombinant']);
  });

  it('gives every rule an effective period and a legal source', () => {
    for (const v of defaultRuleSet.vaccines) {
      for (const w of v.windows) {
        expect(w.source.length, w.id).toBeGreaterThan(5);
        expect(w.effective.from, w.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      for (const s of v.series) expect(s.source.length, s.id).toBeGreaterThan(5);
      for (const p of v.productPeriods ?? []) expect(p.source.length).toBeGreaterThan(1);
    }
  });

  it('keeps the UNCONFIRMED law as data: switches and marked rules', () => {
    expect(defaultRuleSet.switches).toEqual({ 'zoster-65-by-fiscal-year': true, 'mr-fy2024-extension': true });
    const marked = defaultRuleSet.vaccines.flatMap((v) => v.windows.filter((w) => w.unconfirmed).map((w) => w.id));
    expect(marked).toEqual(expect.arrayContaining(['rsv-maternal/28w-36w', 'mr/phase1/fy2024-extension', 'zoster/65-by-fiscal-year']));
  });

  it('rejects malformed rule data with zod', () => {
    const broken = JSON.parse(JSON.stringify(defaultRuleSet));
    broken.vaccines[0].series[0].doses[1].dose = 5;
    expect(() => loadRuleSet(broken)).toThrow();
    const badDate = JSON.parse(JSON.stringify(defaultRuleSet));
    badDate.vaccines[0].windows[0].effective.from = '2023-02-29';
    expect(() => loadRuleSet(badDate)).toThrow();
    const dup = { ...defaultRuleSet, vaccines: [...defaultRuleSet.vaccines, defaultRuleSet.vaccines[0]!] };
    expect(() => loadRuleSet(dup)).toThrow();
    expect(() => compileRuleSet(dup)).toThrow();
  });
});

describe('reason codes', () => {
  it('are stable strings with one bit each', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
    expect(REASON_CODES).toEqual(expect.arrayContaining([
      'too-early', 'too-late', 'interval-too-short', 'live-vaccine-interval', 'wrong-sex', 'series-complete',
      'previous-dose-missing', 'not-in-schedule-at-date', 'excluded-by-prior-vaccination',
    ]));
    expect(reasonCodesOf(withReasons(REASON_BIT['too-late'], REASON_BIT['wrong-sex']))).toEqual(['wrong-sex', 'too-late']);
  });
});
