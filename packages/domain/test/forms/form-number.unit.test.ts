import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formCheckCharacter, formNumberOf, isFormNumber, MAX_FORM_SERIAL, readFormNumber } from '../../src/forms/form-number.ts';
import { formsOfRunEvent } from '../../src/forms/run-forms.ts';
import { FormNumberSchema } from '../../src/events/form-events.ts';

const serialArb = fc.integer({ min: 1, max: MAX_FORM_SERIAL });
/** Every character a printed number may hold at a position: digits, and X where the check character stands. */
const alphabetAt = (i: number) => (i === 10 ? '0123456789X' : '0123456789').split('');

describe('予診票番号: ten digits and an ISO 7064 MOD 11-2 check character', () => {
  it('is eleven characters, the serial zero-padded, and verifies', () => {
    expect(formNumberOf(1)).toMatch(/^0000000001[0-9X]$/);
    fc.assert(fc.property(serialArb, (serial) => {
      const n = formNumberOf(serial);
      expect(n).toHaveLength(11);
      expect(Number(n.slice(0, 10))).toBe(serial);
      expect(isFormNumber(n)).toBe(true);
      expect(readFormNumber(n)).toEqual({ ok: true, formNumber: n, serial });
    }));
  });

  it('catches every single-character error, at every position, with every other character', () => {
    fc.assert(fc.property(serialArb, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 10 }), (serial, at, shift) => {
      const n = formNumberOf(serial);
      const alphabet = alphabetAt(at);
      const replaced = alphabet[(alphabet.indexOf(n[at]!) + shift) % alphabet.length]!;
      fc.pre(replaced !== n[at]);
      const typo = n.slice(0, at) + replaced + n.slice(at + 1);
      expect(readFormNumber(typo).ok).toBe(false);
      expect(FormNumberSchema.safeParse(typo).success).toBe(false);
    }), { numRuns: 5000 });
  });

  it('catches every transposition of two adjacent different characters', () => {
    fc.assert(fc.property(serialArb, fc.integer({ min: 0, max: 9 }), (serial, at) => {
      const n = formNumberOf(serial);
      fc.pre(n[at] !== n[at + 1]);
      const swapped = n.slice(0, at) + n[at + 1] + n[at] + n.slice(at + 2);
      expect(readFormNumber(swapped).ok).toBe(false);
    }), { numRuns: 5000 });
  });

  it('exhaustively, over every digit pair and position of a serial: no substitution or adjacent swap verifies', () => {
    // The sum is linear in the digits, so one base number per position proves it for all: checked for several bases.
    for (const serial of [1, 1234567890, 9876543210, 5000000005, MAX_FORM_SERIAL]) {
      const n = formNumberOf(serial);
      for (let at = 0; at < 11; at++) {
        for (const c of alphabetAt(at)) if (c !== n[at]) expect(isFormNumber(n.slice(0, at) + c + n.slice(at + 1))).toBe(false);
        if (at < 10 && n[at] !== n[at + 1]) expect(isFormNumber(n.slice(0, at) + n[at + 1] + n[at] + n.slice(at + 2))).toBe(false);
      }
    }
  });

  it('reads a number as typed on a Japanese keyboard, and says what is wrong without echoing it', () => {
    const n = formNumberOf(4242);
    const wide = n.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))).toLowerCase();
    expect(readFormNumber(wide)).toMatchObject({ ok: true, formNumber: n });
    expect(readFormNumber(`${n.slice(0, 5)}-${n.slice(5)}`)).toMatchObject({ ok: true, formNumber: n });
    expect(readFormNumber('12345')).toEqual({ ok: false, problem: 'format' });
    expect(readFormNumber(`0000000000${formCheckCharacter('0000000000')}`)).toEqual({ ok: false, problem: 'format' });
    expect(readFormNumber(`${n.slice(0, 10)}${n[10] === '0' ? '1' : '0'}`)).toEqual({ ok: false, problem: 'check-character' });
    expect(() => formNumberOf(0)).toThrow(RangeError);
    expect(() => formNumberOf(MAX_FORM_SERIAL + 1)).toThrow(RangeError);
  });

  it('a run numbers its residents in order from the serial it reserved; a run before forms numbers none', () => {
    expect(formsOfRunEvent({ residentIds: ['A', 'B'], formSerialFrom: 41 })).toEqual([
      { residentId: 'A', serial: 41, formNumber: formNumberOf(41) }, { residentId: 'B', serial: 42, formNumber: formNumberOf(42) },
    ]);
    expect(formsOfRunEvent({ residentIds: ['A'] })).toEqual([]);
  });
});
