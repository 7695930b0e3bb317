/**
 * The default rule set: the routine schedule as versioned data (schedule-law.md). Hosts may load another
 * rule set with `loadRuleSet` (validated by RuleSetSchema) — e.g. to flip an UNCONFIRMED switch.
 */
import { RuleSetSchema, type RuleSet } from './rule-schema.ts';
import { bcg, dptIpv, dptIpvHib, hepb, hib, pcv, rota } from './rules-infant.ts';
import { dt, hpv, je, mr, varicella } from './rules-child.ts';
import { covid19, influenza, pneumococcalElderly, rsvMaternal, rubella5, zoster } from './rules-adult.ts';

export const defaultRuleSet: RuleSet = {
  id: 'jp-routine-vaccination',
  version: '2026-04-01.1',
  switches: {
    // UNCONFIRMED: 帯状疱疹 65 cohort during FY2025–FY2029 by 年度 (most municipalities' reading) or by age
    'zoster-65-by-fiscal-year': true,
    // UNCONFIRMED per municipality: MR FY2024 shortage extension to 2027-03-31
    'mr-fy2024-extension': true,
  },
  liveVaccineInterval: {
    effective: { from: '2020-10-01', to: null },
    days: 27,
    otherLiveInjectable: ['mumps', 'measles', 'rubella', 'yellow-fever'],
    source: '予防接種実施規則 (2020-10-01改正): 注射生ワクチンを接種した日から27日以上の間隔をおいて次の注射生ワクチン',
  },
  vaccines: [
    dptIpvHib, dptIpv, hib, pcv, hepb, rota, bcg,
    mr, varicella, je, dt, hpv,
    influenza, pneumococcalElderly, covid19, zoster, rubella5, rsvMaternal,
  ],
};

/** Validates untrusted rule data (e.g. JSON from the host); throws a ZodError listing every problem. */
export function loadRuleSet(data: unknown): RuleSet {
  return RuleSetSchema.parse(data);
}
