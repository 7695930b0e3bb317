import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  buildClaims, claimDecider, claimMonthOf, FeeTableSchema,
  type ClaimApproval, type ClaimClinic, type ClaimExamination, type ClaimHeldSlip, type ClaimRecord, type ExclusionReason,
} from '../../src/index.ts';

const table = FeeTableSchema.parse({
  name: 'test', claimLimitMonths: 12,
  fees: [
    { vaccine: 'hib', amount: 9000, from: '2024-04-01' },
    { vaccine: 'influenza', amount: 5000, from: '2024-04-01' },
    { vaccine: 'mr', amount: 11000, from: '2024-04-01' },
  ],
  examinationOnly: [{ amount: 3300, from: '2024-04-01' }],
  coPayments: [{ vaccine: 'influenza', amount: 1500, from: '2024-04-01' }],
  exemptFromCoPayment: ['public-assistance'],
});
/** The test's own prices: what the claim must come to, written apart from the table's lookup. */
const PRICE = { hib: 9000, influenza: 5000, mr: 11000 } as const;
const CO_PAYMENT = { hib: 0, influenza: 1500, mr: 0 } as const;
const EXAMINATION_FEE = 3300;

const clinics = new Map<string, ClaimClinic>([
  ['0410000001', { clinicNo: '0410000001', name: 'A', location: 'inside-city' }],
  ['0410000002', { clinicNo: '0410000002', name: 'B', location: 'outside-city' }],
]);
const MONTH = '2026-06';
/** 2026-06-10 10:00 JST. */
const IN_MONTH = '2026-06-10T01:00:00.000Z';

type Kind = 'payable' | 'examination' | 'late' | 'duplicate' | 'held' | 'held-duplicate' | 'rejected' | 'not-routine' | 'outside-window' | 'unknown-clinic' | 'voided';
const KINDS: Kind[] = ['payable', 'payable', 'payable', 'examination', 'late', 'duplicate', 'held', 'held-duplicate', 'rejected', 'not-routine', 'outside-window', 'unknown-clinic', 'voided'];
const EXPECTED_REASON: Record<Exclude<Kind, 'payable' | 'examination'>, ExclusionReason> = {
  late: 'late-beyond-limit', duplicate: 'duplicate', held: 'held', 'held-duplicate': 'duplicate', rejected: 'rejected',
  'not-routine': 'not-routine', 'outside-window': 'outside-window', 'unknown-clinic': 'unknown-clinic', voided: 'voided',
};

interface LineSpec {
  kind: Kind;
  vaccine: 'hib' | 'influenza' | 'mr';
  clinic: string;
  exemption: string | undefined;
  day: number;
}

