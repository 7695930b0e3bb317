import { describe, it, expect } from 'vitest';
import { decodeBytes, firstInvalidUtf8 } from '../../src/formats/decode.ts';
import { encode } from './fixtures.ts';

const TEXT = '整理番号,カナ氏名\r\n0001,ﾔﾏﾀﾞ ﾀﾛｳ\r\n0002,髙﨑 花子\r\n';

describe('decodeBytes', () => {
  it('reads CP932 (with NEC/IBM extension characters and half-width kana) when the bytes are not UTF-8', () => {
    expect(decodeBytes(encode(TEXT, 'cp932'))).toEqual({ ok: true, text: TEXT, encoding: 'cp932', bom: false });
    expect(decodeBytes(encode(TEXT, 'cp932'), 'cp932')).toMatchObject({ ok: true, text: TEXT });
  });
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeBytes(encode(TEXT, 'utf-8'))).toEqual({ ok: true, text: TEXT, encoding: 'utf-8', bom: false });
    expect(decodeBytes(encode(TEXT, 'utf-8-bom'))).toEqual({ ok: true, text: TEXT, encoding: 'utf-8', bom: true });
    expect(decodeBytes(encode(TEXT, 'utf-8-bom'), 'utf-8')).toMatchObject({ ok: true, text: TEXT });
  });
  it('refuses UTF-8 bytes declared cp932, and CP932 bytes declared utf-8 (naming the line)', () => {
    expect(decodeBytes(encode(TEXT, 'utf-8'), 'cp932')).toMatchObject({ ok: false, line: 1 });
    expect(decodeBytes(encode(TEXT, 'utf-8-bom'), 'cp932')).toMatchObject({ ok: false, line: 1 });
    expect(decodeBytes(encode('a,b\r\n1,2\r\n3,山\r\n', 'cp932'), 'utf-8')).toMatchObject({ ok: false, line: 3 });
  });
  it('refuses a byte-order mark followed by CP932', () => {
    const cp = encode('a,b\n1,山田\n', 'cp932');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...cp]);
    expect(decodeBytes(bytes)).toMatchObject({ ok: false, line: 2 });
  });
  it('refuses bytes that are neither, naming the line (CP932 body and UTF-8 body)', () => {
    const cp = [...encode('整理番号\n山田\n', 'cp932'), 0xff, 0x0a];
    expect(decodeBytes(new Uint8Array(cp))).toMatchObject({ ok: false, line: 3 });
    const u8 = [...encode('整理番号\n山田\n', 'utf-8'), 0xff, 0x0a];
    expect(decodeBytes(new Uint8Array(u8))).toMatchObject({ ok: false, line: 3 });
  });
  it('ASCII is read as UTF-8', () => {
    expect(decodeBytes(encode('a,b\n', 'cp932'))).toMatchObject({ ok: true, encoding: 'utf-8', text: 'a,b\n' });
  });
  it('finds the first invalid UTF-8 byte (overlong, surrogate, truncated)', () => {
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xe3, 0x81]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xe3, 0x81, 0x82, 0xf0, 0x9f, 0x98, 0x80]))).toBe(-1);
  });
});
