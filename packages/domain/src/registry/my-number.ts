/**
 * 個人番号 (My Number) detection. Vaccination affairs here do not hold 個人番号 (the assessment: 母子保健等システム
 * では個人番号を保持しない), so an import boundary refuses a column that carries one. Nothing here keeps the number.
 */

// Weights from the left over the first 11 digits (番号法施行令第8条: Qn = n+1 for n ≤ 6, n−5 for n ≥ 7, n from the right).
const WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

export function myNumberCheckDigit(first11: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (first11.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** Exactly 12 ASCII digits whose last digit is the check digit of the first 11. */
export function isValidMyNumber(text: string): boolean {
  return /^\d{12}$/.test(text) && myNumberCheckDigit(text) === text.charCodeAt(11) - 48;
}

/**
 * A 個人番号 as a person typed or a reader gave it (full-width digits, spaces, dots or dashes between the digits) →
 * its 12 ASCII digits, or null when it is not one (the check digit included). Nothing is kept.
 */
export function myNumberOf(text: string): string | null {
  const digits = text.normalize('NFKC').replace(/[\s.\-\u2010-\u2015\u2212\u30fc\uff70]/g, '');
  return isValidMyNumber(digits) ? digits : null;
}
