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
 * Whether a cell carries a valid 個人番号: the whole cell once width, spaces and hyphens are normalized away
 * (1234 5678 9018, １２３４-…), or any run of exactly 12 digits inside free text.
 */
export function containsMyNumber(cell: string): boolean {
  // Cheap exit for the common case (every cell of a million-row file passes here): fewer than 12 digits.
  let digits = 0;
  for (let i = 0; i < cell.length && digits < 12; i++) {
    const c = cell.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) digits++;
  }
  if (digits < 12) return false;
  const s = cell.normalize('NFKC');
  if (isValidMyNumber(s.replace(/[\s-]/g, ''))) return true;
  for (const run of s.match(/\d+/g) ?? []) if (run.length === 12 && isValidMyNumber(run)) return true;
  return false;
}
