import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileRuleSet, type CompiledRuleSet } from '../../src/schedule/compile.ts';
import { createDoseEvaluator, type DoseCheckDays, type DoseEvaluator } from '../../src/schedule/evaluate-days.ts';
import { compilePerson, type PersonDays } from '../../src/schedule/person-days.ts';
import type { RuleSet, WindowRule } from '../../src/schedule/rule-schema.ts';
import { defaultRuleSet } from '../../src/schedule/rules.ts';
import { dayNumberOf, formatIsoDate } from '../../src/time/day-number.ts';

const c = compileRuleSet(defaultRuleSet);
const vaccineIds = [...c.vaccineIndex.keys()];
const productIds = [...c.productIndex.keys()];

interface Check {
  readonly vi: number;
  readonly dose: number;
  readonly date: number;
  readonly product: number;
  readonly person: PersonDays;
}

/** A check of any vaccine, with a history leaning towards that vaccine's own series, for a child or an adult. */
const checkOf = (rules: CompiledRuleSet): fc.Arbitrary<Check> =>
  fc.record({
    vaccine: fc.constantFrom(...vaccineIds),
    dose: fc.integer({ min: 1, max: 5 }),
    date: fc.integer({ min: dayNumberOf(2010, 1, 1), max: dayNumberOf(2030, 12, 31) }),
    ageDays: fc.oneof(fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 6000, max: 36000 })),
    sex: fc.constantFrom('female', 'male', undefined),
    product: fc.option(fc.constantFrom(...productIds), { nil: undefined }),
    conditions: fc.subarray(['long-term-illness', 'disability-60-64', 'antibody-insufficient:2024-01-01', 'doctor-shortened-interval', 'pregnancy-weeks:30']),
    history: fc.array(
      fc.record({
        sameVaccine: fc.boolean(),
        other: fc.constantFrom(...vaccineIds),
        dose: fc.integer({ min: 1, max: 4 }),
        daysBefore: fc.integer({ min: -30, max: 4000 }),
        product: fc.option(fc.constantFrom(...productIds), { nil: undefined }),
      }),
      { maxLength: 8 },
    ),
  }).map((x) => ({
    vi: rules.vaccineIndex.get(x.vaccine)!,
    dose: x.dose,
    date: x.date,
    product: x.product === undefined ? -1 : rules.productIndex.get(x.product)!,
    person: compilePerson(rules, {
      birth: x.date - x.ageDays,
      sex: x.sex,
      conditions: x.conditions,
      history: x.history.map((h) => ({ vaccine: h.sameVaccine ? x.vaccine : h.other, dose: h.dose, date: x.date - h.daysBefore, product: h.product })),
    }, x.date),
  }));

const run = (evaluator: DoseEvaluator, k: Check, person: PersonDays = k.person): DoseCheckDays =>
  ({ ...evaluator.check(k.vi, k.dose, k.date, k.product, person) });

/**
 * The same person, except that every read of the fields the window scan uses (birth, conditionMask) first runs
 * `interrupt`: another check starts while this one is half done, as a generator or an async caller could make it.
 */
function interrupted(p: PersonDays, interrupt: () => void): PersonDays {
  const { birth, conditionMask } = p;
  return Object.defineProperties({ ...p }, {
    birth: { get: () => (interrupt(), birth) },
    conditionMask: { get: () => (interrupt(), conditionMask) },
  });
}

/** Runs `outer` on `a` with `b` checked by `inner` inside it; returns both answers (the inner one each time). */
function interleave(outer: DoseEvaluator, inner: DoseEvaluator, a: Check, b: Check): { outer: DoseCheckDays; inner: DoseCheckDays[] } {
  const innerAnswers: DoseCheckDays[] = [];
  const answer = run(outer, a, interrupted(a.person, () => innerAnswers.push(run(inner, b))));
  return { outer: answer, inner: innerAnswers };
}

