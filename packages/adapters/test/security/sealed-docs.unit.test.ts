import { describe, expect, it } from 'vitest';
import { MemoryKeyStore } from '../../src/security/file-key-store.ts';
import { SubjectCipher } from '../../src/security/subject-cipher.ts';

describe('sealed projection documents', () => {
  it('open to the text sealed, whatever characters the subject has, and read as absent once the key is destroyed', async () => {
    const cipher = new SubjectCipher(new MemoryKeyStore());
    // Plain ids take the fast path; a quote, a backslash or a control character is escaped in the wrapper and must
    // be read through JSON.parse, or the wrong subject's key would be asked for.
    const subjects = ['000101', 'a"b', 'c\\d', 'e\u0001f', '住民12'];
    for (const subject of subjects) {
      const key = `041009/${subject}/record-1`;
      const text = JSON.stringify({ residentId: subject, date: '2026-04-01', note: '"quoted" \\ 漢字' });
      await cipher.prepareDocs('ledger', [key], true, [JSON.parse(text)]);
      const stored = cipher.sealDoc('ledger', key, text);
      expect(stored).not.toContain('2026-04-01');
      await cipher.prepareStoredDocs([[key, stored]]);
      expect(cipher.openDoc('ledger', key, stored)).toBe(text);
    }
    // A document of a projection that holds no one's items is kept as it is.
    expect(cipher.sealDoc('operators', '041009/clerk', '{"x":1}')).toBe('{"x":1}');
    expect(cipher.openDoc('operators', '041009/clerk', '{"x":1}')).toBe('{"x":1}');

    const key = '041009/a"b/record-1';
    const stored = cipher.sealDoc('ledger', key, '{"residentId":"a\\"b"}');
    await cipher.destroy('041009', 'a"b');
    await cipher.prepareStoredDocs([[key, stored]]);
    expect(cipher.openDoc('ledger', key, stored)).toBeNull();
  });
});
