import { isValidMyNumber } from './my-number.ts';

/**
 * The one 個人番号 (My Number) detector every boundary uses: free text, flag values, file names, ids of no known
 * numeric format, file cells. It finds a number however a person wrote it: full-width digits (NFKC), and spaces,
 * hyphens (any dash) and dots between the digits (1234 5678 9018, １２３４－５６７８－９０１８, 1234.5678.9018), inside
 * any text. The check digit is verified, so a 12-digit string is a hit about one time in eleven. Nothing is kept.
 */

// After NFKC: ASCII digits; separators a person writes inside a number (space, dot, hyphen and the dashes, ー as a dash).
const SEPARATOR = '[\\s.\\-\\u2010-\\u2015\\u2212\\u30fc\\uff70]';
const RUN = new RegExp(`\\d+(?:${SEPARATOR}+\\d+)*`, 'g');
const SPLIT = new RegExp(`(${SEPARATOR}+)`);

/** Whether a run's groups (digits between separators) hold 12 digits that pass the check digit. */
function runHoldsMyNumber(run: string): boolean {
  const parts = run.split(SPLIT); // digits, separator, digits, …
  const groups = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  // The whole run with its separators ignored, as the issue states the rule…
  const whole = groups.join('');
  if (whole.length === 12 && isValidMyNumber(whole)) return true;
  // …and, inside a longer run (a phone number, then the My Number), any span of whole groups joined by one and the
  // same separator: "022-123-4567 1234-5678-9018" holds one, "2025-04-01 2025-05-01" (mixed separators) is dates.
  for (let from = 0; from < groups.length; from++) {
    let digits = '';
    for (let to = from; to < groups.length && digits.length < 12; to++) {
      if (to > from && seps[to - 1] !== seps[from]) break;
      digits += groups[to]!;
      if (digits.length === 12 && isValidMyNumber(digits)) return true;
    }
  }
  return false;
}

/** Whether the text holds a valid 個人番号 in any spelling. */
export function containsMyNumber(text: string): boolean {
  // Cheap exit for the common case (every cell of a million-row file passes here): fewer than 12 digits.
  let digits = 0;
  for (let i = 0; i < text.length && digits < 12; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) digits++;
  }
  if (digits < 12) return false;
  for (const run of text.normalize('NFKC').match(RUN) ?? []) if (runHoldsMyNumber(run)) return true;
  return false;
}

/** The message every refusal shares (it names the field; it never echoes the value). */
export const MY_NUMBER_REFUSED = 'holds a 個人番号 (My Number); vaccination affairs do not receive 個人番号';

/** What a log keeps instead of an id (an operator id) that holds a 個人番号. */
export const MY_NUMBER_ID_PLACEHOLDER = '(an id holding a 個人番号)';
