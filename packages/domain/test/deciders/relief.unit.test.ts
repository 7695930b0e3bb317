import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isRight } from 'fp-ts/lib/Either.js';
import { deciderSpec } from '../../src/testing/decider-spec.ts';
import { reliefClassOf, reliefDeciderFor, type ReliefCommand, type ReliefEvent, type ReliefState } from '../../src/deciders/relief.ts';
import { BENEFITS_BY_CLASS, RELIEF_BENEFITS } from '../../src/events/relief-events.ts';
import { defaultRuleSet } from '../../src/schedule/rules.ts';
import { foldEvents } from '../../src/deciders/decider.ts';

const caseId = '0b6f3f0e-6a1c-4d2e-9a51-3f1c2b7d8e90';
const earlierId = '1c7f3f0e-6a1c-4d2e-9a51-3f1c2b7d8e91';
const recordId = '2d8f3f0e-6a1c-4d2e-9a51-3f1c2b7d8e92';
const residentId = 'R0001';
const index = 'A'.repeat(43);
const decider = reliefDeciderFor(defaultRuleSet);
const spec = deciderSpec(decider);

type Lodge = Extract<ReliefCommand, { type: 'LodgeRelief' }>;
const lodge = (over: Partial<Lodge> = {}): ReliefCommand => ({
  type: 'LodgeRelief', caseId, residentId, residentRegistered: true, recordId,
  vaccination: { recordId, status: 'active', fields: { vaccine: 'hib', category: 'routine' } },
  benefit: 'medical-expenses', receivedOn: '2026-12-01', identityDocument: 'my-number-card', myNumberIndex: index, earlierCases: [], today: '2026-12-07', ...over,
});
const forward = (today = '2026-12-08'): ReliefCommand => ({ type: 'ForwardRelief', caseId, today });
const decide = (decision: 'certified' | 'not-certified' = 'certified', notifiedOn = '2027-03-01'): ReliefCommand => ({ type: 'DecideRelief', caseId, decision, notifiedOn, today: '2027-03-02' });
const pay = (amount = 12_000, paidOn = '2027-03-10'): ReliefCommand => ({ type: 'PayRelief', caseId, amount, paidOn, today: '2027-06-30' });

const lodged = (benefit: (typeof RELIEF_BENEFITS)[number] = 'medical-expenses', earlierCaseIds: string[] = []): ReliefEvent => ({
  type: 'ReliefLodged', data: { caseId, residentId, recordId, vaccine: 'hib', reliefClass: 'A', benefit, receivedOn: '2026-12-01', identityDocument: 'my-number-card', myNumberIndex: index, earlierCaseIds },
});
const forwarded: ReliefEvent = { type: 'ReliefForwarded', data: { caseId, residentId, forwardedOn: '2026-12-08' } };
const decided = (decision: 'certified' | 'not-certified' = 'certified'): ReliefEvent => ({ type: 'ReliefDecided', data: { caseId, residentId, decision, notifiedOn: '2027-03-01' } });
const paid: ReliefEvent = { type: 'ReliefPaid', data: { caseId, residentId, amount: 12_000, paidOn: '2027-03-10' } };

describe('relief decider: lodging', () => {
  it('lodges a claim for a routine A類 vaccination with its class, the blind index and the earlier cases of the same number', () => {
    spec.given([]).when(lodge({ earlierCases: [{ caseId: earlierId, residentId }] })).then([lodged('medical-expenses', [earlierId])]);
  });

  it('takes the benefits of A類 for an A類 vaccine and of B類 for a B類 one, and refuses the others (予防接種法第16条)', () => {
    for (const [vaccine, cls] of [['hib', 'A'], ['influenza', 'B']] as const) {
      for (const benefit of RELIEF_BENEFITS) {
        const result = decider.decide(lodge({ benefit, vaccination: { recordId, status: 'active', fields: { vaccine, category: 'routine' } } }), decider.initialState);
        if (BENEFITS_BY_CLASS[cls].includes(benefit)) expect(isRight(result), `${vaccine} ${benefit}`).toBe(true);
        else spec.given([]).when(lodge({ benefit, vaccination: { recordId, status: 'active', fields: { vaccine, category: 'routine' } } })).thenFails('benefit-not-for-class');
      }
    }
  });

  it('relieves a temporary vaccination at A類\'s level and refuses a voluntary one (not under the Act)', () => {
    expect(reliefClassOf(defaultRuleSet, { vaccine: 'influenza', category: 'temporary' })).toBe('A');
    expect(reliefClassOf(defaultRuleSet, { vaccine: 'covid19', category: 'special-measures' })).toBe('A');
    spec.given([]).when(lodge({ vaccination: { recordId, status: 'active', fields: { vaccine: 'hib', category: 'voluntary' } } })).thenFails('not-covered');
  });

  it('refuses a vaccination not on the person\'s ledger, and a voided one', () => {
    spec.given([]).when(lodge({ vaccination: null })).thenFails('unknown-vaccination');
    spec.given([]).when(lodge({ vaccination: { recordId, status: 'voided', fields: { vaccine: 'hib', category: 'routine' } } })).thenFails('vaccination-voided');
  });

  it('refuses an unknown benefit, an identity document that does not prove the number, a future or impossible receipt, an unregistered person', () => {
    spec.given([]).when(lodge({ benefit: 'pocket-money' })).thenFails('unknown-benefit');
    spec.given([]).when(lodge({ identityDocument: '運転免許証' })).thenFails('unknown-identity-document');
    spec.given([]).when(lodge({ receivedOn: '2026-12-08' })).thenFails('invalid-date');
    spec.given([]).when(lodge({ receivedOn: '2026-02-30' })).thenFails('invalid-date');
    spec.given([]).when(lodge({ residentRegistered: false })).thenFails('unknown-resident');
  });

  it('refuses a number the blind index has seen for another person', () => {
    spec.given([]).when(lodge({ earlierCases: [{ caseId: earlierId, residentId: 'R0002' }] })).thenFails('my-number-other-person');
  });

  it('refuses to lodge the same case twice', () => spec.given([lodged()]).when(lodge()).thenFails('relief-case-exists'));
});

