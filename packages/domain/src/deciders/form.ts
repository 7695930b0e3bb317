import * as E from 'fp-ts/lib/Either.js';
import type { EventOf } from '../events/registry.ts';
import { ReissueReasonSchema, PrintKindSchema, type PrintKind, type ReissueReason } from '../events/form-events.ts';
import { isIsoDate } from '../time/day-number.ts';
import type { Vaccine } from '../events/vaccination-events.ts';
import { containsMyNumber } from '../registry/my-number-detector.ts';
import { DomainError } from '../errors.ts';
import type { Decider } from './decider.ts';
import { refuse } from './refusals.ts';

/** The events of one form's stream: what happened to it after it was issued. */
export type FormEvent = EventOf<'FormReissued' | 'FormVoided' | 'FormPrinted' | 'FormMailed' | 'FormReturned'>;

/**
 * A form as issued (by a notice run, or as the successor of a reissued form), read by the caller: an issue is never
 * undone, so the fact may come from the forms projection; everything that happened to the form since is on its own
 * stream, which the decision is made against.
 */
export interface IssuedForm {
  readonly residentId: string;
  readonly runId: string;
  readonly vaccine: Vaccine;
  readonly dose: number;
  /** 予診票再発行枚数 of this form (0: a run's own form). */
  readonly reissueCount: number;
}

export interface FormState {
  /** open: valid; reissued: invalid, replaced by `replacedBy`; voided: invalid, no successor. */
  readonly fate: 'open' | 'reissued' | 'voided';
  readonly replacedBy?: string;
  readonly printKind?: PrintKind;
  readonly printedOn?: string;
  readonly mailedOn?: string;
  readonly returned?: { readonly on: string; readonly reason: string };
}

interface OnForm {
  readonly formNumber: string;
  /** The form as issued; null when no form of this number was ever issued. */
  readonly issued: IssuedForm | null;
  /** Today in Japan (JST): no date given may be later. */
  readonly today: string;
}

export type FormCommand =
  | (OnForm & { readonly type: 'ReissueForm'; readonly newFormNumber: string; readonly reason: string; readonly note?: string })
  | (OnForm & { readonly type: 'VoidForm'; readonly reason: string })
  | (OnForm & { readonly type: 'RecordFormPrinted'; readonly printKind: string; readonly printedOn: string })
  | (OnForm & { readonly type: 'RecordFormMailed'; readonly mailedOn: string })
  | (OnForm & { readonly type: 'RecordFormReturned'; readonly reason: string; readonly returnedOn: string });

/** A clerk's text kept on the record: present, at most 200 characters, never a 個人番号. */
function checkText(item: string, text: string | undefined): E.Either<DomainError, string> {
  const t = text?.trim() ?? '';
  if (t.length === 0 || t.length > 200) return refuse(`invalid-${item}`, `--${item} needs a text of 1–200 characters`);
  if (containsMyNumber(t)) return refuse('my-number-in-text', `--${item} holds a 個人番号: write it without`);
  return E.right(t);
}

function checkDate(item: string, date: string, today: string): E.Either<DomainError, string> {
  if (!isIsoDate(date)) return refuse('invalid-date', `--${item} must be a date (YYYY-MM-DD)`);
  if (date > today) return refuse('future-date', `--${item} ${date} is later than today (${today})`);
  return E.right(date);
}

/** A form that is no longer valid cannot be reissued or voided: the one that replaced it can. */
function stillValid(formNumber: string, state: FormState): E.Either<DomainError, true> {
  if (state.fate === 'reissued') return refuse('form-invalidated', `form ${formNumber} was reissued as ${state.replacedBy}: it is no longer valid`);
  if (state.fate === 'voided') return refuse('form-voided', `form ${formNumber} was voided: it is no longer valid`);
  return E.right(true);
}

