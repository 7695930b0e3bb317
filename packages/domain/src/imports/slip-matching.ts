import type { HoldReason, MismatchedItem, Slip } from '../events/import-events.ts';
import type { ResidentDetails } from '../events/resident-events.ts';
import { normalizeKana } from '../registry/kana.ts';

/** What matching needs to know about the resident a slip names. */
export interface MatchCandidate {
  readonly details: Pick<ResidentDetails, 'kanaName' | 'birthDate' | 'sex' | 'becameResidentOn'>;
  readonly status: 'resident' | 'moved-out' | 'died' | 'cancelled';
  readonly leftOn?: string;
  /** Doses already in the ledger (and earlier slips of the same file). */
  readonly doses: ReadonlyArray<{ readonly vaccine: string; readonly dose: number; readonly date: string }>;
}

export type SlipMatch =
  | { readonly kind: 'match' }
  | { readonly kind: 'hold'; readonly reason: HoldReason; readonly mismatchedItems?: ReadonlyArray<MismatchedItem> };

/** The form a slip's 予診票番号 names, as the forms projection has it. */
export interface SlipForm {
  readonly residentId: string;
  readonly vaccine: string;
  readonly dose: number;
  /** Neither reissued nor voided. */
  readonly valid: boolean;
}

/**
 * 予診票番号による照合: a slip bearing a form number is matched by it first. No form of that number: form-unknown; a
 * form reissued or voided: form-invalidated; a form of another person, vaccine or dose: form-mismatch (the items
 * named). Null when the form is the slip's own (the 4 information are then checked as for any slip).
 */
export function matchSlipForm(slip: Pick<Slip, 'residentId' | 'vaccine' | 'dose'>, form: SlipForm | null): SlipMatch | null {
  if (!form) return { kind: 'hold', reason: 'form-unknown' };
  if (!form.valid) return { kind: 'hold', reason: 'form-invalidated' };
  const mismatched: MismatchedItem[] = [];
  if (form.residentId !== slip.residentId) mismatched.push('residentId');
  if (form.vaccine !== slip.vaccine) mismatched.push('vaccine');
  if (form.dose !== slip.dose) mismatched.push('dose');
  return mismatched.length > 0 ? { kind: 'hold', reason: 'form-mismatch', mismatchedItems: mismatched } : null;
}

/**
 * 4情報による突合: a slip becomes a record only when its 整理番号 names a resident whose name (kana, normalized),
 * date of birth and sex agree, who lived here on the vaccination date, and who has no such dose yet. Any doubt holds
 * the slip for investigation (疑義); nothing is guessed.
 */
export function matchSlip(slip: Slip, candidate: MatchCandidate | undefined, today: string, form?: SlipForm | null): SlipMatch {
  if (slip.date > today) return { kind: 'hold', reason: 'future-date' };
  // `form` is undefined for a slip without a 予診票番号 (matched as before), null for a number no form has.
  if (slip.formNumber !== undefined && form !== undefined) {
    const byForm = matchSlipForm(slip, form);
    if (byForm) return byForm;
  }
  if (!candidate) return { kind: 'hold', reason: 'no-such-resident' };
  const mismatched: MismatchedItem[] = [];
  if (normalizeKana(slip.kanaName) !== normalizeKana(candidate.details.kanaName)) mismatched.push('kanaName');
  if (slip.birthDate !== candidate.details.birthDate) mismatched.push('birthDate');
  if (slip.sex !== candidate.details.sex) mismatched.push('sex');
  if (mismatched.length > 0) return { kind: 'hold', reason: 'basic-four-mismatch', mismatchedItems: mismatched };
  const arrived = candidate.details.becameResidentOn;
  if (candidate.status === 'cancelled' || (arrived !== undefined && slip.date < arrived) ||
      (candidate.status !== 'resident' && candidate.leftOn !== undefined && slip.date > candidate.leftOn)) {
    return { kind: 'hold', reason: 'not-resident-on-date' };
  }
  if (candidate.doses.some((d) => d.vaccine === slip.vaccine && d.dose === slip.dose && d.date === slip.date)) {
    return { kind: 'hold', reason: 'duplicate' };
  }
  return { kind: 'match' };
}