describe('relief decider: the state machine', () => {
  it('forwards, decides and pays, in that order', () => {
    spec.given([lodged()]).when(forward()).then([forwarded]);
    spec.given([lodged(), forwarded]).when(decide()).then([decided()]);
    spec.given([lodged(), forwarded, decided()]).when(pay()).then([paid]);
    // Medical expenses are paid period by period.
    spec.given([lodged(), forwarded, decided(), paid]).when(pay(8_000, '2027-04-10')).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses every step on a case that does not exist', () => {
    for (const command of [forward(), decide(), pay()]) spec.given([]).when(command).thenFails('unknown-relief-case');
  });

  it('pays nothing before the case is certified, nor on a case not certified', () => {
    spec.given([lodged()]).when(pay()).thenFails('relief-not-certified');
    spec.given([lodged(), forwarded]).when(pay()).thenFails('relief-not-certified');
    spec.given([lodged(), forwarded, decided('not-certified')]).when(pay()).thenFails('relief-not-certified');
  });

  it('decides only a forwarded case, and once', () => {
    spec.given([lodged()]).when(decide()).thenFails('relief-not-forwarded');
    spec.given([lodged(), forwarded, decided()]).when(decide('not-certified')).thenFails('relief-decided');
    spec.given([lodged(), forwarded]).when({ type: 'DecideRelief', caseId, decision: 'maybe' as never, notifiedOn: '2027-03-01', today: '2027-03-02' }).thenFails('invalid-decision');
  });

  it('forwards once, and never a decided case', () => {
    spec.given([lodged(), forwarded]).when(forward()).thenFails('relief-forwarded');
    spec.given([lodged(), forwarded, decided()]).when(forward()).thenFails('relief-forwarded');
  });

  it('pays a lump sum once', () => {
    spec.given([lodged('death-lump-sum'), forwarded, decided(), paid]).when(pay(100, '2027-04-01')).thenFails('relief-paid');
  });

  it('refuses a step dated before the step it follows, or in the future, and an amount that is not whole yen above 0', () => {
    spec.given([lodged(), forwarded]).when(decide('certified', '2026-12-07')).thenFails('invalid-date');
    spec.given([lodged(), forwarded]).when(decide('certified', '2027-03-03')).thenFails('invalid-date');
    spec.given([lodged(), forwarded, decided()]).when(pay(12_000, '2027-02-28')).thenFails('invalid-date');
    for (const amount of [0, -1, 1.5, Number.NaN]) spec.given([lodged(), forwarded, decided()]).when(pay(amount)).thenFails('invalid-amount');
  });

  it('never pays a case that was not certified, whatever the order of the steps tried', () => {
    const step = fc.constantFrom(forward(), decide('certified'), decide('not-certified'), pay());
    fc.assert(fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
      let events: ReliefEvent[] = [lodged()];
      for (const command of steps) {
        const state: ReliefState = foldEvents(decider, events);
        const result = decider.decide(command, state);
        if (isRight(result)) events = [...events, ...result.right];
      }
      const firstPaid = events.findIndex((e) => e.type === 'ReliefPaid');
      const certified = events.findIndex((e) => e.type === 'ReliefDecided' && e.data.decision === 'certified');
      const forwardedAt = events.findIndex((e) => e.type === 'ReliefForwarded');
      if (firstPaid >= 0) expect(certified).toBeGreaterThanOrEqual(0);
      if (firstPaid >= 0) expect(certified).toBeLessThan(firstPaid);
      if (certified >= 0) expect(forwardedAt).toBeLessThan(certified);
      expect(events.filter((e) => e.type === 'ReliefDecided').length).toBeLessThanOrEqual(1);
    }));
  });
});
