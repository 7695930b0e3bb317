import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import {
  BENEFITS_BY_CLASS, LUMP_SUM_BENEFITS, ReliefBenefitSchema, ReliefDecisionSchema, ReliefIdentityDocumentSchema, type ReliefBenefit, type ReliefClass, type ReliefDecision,
} from '../events/relief-events.ts';
import type { VaccinationFields } from '../events/vaccination-events.ts';
import type { RuleSet } from '../schedule/rule-schema.ts';
import { parseIsoDate } from '../time/day-number.ts';
import { BENEFIT_NAMES } from '../japanese/names.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';

/** The events of one relief case's stream (健康被害救済). */
export type ReliefEvent = EventOf<'ReliefLodged'> | EventOf<'ReliefForwarded'> | EventOf<'ReliefDecided'> | EventOf<'ReliefPaid'>;

/**
 * Where a case stands: lodged at the counter → forwarded to the prefecture (進達) → decided by the national review
 * (certified or not) → paid, once for a lump sum, period by period for the others.
 */
export type ReliefStatus = 'lodged' | 'forwarded' | 'certified' | 'not-certified';

interface ReliefFacts {
  readonly caseId: string;
  readonly residentId: string;
  readonly benefit: ReliefBenefit;
  readonly receivedOn: string;
  readonly forwardedOn?: string;
  readonly notifiedOn?: string;
  readonly lastPaidOn?: string;
  readonly payments: number;
}

export type ReliefState = { readonly status: 'none' } | (ReliefFacts & { readonly status: ReliefStatus });

/** The vaccination a claim is about, as the person's ledger has it. */
export interface ReliefVaccination {
  readonly recordId: string;
  readonly status: 'active' | 'voided';
  readonly fields: Pick<VaccinationFields, 'vaccine' | 'category'>;
}

export type ReliefCommand =
  | {
      readonly type: 'LodgeRelief';
      /** A new id, chosen by the caller. */
      readonly caseId: string;
      readonly residentId: string;
      /** Whether the resident is registered (read by the caller). */
      readonly residentRegistered: boolean;
      readonly recordId: string;
      /** The person's record of that id, if any (read by the caller from their ledger). */
      readonly vaccination: ReliefVaccination | null;
      /** As typed: checked here. */
      readonly benefit: string;
      readonly receivedOn: string;
      /** As typed: checked here. */
      readonly identityDocument: string;
      /** The blind index of the 個人番号 given, already checked to name this person. */
      readonly myNumberIndex: string;
      /** Cases lodged earlier with the same blind index, and whose they are. */
      readonly earlierCases: ReadonlyArray<{ readonly caseId: string; readonly residentId: string }>;
      /** Today in Japan (JST), YYYY-MM-DD. */
      readonly today: string;
    }
  | { readonly type: 'ForwardRelief'; readonly caseId: string; readonly today: string }
  | { readonly type: 'DecideRelief'; readonly caseId: string; readonly decision: ReliefDecision; readonly notifiedOn: string; readonly today: string }
  | { readonly type: 'PayRelief'; readonly caseId: string; readonly amount: number; readonly paidOn: string; readonly today: string };

/**
 * The class of a vaccination for relief: a routine one's is its disease's (A類 or B類, from the rule set); a temporary
 * one (臨時接種, and the 特措法 COVID-19 vaccinations given as such) is relieved at A類's level (予防接種法第16条第1項);
 * a voluntary one (任意接種) is not under the Act at all (its relief is PMDA's): null.
 */
export function reliefClassOf(rules: RuleSet, fields: Pick<VaccinationFields, 'vaccine' | 'category'>): ReliefClass | null {
  if (fields.category === 'voluntary') return null;
  if (fields.category === 'temporary' || fields.category === 'special-measures') return 'A';
  return rules.vaccines.find((v) => v.id === fields.vaccine)?.category ?? null;
}

const unknownCase = (caseId: string) => refuse('unknown-relief-case', `no relief case ${caseId.slice(0, 36)}`);

/** A date given for a step: valid, not in the future (JST), not before the step it follows. */
function checkStepDate(what: string, date: string, today: string, after: { name: string; date: string | undefined }) {
  if (parseIsoDate(date) === null) return refuse('invalid-date', `${what} is not a valid date (YYYY-MM-DD)`);
  if (date > today) return refuse('invalid-date', `${what} is in the future (JST)`);
  if (after.date !== undefined && date < after.date) return refuse('invalid-date', `${what} is before ${after.name} (${after.date})`);
  return null;
}

