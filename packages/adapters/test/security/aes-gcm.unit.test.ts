import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { decrypt, decryptBase64Text, encrypt } from '../../src/security/aes-gcm.ts';

describe('AES-256-GCM sealing', () => {
  it('opens what it sealed, from bytes and from base64, whatever the sizes (the scratch buffer grows and is reused)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 3000 }), aad: fc.string({ unit: 'grapheme', maxLength: 12000 }) }), { minLength: 1, maxLength: 6 }),
        (items) => {
          const key = randomBytes(32);
          const sealed = items.map((i) => encrypt(key, i.text, i.aad));
          // Opened after all were sealed, interleaved both ways: no call may see another's scratch bytes.
          items.forEach((item, n) => {
            expect(decrypt(key, sealed[n]!, item.aad).toString('utf8')).toBe(item.text);
            expect(decryptBase64Text(key, sealed[n]!.toString('base64'), item.aad)).toBe(item.text);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses another key, another AAD, any changed byte and a truncated value', () => {
    const key = randomBytes(32);
    const sealed = encrypt(key, '{"kanaName":"ヤマダ タロウ"}', 'doc\nresidents\n041009/100001');
    expect(() => decrypt(randomBytes(32), sealed, 'doc\nresidents\n041009/100001')).toThrow();
    expect(() => decrypt(key, sealed, 'doc\nresidents\n041009/100002')).toThrow();
    for (let i = 0; i < sealed.length; i++) {
      const changed = Buffer.from(sealed);
      changed[i]! ^= 1;
      expect(() => decryptBase64Text(key, changed.toString('base64'), 'doc\nresidents\n041009/100001')).toThrow();
    }
    expect(() => decrypt(key, sealed.subarray(0, 27), 'doc\nresidents\n041009/100001')).toThrow();
    expect(() => decrypt(key, sealed.subarray(0, sealed.length - 1), 'doc\nresidents\n041009/100001')).toThrow();
  });

  it('takes a fresh nonce each time: the same text never seals to the same bytes', () => {
    const key = randomBytes(32);
    const seen = new Set(Array.from({ length: 200 }, () => encrypt(key, 'same', 'aad').toString('base64')));
    expect(seen.size).toBe(200);
  });
});
