import fc from 'fast-check';
import { myNumberCheckDigit } from '../registry/my-number.ts';

/**
 * My Numbers (個人番号) as people and files write them, for the compliance kit's refusal properties. The numbers are
 * random with a valid check digit: none is a real person's, and every one of them must be refused.
 */

/** A valid 12-digit My Number (its check digit computed). */
export const myNumberArb: fc.Arbitrary<string> = fc
  .stringMatching(/^[1-9][0-9]{10}$/)
  .map((first11) => first11 + String(myNumberCheckDigit(first11)));

const wide = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const grouped = (n: string, separator: string) => [n.slice(0, 4), n.slice(4, 8), n.slice(8)].join(separator);

/** Every way of writing a number the detector must see through: half- and full-width, grouped by spaces and dashes. */
export const MY_NUMBER_SPELLINGS = {
  plain: (n: string) => n,
  spaced: (n: string) => grouped(n, ' '),
  hyphenated: (n: string) => grouped(n, '-'),
  dotted: (n: string) => grouped(n, '.'),
  'full-width': (n: string) => wide(n),
  'full-width hyphenated': (n: string) => grouped(wide(n), '－'),
  'ideographic space': (n: string) => grouped(wide(n), '\u3000'),
  'katakana dash': (n: string) => grouped(n, 'ー'),
} as const satisfies Record<string, (n: string) => string>;
export type MyNumberSpelling = keyof typeof MY_NUMBER_SPELLINGS;

/**
 * Where a My Number is put: a column of the file whose header names it (known: 個人番号, マイナンバー), a column the
 * affair drops (dropped: 課税区分, 電話番号), a column the reader does not know (unknown), or the free text of an API
 * call (a correction's reason, a request's summary, a void's reason, an erasure's reason).
 */
export type MyNumberPlace =
  | { readonly kind: 'known-column'; readonly header: string }
  | { readonly kind: 'dropped-column'; readonly header: string }
  | { readonly kind: 'unknown-column'; readonly header: string }
  | { readonly kind: 'free-text'; readonly field: 'correction-reason' | 'void-reason' | 'request-summary' | 'erasure-reason' };

export const myNumberPlaceArb: fc.Arbitrary<MyNumberPlace> = fc.oneof(
  fc.constantFrom('個人番号', 'マイナンバー').map((header): MyNumberPlace => ({ kind: 'known-column', header })),
  fc.constantFrom('課税区分', '電話番号').map((header): MyNumberPlace => ({ kind: 'dropped-column', header })),
  fc.constantFrom('備考用', '方書', '連絡事項').map((header): MyNumberPlace => ({ kind: 'unknown-column', header })),
  fc.constantFrom('correction-reason' as const, 'void-reason' as const, 'request-summary' as const, 'erasure-reason' as const)
    .map((field): MyNumberPlace => ({ kind: 'free-text', field })),
);

/** One My Number, one spelling of it, one place to put it: `written` is what is sent, `myNumber` its 12 digits. */
export interface MyNumberCase {
  readonly myNumber: string;
  readonly spelling: MyNumberSpelling;
  readonly written: string;
  readonly place: MyNumberPlace;
}

export const myNumberCaseArb: fc.Arbitrary<MyNumberCase> = fc
  .tuple(myNumberArb, fc.constantFrom(...(Object.keys(MY_NUMBER_SPELLINGS) as MyNumberSpelling[])), myNumberPlaceArb)
  .map(([myNumber, spelling, place]) => ({ myNumber, spelling, written: MY_NUMBER_SPELLINGS[spelling](myNumber), place }));