/** The relief decider under a rule set (the class of a routine vaccine is the schedule's). */
export function reliefDeciderFor(rules: RuleSet): Decider<ReliefCommand, ReliefEvent, ReliefState> {
  return {
    initialState: { status: 'none' },

    decide(command, state) {
      const caseId = command.caseId;
      if (command.type === 'LodgeRelief') {
        if (state.status !== 'none') return refuse('relief-case-exists', `relief case ${caseId} is already lodged`);
        const benefit = ReliefBenefitSchema.safeParse(command.benefit);
        if (!benefit.success) return refuse('unknown-benefit', `unknown benefit: one of ${Object.entries(BENEFIT_NAMES).map(([id, name]) => `${name} (${id})`).join(', ')}`);
        const identityDocument = ReliefIdentityDocumentSchema.safeParse(command.identityDocument);
        if (!identityDocument.success) return refuse('unknown-identity-document', 'the identity document must prove the 個人番号 and the person (番号法第16条): 個人番号カード (my-number-card), 個人番号付き住民票の写し＋写真付き身分証明書 (resident-record-and-photo-id) or 通知カード＋写真付き身分証明書 (notification-card-and-photo-id)');
        const received = checkStepDate('the date of receipt', command.receivedOn, command.today, { name: '', date: undefined });
        if (received) return received;
        if (!command.residentRegistered) return unknownResident(command.residentId);
        const record = command.vaccination;
        if (record === null || record.recordId !== command.recordId) return refuse('unknown-vaccination', `resident ${command.residentId} has no vaccination record ${command.recordId.slice(0, 36)}`);
        if (record.status === 'voided') return refuse('vaccination-voided', `record ${command.recordId} is voided: a claim is about a vaccination on the ledger`);
        const reliefClass = reliefClassOf(rules, record.fields);
        if (reliefClass === null) {
          return record.fields.category === 'voluntary'
            ? refuse('not-covered', `record ${command.recordId} is a voluntary vaccination (任意接種): not relieved under the Immunization Act (its relief is PMDA's)`)
            : refuse('relief-class-unknown', `the class (A類/B類) of vaccine ${record.fields.vaccine} is not in the schedule`);
        }
        if (!BENEFITS_BY_CLASS[reliefClass].includes(benefit.data)) {
          return refuse('benefit-not-for-class', `${BENEFIT_NAMES[benefit.data]} is not a benefit of ${reliefClass}類 (${BENEFITS_BY_CLASS[reliefClass].map((b) => BENEFIT_NAMES[b]).join(', ')})`);
        }
        // The blind index says the same 個人番号 was given for another person before: one of the two is wrong.
        if (command.earlierCases.some((c) => c.residentId !== command.residentId)) {
          return refuse('my-number-other-person', 'the 個人番号 given was given before for another person\'s claim: check the identity document');
        }
        return E.right([{
          type: 'ReliefLodged',
          data: {
            caseId, residentId: command.residentId, recordId: command.recordId, vaccine: record.fields.vaccine, reliefClass, benefit: benefit.data,
            receivedOn: command.receivedOn, identityDocument: identityDocument.data, myNumberIndex: command.myNumberIndex,
            earlierCaseIds: command.earlierCases.map((c) => c.caseId),
          },
        }]);
      }
      if (state.status === 'none') return unknownCase(caseId);
      const residentId = state.residentId;
      switch (command.type) {
        case 'ForwardRelief': {
          if (state.status !== 'lodged') return refuse('relief-forwarded', `relief case ${caseId} was forwarded on ${state.forwardedOn}`);
          const bad = checkStepDate('the date forwarded', command.today, command.today, { name: 'the date of receipt', date: state.receivedOn });
          if (bad) return bad;
          return E.right([{ type: 'ReliefForwarded', data: { caseId, residentId, forwardedOn: command.today } }]);
        }
        case 'DecideRelief': {
          if (state.status === 'lodged') return refuse('relief-not-forwarded', `relief case ${caseId} is not forwarded yet: the finding is the national review's`);
          if (state.status !== 'forwarded') return refuse('relief-decided', `relief case ${caseId} is already decided (${state.status})`);
          if (!ReliefDecisionSchema.safeParse(command.decision).success) return refuse('invalid-decision', 'the decision is certified or not-certified');
          const bad = checkStepDate('the date notified', command.notifiedOn, command.today, { name: 'the date forwarded', date: state.forwardedOn });
          if (bad) return bad;
          return E.right([{ type: 'ReliefDecided', data: { caseId, residentId, decision: command.decision, notifiedOn: command.notifiedOn } }]);
        }
        case 'PayRelief': {
          if (state.status !== 'certified') return refuse('relief-not-certified', `relief case ${caseId} is ${state.status}: only a certified benefit is paid`);
          if (LUMP_SUM_BENEFITS.includes(state.benefit) && state.payments > 0) {
            return refuse('relief-paid', `relief case ${caseId}: ${BENEFIT_NAMES[state.benefit]} is paid once, and was paid on ${state.lastPaidOn}`);
          }
          if (!Number.isSafeInteger(command.amount) || command.amount <= 0 || command.amount > 1_000_000_000) {
            return refuse('invalid-amount', 'the amount is a whole number of yen, above 0');
          }
          const bad = checkStepDate('the date paid', command.paidOn, command.today, { name: 'the date notified', date: state.notifiedOn });
          if (bad) return bad;
          return E.right([{ type: 'ReliefPaid', data: { caseId, residentId, amount: command.amount, paidOn: command.paidOn } }]);
        }
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'ReliefLodged': {
          const { caseId, residentId, benefit, receivedOn } = event.data;
          return { status: 'lodged', caseId, residentId, benefit, receivedOn, payments: 0 };
        }
        case 'ReliefForwarded':
          return state.status === 'none' ? state : { ...state, status: 'forwarded', forwardedOn: event.data.forwardedOn };
        case 'ReliefDecided':
          return state.status === 'none' ? state : { ...state, status: event.data.decision, notifiedOn: event.data.notifiedOn };
        case 'ReliefPaid':
          return state.status === 'none' ? state : { ...state, payments: state.payments + 1, lastPaidOn: event.data.paidOn };
      }
    },
  };
}