export const formDecider: Decider<FormCommand, FormEvent, FormState> = {
  initialState: { fate: 'open' },

  decide(command, state) {
    const { formNumber, issued } = command;
    if (!issued) return E.left(new DomainError('unknown-form', `no form ${formNumber} was issued`, 'not-found'));
    const { residentId } = issued;
    switch (command.type) {
      case 'ReissueForm': {
        const valid = stillValid(formNumber, state);
        if (E.isLeft(valid)) return valid;
        const reason = ReissueReasonSchema.safeParse(command.reason);
        if (!reason.success) return refuse('invalid-reissue-reason', '--reason must be lost, moved, damaged or other');
        if (reason.data === 'other' && command.note === undefined) return refuse('reissue-note-required', 'a reissue for another reason needs --note saying which');
        const note = command.note === undefined ? E.right(undefined) : checkText('note', command.note);
        if (E.isLeft(note)) return note;
        return E.right([{
          type: 'FormReissued',
          data: {
            formNumber, newFormNumber: command.newFormNumber, residentId, runId: issued.runId, vaccine: issued.vaccine, dose: issued.dose,
            reason: reason.data as ReissueReason, ...(note.right === undefined ? {} : { note: note.right }), reissueCount: issued.reissueCount + 1, reissuedOn: command.today,
          },
        }]);
      }
      case 'VoidForm': {
        const valid = stillValid(formNumber, state);
        if (E.isLeft(valid)) return valid;
        const reason = checkText('reason', command.reason);
        if (E.isLeft(reason)) return reason;
        return E.right([{ type: 'FormVoided', data: { formNumber, residentId, reason: reason.right, voidedOn: command.today } }]);
      }
      case 'RecordFormPrinted': {
        const kind = PrintKindSchema.safeParse(command.printKind);
        if (!kind.success) return refuse('invalid-print-kind', 'the 印刷区分 must be batch (一括) or individual (個別)');
        const on = checkDate('date', command.printedOn, command.today);
        if (E.isLeft(on)) return on;
        // The same fact again (a return file imported twice) adds nothing.
        if (state.printedOn === on.right && state.printKind === kind.data) return E.right([]);
        return E.right([{ type: 'FormPrinted', data: { formNumber, residentId, printKind: kind.data, printedOn: on.right } }]);
      }
      case 'RecordFormMailed': {
        const on = checkDate('date', command.mailedOn, command.today);
        if (E.isLeft(on)) return on;
        if (state.mailedOn === on.right) return E.right([]);
        if (state.printedOn !== undefined && on.right < state.printedOn) return refuse('mailed-before-printed', `form ${formNumber} was printed on ${state.printedOn}: it cannot have been mailed on ${on.right}`);
        return E.right([{ type: 'FormMailed', data: { formNumber, residentId, mailedOn: on.right } }]);
      }
      case 'RecordFormReturned': {
        const on = checkDate('date', command.returnedOn, command.today);
        if (E.isLeft(on)) return on;
        const reason = checkText('reason', command.reason);
        if (E.isLeft(reason)) return reason;
        if (state.returned?.on === on.right && state.returned.reason === reason.right) return E.right([]);
        if (state.mailedOn !== undefined && on.right < state.mailedOn) return refuse('returned-before-mailed', `form ${formNumber} was mailed on ${state.mailedOn}: it cannot have come back on ${on.right}`);
        return E.right([{ type: 'FormReturned', data: { formNumber, residentId, reason: reason.right, returnedOn: on.right } }]);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'FormReissued':
        return { ...state, fate: 'reissued', replacedBy: event.data.newFormNumber };
      case 'FormVoided':
        return { ...state, fate: 'voided' };
      case 'FormPrinted':
        return { ...state, printKind: event.data.printKind, printedOn: event.data.printedOn };
      case 'FormMailed':
        return { ...state, mailedOn: event.data.mailedOn };
      case 'FormReturned':
        return { ...state, returned: { on: event.data.returnedOn, reason: event.data.reason } };
    }
  },
};