describe('DoseEvaluator keeps its scratch state to itself', () => {
  const anyCheck = checkOf(c);

  it('a check interrupted by checks on another evaluator answers as it does alone, and so do they', () => {
    let interruptions = 0;
    fc.assert(fc.property(anyCheck, anyCheck, (a, b) => {
      const alone = createDoseEvaluator(c);
      const expectedA = run(alone, a);
      const expectedB = run(alone, b);
      const got = interleave(createDoseEvaluator(c), createDoseEvaluator(c), a, b);
      expect(got.outer).toEqual(expectedA);
      for (const answer of got.inner) expect(answer).toEqual(expectedB);
      interruptions += got.inner.length;
    }), { numRuns: 3000 });
    expect(interruptions).toBeGreaterThan(3000); // most checks do reach the window scan
  });

  it('the interruption does reach the scratch state: one evaluator in both roles answers wrongly', () => {
    // What module-level scratch arrays amounted to. Without this, the test above could pass by never disturbing anything.
    const pairs = fc.sample(fc.tuple(anyCheck, anyCheck), { numRuns: 3000, seed: 21 });
    let wrong = 0;
    for (const [a, b] of pairs) {
      const expectedA = run(createDoseEvaluator(c), a);
      const shared = createDoseEvaluator(c);
      if (JSON.stringify(interleave(shared, shared, a, b).outer) !== JSON.stringify(expectedA)) wrong++;
    }
    expect(wrong).toBeGreaterThan(0);
  });

  it('an answer does not depend on the checks made before it: two evaluators taking turns answer as one does', () => {
    fc.assert(fc.property(fc.array(anyCheck, { minLength: 2, maxLength: 40 }), (checks) => {
      const single = createDoseEvaluator(c);
      const expected = checks.map((k) => run(single, k));
      const turns = [createDoseEvaluator(c), createDoseEvaluator(c)];
      expect(checks.map((k, i) => run(turns[i % 2]!, k))).toEqual(expected);
    }), { numRuns: 300 });
  });
});

/** `w` cut into one window per 年度 of its effective period (to 2031): the same union, in many more windows. */
function perFiscalYear(w: WindowRule): WindowRule[] {
  const pieces: WindowRule[] = [];
  let from = w.effective.from;
  for (let fy = Number(from.slice(0, 4)) + (from.slice(5) < '04-01' ? 0 : 1); fy <= 2031; fy++) {
    const end = formatIsoDate(dayNumberOf(fy, 4, 1) - 1);
    if (w.effective.to !== null && end >= w.effective.to) break;
    pieces.push({ ...w, id: `${w.id}@${fy}`, effective: { from, to: end } });
    from = `${fy}-04-01`;
  }
  pieces.push({ ...w, id: `${w.id}@last`, effective: { from, to: w.effective.to } });
  return pieces;
}

describe('DoseEvaluator scratch grows past its first size', () => {
  const split: RuleSet = {
    ...defaultRuleSet,
    vaccines: defaultRuleSet.vaccines.map((v) => (v.id === 'influenza' ? { ...v, windows: v.windows.flatMap(perFiscalYear) } : v)),
  };
  const cSplit = compileRuleSet(split);

  it('the split rule set really has more windows than the evaluator starts with', () => {
    expect(cSplit.vaccines[cSplit.vaccineIndex.get('influenza')!]!.windows.length).toBeGreaterThan(40);
  });

  it('influenza for the elderly: windows cut per 年度 give the answers of the whole windows', () => {
    const elderly = fc.record({
      birth: fc.integer({ min: dayNumberOf(1915, 1, 1), max: dayNumberOf(1965, 12, 31) }),
      date: fc.integer({ min: dayNumberOf(2001, 11, 1), max: dayNumberOf(2030, 12, 31) }),
      lastDoseBefore: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
      disability: fc.boolean(),
    });
    const whole = createDoseEvaluator(c);
    const pieces = createDoseEvaluator(cSplit);
    let routine = 0;
    fc.assert(fc.property(elderly, (x) => {
      const input = {
        birth: x.birth,
        conditions: x.disability ? ['disability-60-64'] : [],
        history: x.lastDoseBefore === undefined ? [] : [{ vaccine: 'influenza', dose: 1, date: x.date - x.lastDoseBefore }],
      };
      const k = (rules: CompiledRuleSet): Check =>
        ({ vi: rules.vaccineIndex.get('influenza')!, dose: 1, date: x.date, product: -1, person: compilePerson(rules, input, x.date) });
      const expected = run(whole, k(c));
      expect(run(pieces, k(cSplit))).toEqual(expected);
      if (expected.routine) routine++;
    }), { numRuns: 1500 });
    expect(routine).toBeGreaterThan(100);
  });
});