const lineArb: fc.Arbitrary<LineSpec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  vaccine: fc.constantFrom('hib', 'influenza', 'mr') as fc.Arbitrary<'hib' | 'influenza' | 'mr'>,
  clinic: fc.constantFrom('0410000001', '0410000002'),
  exemption: fc.constantFrom(undefined, 'public-assistance', 'not-listed-kind'),
  day: fc.integer({ min: 1, max: 28 }),
});

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A month of slips built from kinds: the generator knows each line's fate, so the expected claim is counted apart. */
function monthOf(specs: LineSpec[]) {
  const records: ClaimRecord[] = [];
  const held: ClaimHeldSlip[] = [];
  const examinations: ClaimExamination[] = [];
  const expected = new Map<string, { amount: number; count: number; examinations: number; excluded: Map<string, ExclusionReason> }>();
  const of = (clinic: string) => {
    let e = expected.get(clinic);
    if (!e) expected.set(clinic, (e = { amount: 0, count: 0, examinations: 0, excluded: new Map() }));
    return e;
  };
  const payable: ClaimRecord[] = [];
  specs.forEach((s, i) => {
    const date = `2026-05-${String(s.day).padStart(2, '0')}`;
    const base: ClaimRecord = {
      recordId: uuid(i), residentId: `R${i}`, clinicNo: s.clinic, vaccine: s.vaccine, dose: 1, date, category: 'routine', warnings: [], status: 'active',
      recordedAt: IN_MONTH, ...(s.exemption ? { exemption: s.exemption } : {}),
    };
    if (s.kind === 'held' || s.kind === 'held-duplicate' || s.kind === 'rejected') {
      held.push({ slipId: uuid(10_000 + i), clinicNo: s.clinic, vaccine: s.vaccine, dose: 1, date, reason: s.kind === 'held-duplicate' ? 'duplicate' : 'basic-four-mismatch', status: s.kind === 'rejected' ? 'rejected' : 'held', heldAt: IN_MONTH });
      of(s.clinic).excluded.set(uuid(10_000 + i), EXPECTED_REASON[s.kind]);
      return;
    }
    if (s.kind === 'examination') {
      // 予診のみ: the examination fee, no co-payment, whatever the exemption
      examinations.push({ recordId: uuid(i), residentId: `R${i}`, clinicNo: s.clinic, vaccine: s.vaccine, dose: 1, date, recordedAt: IN_MONTH });
      of(s.clinic).amount += EXAMINATION_FEE;
      of(s.clinic).examinations += 1;
      return;
    }
    if (s.kind === 'duplicate' && payable.length === 0) return; // nothing to repeat yet
    const record: ClaimRecord = s.kind === 'payable' ? base
      : s.kind === 'late' ? { ...base, date: '2025-04-20' }
      : s.kind === 'duplicate' ? { ...payable[i % payable.length]!, recordId: uuid(i), recordedAt: '2026-06-20T01:00:00.000Z' }
      : s.kind === 'not-routine' ? { ...base, category: 'voluntary' }
      : s.kind === 'outside-window' ? { ...base, category: 'voluntary', warnings: ['after-window'] }
      : s.kind === 'unknown-clinic' ? { ...base, clinicNo: '9999999999' }
      : { ...base, status: 'voided' };
    records.push(record);
    const clinic = record.clinicNo!;
    if (s.kind === 'payable') {
      payable.push(record);
      const co = s.exemption === 'public-assistance' ? 0 : CO_PAYMENT[s.vaccine];
      of(clinic).amount += PRICE[s.vaccine] - co;
      of(clinic).count += 1;
    } else {
      of(clinic).excluded.set(record.recordId, EXPECTED_REASON[s.kind]);
    }
  });
  return { records, held, examinations, expected };
}

