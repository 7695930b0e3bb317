import {
  compiledRuleSet, compilePerson, createDoseEvaluator, evaluateDose, formatIsoDate, newDoseCheckDays, reasonCodesOf,
  type DoseCheckInput, type PersonDays,
} from '@vaxledger/domain';
import type { BenchContext, Suite, Verdict } from '../lib/context.ts';
import { runWorkload } from '../lib/isolate.ts';
import { fmtNumber, fmtPercent, markdownTable, passMiss } from '../lib/markdown.ts';
import { PhasePeak } from '../lib/peak.ts';
import { EVALUATION_DAY, seededRandom, syntheticPerson, type SyntheticPerson } from '../lib/population.ts';
import { nowMs } from '../lib/timing.ts';

/** Target (DESIGN.md): ≥ 1,000,000 evaluations/s on integer day numbers. */
const TARGET_PER_SECOND = 1_000_000;

interface Args { readonly quick: boolean }

interface DoseCheckResult {
  readonly persons: number;
  readonly checks: number;
  readonly mix: Record<string, number>;
  readonly compiled: { readonly evaluations: number; readonly bestPerSecond: number; readonly roundsPerSecond: number[] };
  readonly boundary: { readonly evaluations: number; readonly perSecond: number };
  readonly compilePersonPerSecond: number;
  readonly routineShare: number;
  readonly topReasons: Array<[string, number]>;
  readonly peakMb: number;
  readonly baseMb: number;
}

let result: DoseCheckResult | undefined;
let failure: string | undefined;
let timedOut: number | undefined;
/** Time cap of the child process (the measurement is stopped there and reported as not finished). */
const CAP_SECONDS = (ctx: BenchContext): number => (ctx.config.quick ? 60 : 180);

export const doseCheckSuite: Suite = {
  name: 'dose-check',
  async run(ctx) {
    // Registered first: the rows stay in the report (as failed) even if the measurement throws.
    ctx.sections.push({ order: 50, render });
    ({ result, failure, timedOut } = await runWorkload<Args, DoseCheckResult>(ctx, import.meta.url, 'measureDoseCheck', { quick: ctx.config.quick }, CAP_SECONDS(ctx)));
  },
};

// ---- the workload (runs in a child process) -------------------------------------------------------

type Group = 'infant' | 'school' | 'elderly' | 'adult';
const GROUPS: ReadonlyArray<{ group: Group; share: number; ages: [number, number]; vaccines: readonly string[] }> = [
  // Checks are made when a dose is registered or proposed: mostly infants and the elderly.
  { group: 'infant', share: 0.45, ages: [0, 6], vaccines: ['hib', 'pcv', 'dpt-ipv-hib', 'dpt-ipv', 'hepb', 'rota', 'bcg', 'mr', 'varicella', 'je'] },
  { group: 'school', share: 0.15, ages: [7, 16], vaccines: ['mr', 'je', 'dt', 'hpv', 'varicella'] },
  { group: 'elderly', share: 0.35, ages: [65, 100], vaccines: ['influenza', 'pneumococcal-elderly', 'covid19', 'zoster'] },
  { group: 'adult', share: 0.05, ages: [17, 64], vaccines: ['influenza', 'rubella-5', 'hpv', 'rsv-maternal', 'zoster'] },
];
const SEASONAL = new Set(['influenza', 'covid19']);
const DEFAULT_PRODUCT: Record<string, string> = { rota: 'rotarix', hpv: 'gardasil9', pcv: 'pcv20', zoster: 'recombinant', 'pneumococcal-elderly': 'ppsv23' };

interface Check { person: number; vaccine: string; dose: number; date: number; product: string | undefined }

function makeWorkload(persons: number, checksPerPerson: number) {
  const c = compiledRuleSet();
  const maxDose = (v: string) => c.vaccines[c.vaccineIndex.get(v) ?? -1]?.maxDose ?? 1;
  const r = seededRandom(42);
  const people: Array<SyntheticPerson & { group: Group }> = [];
  const checks: Check[] = [];
  const mix: Record<string, number> = {};
  for (let i = 0; i < persons; i++) {
    const u = r();
    let acc = 0;
    const g = GROUPS.find((x) => u <= (acc += x.share)) ?? GROUPS[GROUPS.length - 1]!;
    const p = syntheticPerson(r, EVALUATION_DAY, g.ages[0], g.ages[1]);
    people.push({ ...p, group: g.group });
    mix[g.group] = (mix[g.group] ?? 0) + 1;
    for (let k = 0; k < checksPerPerson; k++) {
      // A quarter re-check a dose already given, on its own date (what registering a slip does); the rest check the
      // next dose of a vaccine of the person's age group on a day around the evaluation date.
      if (p.doses.length > 0 && r() < 0.25) {
        const d = p.doses[Math.floor(r() * p.doses.length)]!;
        checks.push({ person: i, vaccine: d.vaccine, dose: d.dose, date: d.date, product: d.product });
        continue;
      }
      // A vaccine of the group whose series the person has not completed (a few tries; the law's answer for a
      // completed series is a cheap early exit, which would flatter the figure). Seasonal vaccines are dose 1 every season.
      let vaccine = '';
      let given = 0;
      for (let attempt = 0; attempt < 6; attempt++) {
        vaccine = g.vaccines[Math.floor(r() * g.vaccines.length)]!;
        if (vaccine === 'hpv' && p.sex === 'male') continue;
        given = SEASONAL.has(vaccine) ? 0 : p.doses.filter((d) => d.vaccine === vaccine).length;
        if (given < maxDose(vaccine)) break;
      }
      const product = DEFAULT_PRODUCT[vaccine] !== undefined && r() < 0.5 ? DEFAULT_PRODUCT[vaccine] : undefined;
      checks.push({ person: i, vaccine, dose: given + 1, date: EVALUATION_DAY - 30 + Math.floor(r() * 61), product });
    }
  }
  return { people, checks, mix };
}

