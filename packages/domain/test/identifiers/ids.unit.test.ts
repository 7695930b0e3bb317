import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { deterministicId, VAXLEDGER_NAMESPACE } from '../../src/identifiers/ids.ts';

describe('deterministicId', () => {
  it("is uuid's UUIDv5 of the parts joined by U+001F, for any parts (ids already stored must not change)", () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 400 }), { minLength: 1, maxLength: 5 }), (parts) => {
      expect(deterministicId(...parts)).toBe(uuidv5(parts.join('\u001f'), VAXLEDGER_NAMESPACE));
    }), { numRuns: 1000 });
  });
});
