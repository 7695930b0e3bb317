import * as E from 'fp-ts/lib/Either.js';
import type { z } from 'zod';
import type { DomainError } from '../errors.ts';
import type { EventOf } from '../events/registry.ts';
import {
  MAX_REIMBURSEMENT_YEN, OutsideVaccinationRecordedSchema, ReimbursementPaidSchema, RequestLetterIssuedSchema, RequestLetterLodgedSchema,
  type ReturnBy,
} from '../events/letter-events.ts';
import { VaccineSchema, type Vaccine } from '../events/vaccination-events.ts';
import type { RuleSet } from '../schedule/rule-schema.ts';
import { isIsoDate } from '../time/day-number.ts';
import type { Decider } from './decider.ts';
import { refuse, unknownResident } from './refusals.ts';

/** The events of one request letter's stream (依頼書). */
export type RequestLetterEvent =
  | EventOf<'RequestLetterLodged'> | EventOf<'RequestLetterIssued'> | EventOf<'OutsideVaccinationRecorded'> | EventOf<'ReimbursementPaid'>;

/** Where a letter stands: lodged → issued (reissued as often as needed) → dose recorded → reimbursed. */
export type RequestLetterStatus = 'lodged' | 'issued' | 'recorded' | 'reimbursed';

export type RequestLetterState =
  | { readonly status: 'none' }
  | {
      readonly status: RequestLetterStatus;
      readonly residentId: string;
      readonly vaccine: Vaccine;
      readonly dose: number;
      readonly lodgedOn: string;
      /** The first issue's date: a dose given before the city asked for it is not this letter's. */
      readonly firstIssuedOn?: string;
      readonly vaccinatedOn?: string;
    };

export type RequestLetterCommand =
  | {
      readonly type: 'LodgeRequestLetter';
      /** A new id, chosen by the caller. */
      readonly letterId: string;
      readonly residentId: string;
      /** Whether the resident is registered (read by the caller). */
      readonly residentRegistered: boolean;
      /** As typed: checked here against the rule set. */
      readonly vaccine: string;
      readonly dose: number;
      readonly stayAddress: string;
      readonly stayPostalCode?: string;
      readonly stayPhone?: string;
      readonly reason: string;
      readonly clinicName: string;
      readonly returnTo?: string;
      readonly returnBy: ReturnBy;
      /** Today in Japan (JST), YYYY-MM-DD. */
      readonly today: string;
    }
  | {
      readonly type: 'IssueRequestLetter';
      readonly letterId: string;
      readonly documentNumber: string;
      readonly approvalNumber: string;
      readonly contact?: string;
      /** Required to issue a letter again, refused on its first issue. */
      readonly reissueReason?: string;
      readonly today: string;
    }
  | {
      readonly type: 'RecordOutsideVaccination';
      readonly letterId: string;
      /** The id the dose gets on the person's ledger (recorded in the same unit). */
      readonly recordId: string;
      readonly vaccinatedOn: string;
      readonly today: string;
    }
  | { readonly type: 'PayReimbursement'; readonly letterId: string; readonly amount: number; readonly paidOn: string; readonly today: string };

const unknownLetter = (letterId: string) => refuse('unknown-letter', `no request letter ${letterId.slice(0, 36)}`);