export async function measureDoseCheck(args: Args, log: (m: string) => void): Promise<DoseCheckResult> {
  const persons = args.quick ? 2_000 : 20_000;
  const { people, checks, mix } = makeWorkload(persons, 3);
  const c = compiledRuleSet();

  // Compiled persons and checks as typed arrays: what a caller of the hot path holds.
  const t0 = nowMs();
  const compiled: PersonDays[] = people.map((p) => compilePerson(c, { birth: p.birth, sex: p.sex, conditions: p.conditions, history: p.doses }, EVALUATION_DAY));
  const compilePersonPerSecond = (people.length * 1000) / (nowMs() - t0);
  const n = checks.length;
  const cPerson = new Int32Array(n), cVaccine = new Int32Array(n), cDose = new Int32Array(n), cDate = new Float64Array(n), cProduct = new Int32Array(n);
  checks.forEach((x, i) => {
    cPerson[i] = x.person;
    cVaccine[i] = c.vaccineIndex.get(x.vaccine) ?? -1;
    cDose[i] = x.dose;
    cDate[i] = x.date;
    cProduct[i] = x.product === undefined ? -1 : (c.productIndex.get(x.product) ?? -1);
  });
  const evaluator = createDoseEvaluator(c);
  const out = newDoseCheckDays();
  let sink = 0;
  const pass = (): void => {
    for (let i = 0; i < n; i++) {
      evaluator.check(cVaccine[i]!, cDose[i]!, cDate[i]!, cProduct[i]!, compiled[cPerson[i]!]!, out);
      sink = (sink + out.reasons + (out.earliest === out.earliest ? 1 : 0)) | 0;
    }
  };

  // What the mix looks like: share routine, most frequent reasons.
  const reasonCount = new Map<string, number>();
  let routine = 0;
  for (let i = 0; i < n; i++) {
    evaluator.check(cVaccine[i]!, cDose[i]!, cDate[i]!, cProduct[i]!, compiled[cPerson[i]!]!, out);
    if (out.routine) routine++;
    for (const code of reasonCodesOf(out.reasons)) reasonCount.set(code, (reasonCount.get(code) ?? 0) + 1);
  }
  const topReasons = [...reasonCount].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => [k, v / n] as [string, number]);

  const peak = new PhasePeak().start();
  // Warm-up (JIT), then rounds of whole passes over the checks; best round reported.
  const warmUntil = nowMs() + (args.quick ? 100 : 500);
  while (nowMs() < warmUntil) pass();
  const roundMs = args.quick ? 150 : 1_500;
  const roundsPerSecond: number[] = [];
  let evaluations = 0;
  for (let round = 0; round < 3; round++) {
    const start = nowMs();
    let done = 0;
    do {
      pass();
      done += n;
    } while (nowMs() - start < roundMs);
    roundsPerSecond.push((done * 1000) / (nowMs() - start));
    evaluations += done;
  }
  const bestPerSecond = Math.max(...roundsPerSecond);
  log(`dose-check: ${fmtNumber(n)} checks over ${fmtNumber(persons)} persons; compiled rounds ${roundsPerSecond.map((x) => fmtNumber(x)).join(', ')} /s`);

  // The boundary: ISO strings in, a DoseCheck object out (parses dates, compiles the person, formats the answer).
  const inputs: DoseCheckInput[] = checks.map((x) => {
    const p = people[x.person]!;
    return {
      vaccine: x.vaccine, dose: x.dose, date: formatIsoDate(x.date), product: x.product, birthDate: formatIsoDate(p.birth), sex: p.sex,
      conditions: p.conditions, history: p.doses.map((d) => ({ vaccine: d.vaccine, dose: d.dose, date: formatIsoDate(d.date), product: d.product })),
    };
  });
  for (let i = 0; i < Math.min(n, 5_000); i++) sink = (sink + evaluateDose(inputs[i]!).reasons.length) | 0;
  const boundaryMs = args.quick ? 200 : 2_000;
  const bStart = nowMs();
  let bDone = 0;
  for (let i = 0; ; i = i + 1 === n ? 0 : i + 1) {
    sink = (sink + evaluateDose(inputs[i]!).reasons.length) | 0;
    if ((++bDone & 255) === 0 && nowMs() - bStart >= boundaryMs) break;
  }
  const boundaryPerSecond = (bDone * 1000) / (nowMs() - bStart);
  const mem = peak.stop();
  if (sink === 0x7fffffff) log('(sink)');
  return {
    persons, checks: n, mix, compiled: { evaluations, bestPerSecond, roundsPerSecond }, boundary: { evaluations: bDone, perSecond: boundaryPerSecond },
    compilePersonPerSecond, routineShare: routine / n, topReasons, peakMb: mem.peakMb, baseMb: mem.baseMb,
  };
}

