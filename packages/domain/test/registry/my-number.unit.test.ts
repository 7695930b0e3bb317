import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isValidMyNumber, myNumberCheckDigit } from '../../src/registry/my-number.ts';
import { containsMyNumber } from '../../src/registry/my-number-detector.ts';

// Test oracle written from the statute's form: Qn = n+1 (1 ≤ n ≤ 6), n−5 (7 ≤ n ≤ 11), Pn the n-th digit from the right.
function oracleCheckDigit(first11: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(first11[11 - n]);
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

const first11 = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 });

describe('isValidMyNumber', () => {
  it('accepts a known valid number and refuses its neighbours', () => {
    expect(isValidMyNumber('123456789018')).toBe(true);
    expect(isValidMyNumber('123456789010')).toBe(false);
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('1234567890180')).toBe(false);
    expect(isValidMyNumber('12345678901a')).toBe(false);
    expect(isValidMyNumber('１２３４５６７８９０１８')).toBe(false); // full width is the caller's job (containsMyNumber)
  });
  it('agrees with the statute-form oracle', () => {
    fc.assert(
      fc.property(first11, fc.integer({ min: 0, max: 9 }), (head, last) => {
        expect(myNumberCheckDigit(head)).toBe(oracleCheckDigit(head));
        expect(isValidMyNumber(head + last)).toBe(last === oracleCheckDigit(head));
      }),
    );
  });
});

describe('containsMyNumber', () => {
  it.each([
    ['123456789018', true],
    ['1234 5678 9018', true],
    ['1234-5678-9018', true],
    ['１２３４５６７８９０１８', true],
    ['番号123456789018を記載', true],
    ['1234.5678.9018', true],
    ['１２３４　５６７８　９０１８', true],
    ['１２３４－５６７８－９０１８', true],
    ['1234 - 5678 - 9018', true],
    ['op123456789018', true],
    ['電話 022-123-4567 1234-5678-9018', true],
    ['備考: 1234 5678 9018 です', true],
    ['2025-04-01 2025-05-01', false],
    ['1234 5678 9010', false],
    ['123456789010', false],
    ['1234567890180', false],
    ['090-1234-5678', false],
    ['', false],
    ['ヤマダ', false],
  ])('%s → %s', (cell, expected) => {
    expect(containsMyNumber(cell)).toBe(expected);
  });
});

describe('containsMyNumber over generated spellings', () => {
  const spell = (n: string, sep: string, wide: boolean) => {
    const s = [n.slice(0, 4), n.slice(4, 8), n.slice(8)].join(sep);
    return wide ? s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) : s;
  };
  it('finds every valid number in every spelling, inside text, and no number whose check digit is wrong', () => {
    fc.assert(
      fc.property(first11, fc.constantFrom('', ' ', '-', '.', '　', '－', ' - '), fc.boolean(), fc.string({ maxLength: 5 }), (head, sep, wide, pre) => {
        const valid = head + String(oracleCheckDigit(head));
        const wrong = head + String((oracleCheckDigit(head) + 1) % 10);
        expect(containsMyNumber(`${pre.replace(/[0-9０-９]/g, 'x')}：${spell(valid, sep, wide)}。`)).toBe(true);
        expect(containsMyNumber(spell(wrong, sep, wide))).toBe(false);
      }),
    );
  });
});
