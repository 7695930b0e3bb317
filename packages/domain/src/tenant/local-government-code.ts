import { escapeControlCharacters } from '../registry/control-characters.ts';

/**
 * 全国地方公共団体コード: 5 digits and a modulus-11 check digit (JIS X 0402).
 * check = last digit of (11 − (Σ digit × weight mod 11)), weights 6,5,4,3,2.
 */
const WEIGHTS = [6, 5, 4, 3, 2] as const;

export function localGovernmentCheckDigit(firstFive: string): number {
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += Number(firstFive[i]) * WEIGHTS[i]!;
  return (11 - (sum % 11)) % 10;
}

export function isValidLocalGovernmentCode(code: string): boolean {
  return /^\d{6}$/.test(code) && localGovernmentCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/**
 * The message for a code that is not one, quoting it as given so the operator sees the typo. A code is not personal
 * data, but it is what someone typed: its control characters are shown escaped and it is cut at 20 characters.
 */
export function invalidTenantMessage(code: string): string {
  const shown = escapeControlCharacters(code.length > 20 ? `${code.slice(0, 20)}…` : code);
  return `tenant "${shown}" is not a 全国地方公共団体コード (6 digits with a valid check digit)`;
}