// ---- report ---------------------------------------------------------------------------------------

function render(_ctx: BenchContext): { markdown: string; verdicts: Verdict[] } {
  const r = result;
  const ok = r ? r.compiled.bestPerSecond >= TARGET_PER_SECOND : null;
  const mem = r ? ` (peak RSS ${fmtNumber(r.peakMb)} MB)` : '';
  const markdown = [
    '## 5. Dose check (evaluations/s)',
    '',
    r
      ? `${fmtNumber(r.checks)} checks over ${fmtNumber(r.persons)} synthetic persons (${Object.entries(r.mix).map(([g, k]) => `${g} ${fmtNumber(k)}`).join(', ')}: ` +
        `infants 0–6 with their routine histories, school children 7–16, elderly 65+ with influenza/pneumococcal/COVID-19/zoster doses, some adults), ` +
        `3 checks each: a quarter re-check a dose already given on its own date, the rest the next dose of a vaccine of the age group on a day within ±30 days of ${formatIsoDate(EVALUATION_DAY)}, ` +
        `half of them with a product. ${fmtPercent(r.routineShare)} of the checks are routine; most frequent reasons: ${r.topReasons.map(([k, v]) => `${k} ${fmtPercent(v)}`).join(', ')}. ` +
        `Compiled path: \`createDoseEvaluator(compiledRuleSet()).check(vaccineIndex, dose, dayNumber, productIndex, compilePerson(…), out)\` over typed arrays, ` +
        `warm-up then 3 rounds of whole passes (best reported). Boundary: \`evaluateDose({ vaccine, dose, date: 'YYYY-MM-DD', birthDate, history: [ISO dates], … })\`, ` +
        `which parses the dates, compiles the person and formats the answer on every call. Run in a child process; peak RSS is that process's high-water mark during the timed part.`
      : `Not measured${failure ? `: ${failure}` : ''}.`,
    '',
    markdownTable(
      ['path', 'evaluations timed', 'evaluations/s', 'target', 'result', 'note'],
      [
        ['compiled: DoseEvaluator.check', fmtNumber(r?.compiled.evaluations), fmtNumber(r?.compiled.bestPerSecond), '≥ 1,000,000/s', passMiss(ok),
          r ? `rounds ${r.compiled.roundsPerSecond.map((x) => fmtNumber(x)).join(' / ')}` : ''],
        ['boundary: evaluateDose (ISO strings)', fmtNumber(r?.boundary.evaluations), fmtNumber(r?.boundary.perSecond), '—', '',
          r ? `${(r.compiled.bestPerSecond / r.boundary.perSecond).toFixed(0)}× slower than the compiled path` : ''],
        ['compilePerson (history → typed arrays)', fmtNumber(r?.persons), fmtNumber(r?.compilePersonPerSecond), '—', '', 'persons/s (once per person, not per check)'],
      ],
      ['l', 'r', 'r', 'l', 'l', 'l'],
    ),
    '',
    r ? `Peak RSS ${fmtNumber(r.peakMb)} MB (child process; ${fmtNumber(r.baseMb)} MB before the timed part).` : '',
  ].join('\n');
  return {
    markdown,
    verdicts: [
      { what: 'dose check, compiled DoseEvaluator.check: evaluations/s', target: '≥ 1,000,000/s', figure: r ? `${fmtNumber(r.compiled.bestPerSecond)}/s${mem}` : `— ${failure ? `(failed: ${failure})` : ''}`, pass: ok },
      { what: 'dose check, boundary evaluateDose (ISO strings): evaluations/s', target: 'reported (the target is for the compiled path)', figure: r ? `${fmtNumber(r.boundary.perSecond)}/s${mem}` : '—', pass: null },
    ],
  };
}
