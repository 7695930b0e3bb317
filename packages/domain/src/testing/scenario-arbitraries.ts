import fc from 'fast-check';
import type { ResidentDetails } from '../events/resident-events.ts';
import type { Vaccine } from '../events/vaccination-events.ts';
import type { NoticeKind } from '../events/eligibility-events.ts';
import type { RequestKind } from '../events/request-events.ts';
import { isoDateArb, residentDetailsArb, REGISTRY_FILE_HEADER } from './arbitraries.ts';

/**
 * A municipality's affairs as a sequence of steps, for the compliance kit: every kind of command a host's clerks
 * run (registrations, moves, deaths, detail changes, registry, slip and VRS files, corrections, voids, requests,
 * notice runs, certificates, erasures), over a few residents. Every kind appears at least once in a fixed order
 * that lets it succeed (the kit fails a run where a kind meant to succeed never did); random steps follow, some of
 * them meant to be refused (a void of a voided record, a move of a dead person).
 */
export type ScenarioStep =
  | { readonly kind: 'register'; readonly resident: number }
  | { readonly kind: 'record'; readonly resident: number; readonly vaccine: Vaccine; readonly dose: number; readonly date: string; readonly lot: string; readonly category?: 'temporary' }
  | { readonly kind: 'correct'; readonly resident: number; readonly record: number; readonly lot: string }
  | { readonly kind: 'void'; readonly resident: number; readonly record: number }
  | { readonly kind: 'change'; readonly resident: number; readonly address: string }
  | { readonly kind: 'move-out'; readonly resident: number; readonly on: string }
  | { readonly kind: 'move-in'; readonly resident: number; readonly on: string }
  | { readonly kind: 'death'; readonly resident: number; readonly on: string }
  | { readonly kind: 'import-registry'; readonly residents: readonly number[]; readonly bytes: Uint8Array }
  | { readonly kind: 'import-slips'; readonly residents: readonly number[]; readonly bytes: Uint8Array }
  | { readonly kind: 'import-vrs'; readonly residents: readonly number[]; readonly bytes: Uint8Array }
  | { readonly kind: 'request'; readonly resident: number; readonly requestKind: RequestKind }
  | { readonly kind: 'notices'; readonly noticeKind: NoticeKind; readonly vaccine: Vaccine; readonly dose: number }
  | { readonly kind: 'certificate'; readonly resident: number }
  | { readonly kind: 'erase'; readonly resident: number };
export type ScenarioStepKind = ScenarioStep['kind'];

/** Kinds every scenario runs in its fixed part, where each is expected to succeed at least once over a property's runs. */
export const SCENARIO_STEP_KINDS: readonly ScenarioStepKind[] = [
  'register', 'import-registry', 'record', 'correct', 'void', 'change', 'import-slips', 'import-vrs', 'request', 'notices',
  'certificate', 'move-out', 'move-in', 'death', 'erase',
];

export interface Scenario {
  /** The residents' registry items; resident i is `residentIdOf(i)` in every tenant (the same ids in two tenants). */
  readonly residents: readonly ResidentDetails[];
  readonly steps: readonly ScenarioStep[];
}

/** The 整理番号 of the scenario's resident i (leading zeros kept, as resident-records systems write them). */
export const scenarioResidentId = (i: number) => `00${String(7001 + i)}`;

const LOTS = 'ABCDEFGHJK0123456789';
// Six characters or more: a lot is looked for in the files at rest, where a shorter one would turn up by chance.
const lotArb = fc.array(fc.constantFrom(...LOTS.split('')), { minLength: 6, maxLength: 8 }).map((cs) => cs.join(''));
const childDetailsArb = residentDetailsArb.chain((d) => isoDateArb('2012-01-01', '2019-12-31').map((birthDate) => ({ ...d, birthDate })));

/** Text of a CSV file (CRLF), as UTF-8 bytes: a host's files are often CP932, which the readers also take. */
export function csvFileBytes(rows: readonly (readonly string[])[]): Uint8Array {
  const text = rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')).join('\r\n') + '\r\n';
  return new TextEncoder().encode(text);
}

const sexCode = (d: ResidentDetails) => (d.sex === 'male' ? '1' : '2');

/** A registry file (対象者登録) registering the given residents, with a 課税区分 column the affair must drop. */
export function registryFileOf(residents: ReadonlyArray<readonly [number, ResidentDetails]>): Uint8Array {
  return csvFileBytes([
    [...REGISTRY_FILE_HEADER],
    ...residents.map(([i, d]) => [scenarioResidentId(i), d.kanaName, d.kanjiName, d.birthDate, sexCode(d), '980-0001', d.address, d.wardCode ?? '', '転入', '課税1']),
  ]);
}

/** The layout of a clinic slip file (予防接種実績). */
export const SLIP_FILE_HEADER = ['整理番号', 'カナ氏名', '生年月日', '性別', '接種名称区分', '期回数区分', '接種日', '接種医療機関番号', 'Lot番号', '接種量', 'ワクチンメーカー区分', '予診医番号', '接種医番号', '備考'] as const;

/** A slip file with one hib dose 1 per resident given (a slip naming a resident not registered is held: 疑義). */
export function slipFileOf(residents: ReadonlyArray<readonly [number, ResidentDetails]>, date: string, lot: string): Uint8Array {
  return csvFileBytes([
    [...SLIP_FILE_HEADER],
    ...residents.map(([i, d]) => [scenarioResidentId(i), d.kanaName, d.birthDate, sexCode(d), 'hib', '1', date, '0410001', lot, '0.5', '', 'D01', 'D02', '']),
  ]);
}