describe('the month\'s claim', () => {
  it('equals a count made apart for a generated month (late, duplicate, held, non-routine, examination-only, exempt), and every line not paid names its reason', () => {
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 40 }), (specs) => {
      const { records, held, examinations, expected } = monthOf(specs);
      const claims = buildClaims(MONTH, { records, examinations, held, clinics, approvals: [], table });
      const got = new Map(claims.map((c) => [c.clinicNo, c]));
      for (const [clinic, e] of expected) {
        const c = got.get(clinic);
        if (e.count === 0 && e.examinations === 0 && e.excluded.size === 0) continue;
        expect(c, clinic).toBeDefined();
        expect(c!.totals.amount).toBe(e.amount);
        expect(c!.totals.doses).toBe(e.count);
        expect(c!.totals.examinations).toBe(e.examinations);
        expect(new Map(c!.excluded.map((x) => [x.ref, x.reason]))).toEqual(e.excluded);
      }
      // Nothing claimed that the count did not expect; each line's amount is its fee less its co-payment.
      expect([...got.keys()].every((k) => expected.has(k))).toBe(true);
      for (const c of claims) for (const l of c.lines) expect(l.amount).toBe(l.fee - l.coPayment);
    }), { numRuns: 200 });
  });

  it('a slip landing after its clinic\'s claim was approved goes to the next month whose claim was not approved without it', () => {
    const approvals: ClaimApproval[] = [
      { clinicNo: '0410000001', month: '2026-06', lines: [{ recordId: uuid(1) }], excludedRefs: [uuid(5)] },
      { clinicNo: '0410000001', month: '2026-07', lines: [], excludedRefs: [] },
    ];
    const early = { recordId: uuid(1), clinicNo: '0410000001', recordedAt: '2026-06-10T00:00:00.000Z' };
    const late = { recordId: uuid(2), clinicNo: '0410000001', recordedAt: '2026-06-26T00:00:00.000Z' };
    const later = { recordId: uuid(3), clinicNo: '0410000001', recordedAt: '2026-06-29T00:00:00.000Z' };
    expect(claimMonthOf(early, approvals)).toBe('2026-06');
    // listed unpaid by the June approval: it stays in June
    expect(claimMonthOf({ ...late, recordId: uuid(5) }, approvals)).toBe('2026-06');
    // not in June's approval, nor in July's (approved already): August
    expect(claimMonthOf(late, approvals)).toBe('2026-08');
    expect(claimMonthOf(later, approvals)).toBe('2026-08');
    // Another clinic's approval moves nothing; the JST month counts (23:30 UTC on the 30th is July 1st in Japan).
    expect(claimMonthOf({ ...late, clinicNo: '0410000002' }, approvals)).toBe('2026-06');
    expect(claimMonthOf({ recordId: uuid(4), clinicNo: '0410000002', recordedAt: '2026-06-30T15:30:00.000Z' }, approvals)).toBe('2026-07');
  });

  it('a dose paid in an earlier month\'s claim is not paid again (claimed-in-month)', () => {
    const first: ClaimRecord = { recordId: uuid(1), residentId: 'R1', clinicNo: '0410000001', vaccine: 'mr', dose: 1, date: '2026-05-02', category: 'routine', warnings: [], status: 'active', recordedAt: '2026-05-10T00:00:00.000Z' };
    const again: ClaimRecord = { ...first, recordId: uuid(2), recordedAt: '2026-06-10T00:00:00.000Z' };
    const approvals: ClaimApproval[] = [{ clinicNo: '0410000001', month: '2026-05', lines: [{ recordId: uuid(1) }], excludedRefs: [] }];
    const [june] = buildClaims('2026-06', { records: [first, again], held: [], clinics, approvals, table });
    expect(june!.lines).toEqual([]);
    expect(june!.excluded.map((e) => e.reason)).toEqual(['claimed-in-month']);
  });

  it('a claim is approved once and paid once, not before its approval', () => {
    const approval = { clinicNo: '0410000001', month: MONTH, approvedOn: '2026-07-01', lines: [], excludedRefs: [], counts: [], excluded: {}, totals: { doses: 0, examinations: 0, fee: 0, coPayment: 0, amount: 0 }, feeTableSha256: 'a'.repeat(64) };
    const approved = claimDecider.decide({ type: 'ApproveClaim', approval }, claimDecider.initialState);
    expect(E.isRight(approved)).toBe(true);
    const state = claimDecider.evolve(claimDecider.initialState, (approved as E.Right<never[]>).right[0]!);
    const twice = claimDecider.decide({ type: 'ApproveClaim', approval }, state);
    expect(E.isLeft(twice) && twice.left.code).toBe('claim-approved');
    const early = claimDecider.decide({ type: 'RecordClaimPaid', clinicNo: '0410000001', month: MONTH, paidOn: '2026-06-30' }, state);
    expect(E.isLeft(early) && early.left.code).toBe('invalid-date');
    const unapproved = claimDecider.decide({ type: 'RecordClaimPaid', clinicNo: '0410000001', month: MONTH, paidOn: '2026-07-20' }, claimDecider.initialState);
    expect(E.isLeft(unapproved) && unapproved.left.code).toBe('claim-not-approved');
  });
});
