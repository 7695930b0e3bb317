// 予診票番号: the number printed on every form of a notice run, typed back from clinic slips. See docs/form-numbers.md.
import { Mod11_2 } from '@konfirm/iso7064';

/** Digits of the serial (印刷連番) in a form number: a city prints well under ten thousand million forms. */
export const FORM_SERIAL_DIGITS = 10;
export const MAX_FORM_SERIAL = 10 ** FORM_SERIAL_DIGITS - 1;

/** Ten digits, then the check character (a digit or X). */
export const FORM_NUMBER_PATTERN = /^[0-9]{10}[0-9X]$/;

/**
 * The check character of a serial's ten digits: ISO/IEC 7064 MOD 11-2 (a digit, or X for ten). A pure system with a
 * prime modulus: every single-character error and every transposition of two adjacent characters changes the sum.
 */
export function formCheckCharacter(body: string): string {
  return Mod11_2.checksum(body);
}

/** The form number of a serial (1 …): its ten digits, zero-padded, and the check character. */
export function formNumberOf(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1 || serial > MAX_FORM_SERIAL) throw new RangeError(`form serial out of range (1–${MAX_FORM_SERIAL})`);
  const body = String(serial).padStart(FORM_SERIAL_DIGITS, '0');
  return body + formCheckCharacter(body);
}

export type FormNumberProblem = 'format' | 'check-character';

/**
 * A typed form number read: full-width digits and a lower-case x are taken as typed on a Japanese keyboard, and
 * spaces or hyphens between groups are ignored. Returns the number as printed, or why it is not one (never echoing it).
 */
export function readFormNumber(typed: string): { ok: true; formNumber: string; serial: number } | { ok: false; problem: FormNumberProblem } {
  const text = typed.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
  if (!FORM_NUMBER_PATTERN.test(text)) return { ok: false, problem: 'format' };
  const body = text.slice(0, FORM_SERIAL_DIGITS);
  if (formCheckCharacter(body) !== text[FORM_SERIAL_DIGITS]) return { ok: false, problem: 'check-character' };
  const serial = Number(body);
  if (serial < 1) return { ok: false, problem: 'format' };
  return { ok: true, formNumber: text, serial };
}

/** Whether a string is a form number exactly as printed (its check character verifying). */
export function isFormNumber(text: string): boolean {
  const read = readFormNumber(text);
  return read.ok && read.formNumber === text;
}

/** What a refusal says of a typed number that is not one: the reason, never the number. */
export function describeFormNumberProblem(problem: FormNumberProblem): string {
  return problem === 'format'
    ? 'is not a 予診票番号 (ten digits and a check character, 0–9 or X)'
    : 'does not verify: its check character is wrong (a digit mistyped or two swapped)';
}