/** Paths and messages of a schema's refusal, never the values (they are the person's). */
function invalid(error: z.ZodError): E.Either<DomainError, never> {
  return refuse('invalid-letter', error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; '));
}

/** Whether the rule set has this dose of this vaccine in any of its series (期回数 that exists). */
export function doseOfVaccineExists(rules: RuleSet, vaccine: string, dose: number): boolean {
  const rule = rules.vaccines.find((v) => v.id === vaccine);
  return rule !== undefined && rule.series.some((s) => s.doses.some((d) => d.dose === dose));
}

/** A date typed by a clerk for something that happened: a real date, and not after today (JST). */
function pastDate(date: string, today: string, what: string): E.Either<DomainError, string> {
  if (!isIsoDate(date)) return refuse('invalid-date', `${what} is not a valid date (YYYY-MM-DD)`);
  if (date > today) return refuse('invalid-date', `${what} is in the future (JST)`);
  return E.right(date);
}

/**
 * The request letters decider under a rule set (which doses exist is the schedule's). Each step needs the one
 * before it: a letter is issued once (again only with a reason, and only until its dose is recorded), its dose is
 * recorded once and only after it was issued, and the reimbursement is paid once, only for a recorded dose.
 */
export function requestLetterDeciderFor(rules: RuleSet): Decider<RequestLetterCommand, RequestLetterEvent, RequestLetterState> {
  return {
    initialState: { status: 'none' },

    decide(command, state) {
      const { letterId } = command;
      if (command.type === 'LodgeRequestLetter') {
        if (state.status !== 'none') return refuse('letter-exists', `request letter ${letterId} is already lodged`);
        const vaccine = VaccineSchema.safeParse(command.vaccine);
        if (!vaccine.success) return refuse('unknown-vaccine', `unknown vaccine ${JSON.stringify(String(command.vaccine).slice(0, 30))}`);
        if (!Number.isInteger(command.dose) || !doseOfVaccineExists(rules, vaccine.data, command.dose)) {
          return refuse('unknown-dose', `${vaccine.data} has no dose ${String(command.dose).slice(0, 10)} in the schedule`);
        }
        if (!command.residentRegistered) return unknownResident(command.residentId);
        const data = RequestLetterLodgedSchema.safeParse({
          letterId, residentId: command.residentId, vaccine: vaccine.data, dose: command.dose,
          stayAddress: command.stayAddress.trim(), reason: command.reason.trim(), clinicName: command.clinicName.trim(), returnBy: command.returnBy,
          lodgedOn: command.today,
          ...(command.stayPostalCode === undefined ? {} : { stayPostalCode: command.stayPostalCode.trim() }),
          ...(command.stayPhone === undefined ? {} : { stayPhone: command.stayPhone.trim() }),
          ...(command.returnTo === undefined ? {} : { returnTo: command.returnTo.trim() }),
        });
        if (!data.success) return invalid(data.error);
        return E.right([{ type: 'RequestLetterLodged', data: data.data }]);
      }
      if (state.status === 'none') return unknownLetter(letterId);
      const { residentId } = state;
      switch (command.type) {
        case 'IssueRequestLetter': {
          const reissue = command.reissueReason !== undefined;
          if (state.status === 'recorded' || state.status === 'reimbursed') {
            return refuse('letter-used', `request letter ${letterId}: its dose is recorded; it is not issued again`);
          }
          if (state.status === 'issued' && !reissue) {
            return refuse('letter-issued', `request letter ${letterId} was issued on ${state.firstIssuedOn}; give a reason to issue it again (--reissue)`);
          }
          if (state.status === 'lodged' && reissue) return refuse('letter-not-issued', `request letter ${letterId} was never issued: nothing to issue again`);
          const data = RequestLetterIssuedSchema.safeParse({
            letterId, residentId, documentNumber: command.documentNumber.trim(), approvalNumber: command.approvalNumber.trim(), issuedOn: command.today,
            ...(command.contact === undefined ? {} : { contact: command.contact.trim() }),
            ...(reissue ? { reissueReason: command.reissueReason!.trim() } : {}),
          });
          if (!data.success) return invalid(data.error);
          return E.right([{ type: 'RequestLetterIssued', data: data.data }]);
        }
        case 'RecordOutsideVaccination': {
          if (state.status === 'lodged') return refuse('letter-not-issued', `request letter ${letterId} is not issued yet: its dose cannot be recorded`);
          if (state.status !== 'issued') return refuse('dose-recorded', `request letter ${letterId}: its dose is already recorded`);
          const date = pastDate(command.vaccinatedOn, command.today, 'the date of vaccination');
          if (E.isLeft(date)) return date;
          if (date.right < state.firstIssuedOn!) {
            return refuse('vaccinated-before-issue', `request letter ${letterId} was issued on ${state.firstIssuedOn}: a dose given before it is not this letter's`);
          }
          const data = OutsideVaccinationRecordedSchema.safeParse({ letterId, residentId, recordId: command.recordId, vaccinatedOn: date.right });
          if (!data.success) return invalid(data.error);
          return E.right([{ type: 'OutsideVaccinationRecorded', data: data.data }]);
        }
        case 'PayReimbursement': {
          if (state.status === 'lodged' || state.status === 'issued') {
            return refuse('dose-not-recorded', `request letter ${letterId}: the dose is not recorded yet; nothing to reimburse`);
          }
          if (state.status === 'reimbursed') return refuse('letter-reimbursed', `request letter ${letterId} is already reimbursed`);
          const { amount } = command;
          if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_REIMBURSEMENT_YEN) {
            return refuse('invalid-amount', `the amount must be a whole number of yen from 1 to ${MAX_REIMBURSEMENT_YEN}`);
          }
          const paid = pastDate(command.paidOn, command.today, 'the date of payment');
          if (E.isLeft(paid)) return paid;
          if (paid.right < state.vaccinatedOn!) return refuse('invalid-date', 'the date of payment is before the vaccination');
          const data = ReimbursementPaidSchema.safeParse({ letterId, residentId, amount, paidOn: paid.right });
          if (!data.success) return invalid(data.error);
          return E.right([{ type: 'ReimbursementPaid', data: data.data }]);
        }
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'RequestLetterLodged': {
          const { residentId, vaccine, dose, lodgedOn } = event.data;
          return { status: 'lodged', residentId, vaccine, dose, lodgedOn };
        }
        case 'RequestLetterIssued':
          return state.status === 'none' ? state : { ...state, status: 'issued', firstIssuedOn: state.firstIssuedOn ?? event.data.issuedOn };
        case 'OutsideVaccinationRecorded':
          return state.status === 'none' ? state : { ...state, status: 'recorded', vaccinatedOn: event.data.vaccinatedOn };
        case 'ReimbursementPaid':
          return state.status === 'none' ? state : { ...state, status: 'reimbursed' };
      }
    },
  };
}
