import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '@vaxledger/domain';
import { MemoryKeyStore } from '../../src/security/file-key-store.ts';
import { SubjectCipher } from '../../src/security/subject-cipher.ts';

const TENANT = '041009';
const STREAM = `${TENANT}/resident/x`;
const EVENT_ID = '0b8f3d4e-2c1a-4f5e-9a7b-1c2d3e4f5a6b';

describe('sealed event rows', () => {
  it('name the subject whose key opens them, whatever characters the subject and the items hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('000101', 'a"b', 'c\\d', 'e\u0001f', '住民12', 'x]y', 'p","s":"q'), fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })),
        fc.string({ maxLength: 20 }),
        async (subject, name) => {
          const keys = new MemoryKeyStore();
          const writer = new SubjectCipher(keys);
          const data = { residentId: subject, kanaName: name, kanjiName: `${name}]"}`, birthDate: '1950-04-01', address: '仙台市青葉区一番町1-1' };
          await writer.prepare(TENANT, [{ type: 'ResidentRegistered', data }], true);
          const dataText = canonicalJson(writer.seal(TENANT, STREAM, EVENT_ID, 'ResidentRegistered', data));
          expect(dataText).not.toContain('1950-04-01');

          // A reader that has no key yet learns the subject from the stored text alone, as it does for a page of rows.
          const reader = new SubjectCipher(keys);
          await reader.prepareRows([{ tenant: TENANT, dataText }]);
          expect(reader.open(TENANT, STREAM, EVENT_ID, 'ResidentRegistered', JSON.parse(dataText))).toEqual(data);

          // Another layout (no item names, members in another order) is read through JSON.parse, not by position.
          const stored = JSON.parse(dataText) as { $sealed: { c: string; s: string } };
          const otherLayout = JSON.stringify({ ...stored, $sealed: { s: stored.$sealed.s, c: stored.$sealed.c } });
          const another = new SubjectCipher(keys);
          await another.prepareRows([{ tenant: TENANT, dataText: otherLayout }]);
          expect(another.open(TENANT, STREAM, EVENT_ID, 'ResidentRegistered', JSON.parse(otherLayout))).toEqual(data);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a row with nothing sealed asks for no key', async () => {
    const reader = new SubjectCipher(new MemoryKeyStore());
    await reader.prepareRows([{ tenant: TENANT, dataText: '{"operatorId":"clerk","purpose":"registration"}' }]);
    expect(reader.open(TENANT, STREAM, EVENT_ID, 'OperatorRegistered', { operatorId: 'clerk' })).toEqual({ operatorId: 'clerk' });
  });
});