/** The layout of a VRS download (ワクチン接種記録システム). */
export const VRS_FILE_HEADER = ['自治体コード', '接種券番号', '氏名', '氏名カナ', '生年月日', '性別', '接種日', '接種回数', 'ワクチンメーカー', 'ロット番号', '証明書ID'] as const;

export function vrsFileOf(tenant: string, residents: ReadonlyArray<readonly [number, ResidentDetails]>, date: string, lot: string): Uint8Array {
  return csvFileBytes([
    [...VRS_FILE_HEADER],
    ...residents.map(([i, d]) => [tenant, scenarioResidentId(i), d.kanjiName, d.kanaName, d.birthDate, sexCode(d), date, '1', 'ファイザー', lot, `CERT-${i}`]),
  ]);
}

const VACCINES_WITH_DOSES: ReadonlyArray<readonly [Vaccine, number]> = [['hib', 4], ['pcv', 4], ['hepb', 3], ['dpt-ipv', 4], ['bcg', 1], ['mr', 2], ['varicella', 2], ['je', 4]];

/**
 * A scenario for one tenant (the tenant's code is written into its VRS file): `registered` residents registered one
 * by one, two more by a registry file, one named only by a slip (held), then every kind of step, then random ones.
 */
export const scenarioArb = (tenant: string, options: { registered?: number; extraSteps?: number } = {}): fc.Arbitrary<Scenario> => {
  const registered = Math.max(4, options.registered ?? 4);
  const total = registered + 3; // two by file, one never registered (its slip is held)
  const r = fc.integer({ min: 0, max: registered + 1 });
  const doseArb = fc.constantFrom(...VACCINES_WITH_DOSES).chain(([vaccine, max]) => fc.integer({ min: 1, max }).map((dose) => ({ vaccine, dose })));
  const recordArb = (resident: fc.Arbitrary<number>) => fc.record({ kind: fc.constant('record' as const), resident, date: isoDateArb('2020-01-01', '2026-06-30'), lot: lotArb })
    .chain((s) => doseArb.map((d) => ({ ...s, ...d })));
  const dateArb = isoDateArb('2026-07-01', '2026-11-30');
  const leftArb = isoDateArb('2026-07-01', '2026-08-31');
  const backArb = isoDateArb('2026-09-01', '2026-10-31');
  const random: fc.Arbitrary<ScenarioStep> = fc.oneof(
    { weight: 4, arbitrary: recordArb(r) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('correct' as const), resident: r, record: fc.nat(2), lot: lotArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), resident: r, record: fc.nat(2) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('change' as const), resident: r, address: fc.integer({ min: 1, max: 999 }).map((n) => `仙台市泉区変更町${n}`) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('move-out' as const), resident: r, on: dateArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('move-in' as const), resident: r, on: dateArb }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('certificate' as const), resident: r }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('request' as const), resident: r, requestKind: fc.constantFrom<RequestKind>('disclosure', 'correction') }) },
  );
  return fc
    .record({
      residents: fc.array(childDetailsArb, { minLength: total, maxLength: total }),
      doses: fc.array(recordArb(fc.constant(0)), { minLength: registered + 2, maxLength: registered + 2 }),
      slipDate: isoDateArb('2020-01-01', '2026-06-30'),
      lot: lotArb,
      changed: fc.integer({ min: 1, max: 999 }),
      leftOn: leftArb,
      backOn: backArb,
      noticeKind: fc.constantFrom<NoticeKind>('ticket', 'guidance', 'reminder'),
      random: fc.array(random, { maxLength: options.extraSteps ?? 8 }),
    })
    .map(({ residents, doses, slipDate, lot, changed, leftOn, backOn, noticeKind, random: extra }) => {
      const byFile = [registered, registered + 1] as const;
      const held = registered + 2;
      const pick = (ids: readonly number[]) => ids.map((i) => [i, residents[i]!] as const);
      const steps: ScenarioStep[] = [
        ...Array.from({ length: registered }, (_, i): ScenarioStep => ({ kind: 'register', resident: i })),
        { kind: 'import-registry', residents: byFile, bytes: registryFileOf(pick(byFile)) },
        ...doses.map((d, i): ScenarioStep => ({ ...d, resident: i })),
        { kind: 'correct', resident: 0, record: 0, lot },
        { kind: 'void', resident: 1, record: 0 },
        { kind: 'change', resident: 2, address: `仙台市泉区変更町${changed}` },
        // resident 3 matches and is recorded; the one never registered is held in the suspense queue
        { kind: 'import-slips', residents: [3, held], bytes: slipFileOf(pick([3, held]), slipDate, lot) },
        { kind: 'import-vrs', residents: [2], bytes: vrsFileOf(tenant, pick([2]), '2025-10-20', lot) },
        { kind: 'request', resident: 1, requestKind: 'disclosure' },
        { kind: 'notices', noticeKind, vaccine: 'mr', dose: 2 },
        // A COVID-19 dose of the 特例臨時接種 (temporary, kept whatever the schedule says): the random doses are mostly
        // outside the routine windows, hence voluntary, which no certificate lists.
        { kind: 'record', resident: 0, vaccine: 'covid19', dose: 1, date: '2022-03-01', lot, category: 'temporary' },
        { kind: 'certificate', resident: 0 },
        { kind: 'move-out', resident: registered, on: leftOn },
        { kind: 'move-in', resident: registered, on: backOn },
        { kind: 'death', resident: registered + 1, on: leftOn },
        { kind: 'erase', resident: 3 },
        ...extra,
      ];
      return { residents, steps };
    });
};

/** Two tenants' scenarios over the same resident ids, each with vaccinations of its own. */
export const tenantPairArb = (tenantA: string, tenantB: string, options: { registered?: number; extraSteps?: number } = {}) =>
  fc.tuple(scenarioArb(tenantA, options), scenarioArb(tenantB, options));
