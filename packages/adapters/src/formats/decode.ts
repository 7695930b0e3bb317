import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Bytes → text. Resident-records systems export CP932 (Shift_JIS with Microsoft's extensions) by default; newer ones
 * export UTF-8, with or without a byte-order mark. Guessing wrong silently would import mojibake names, so every
 * ambiguity is an error rather than a best effort.
 */
export type DeclaredEncoding = 'auto' | 'cp932' | 'utf-8';
export type TextEncodingName = 'cp932' | 'utf-8';

export type DecodeResult =
  | { readonly ok: true; readonly text: string; readonly encoding: TextEncodingName; readonly bom: boolean }
  | { readonly ok: false; readonly line: number; readonly message: string };

const hasBom = (b: Uint8Array) => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

const lineAt = (bytes: Uint8Array, end: number) => {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
};

const hasNonAscii = (bytes: Uint8Array) => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
};

/** Index of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { i++; continue; }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) { n = 2; if (b === 0xe0) lo = 0xa0; if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; if (b === 0xf0) lo = 0x90; if (b === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

function decodeUtf8(bytes: Uint8Array, bom: boolean, why: string): DecodeResult {
  const body = bom ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(bytes, bom ? 3 : 0);
    return { ok: false, line: lineAt(bytes, at), message: `the file is not valid UTF-8 (${why}) from this line on` };
  }
  return { ok: true, text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), encoding: 'utf-8', bom };
}

function decodeCp932(bytes: Uint8Array, why: string): DecodeResult {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');
  // CP932 has no U+FFFD, so one in the output marks a byte sequence that is not CP932.
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (text.charCodeAt(i) === 0x0a) line++;
    return { ok: false, line, message: `the file is not valid CP932 (${why}): this line holds bytes that are neither UTF-8 nor CP932` };
  }
  return { ok: true, text, encoding: 'cp932', bom: false };
}

export function decodeBytes(bytes: Uint8Array, encoding: DeclaredEncoding = 'auto'): DecodeResult {
  const bom = hasBom(bytes);
  switch (encoding) {
    case 'utf-8':
      return decodeUtf8(bytes, bom, 'declared utf-8');
    case 'cp932':
      if (bom) return { ok: false, line: 1, message: 'the file starts with a UTF-8 byte-order mark but was declared cp932' };
      // CP932 Japanese text is practically never valid UTF-8; when it is, the declaration is the likelier mistake.
      if (hasNonAscii(bytes) && isUtf8(bytes)) {
        return { ok: false, line: 1, message: 'the file was declared cp932 but its bytes are UTF-8; declare utf-8 or auto' };
      }
      return decodeCp932(bytes, 'declared cp932');
    case 'auto':
      if (bom) return decodeUtf8(bytes, true, 'it starts with a UTF-8 byte-order mark');
      if (isUtf8(bytes)) return decodeUtf8(bytes, false, 'detected');
      {
        const cp932 = decodeCp932(bytes, 'not UTF-8, so read as CP932');
        if (cp932.ok) return cp932;
        // Neither. Valid multi-byte UTF-8 before the first bad byte means a damaged UTF-8 file, and the bad byte is
        // the line to name; otherwise the CP932 reading names it.
        const at = firstInvalidUtf8(bytes);
        if (hasNonAscii(bytes.subarray(0, at))) {
          return { ok: false, line: lineAt(bytes, at), message: 'the file is neither CP932 nor UTF-8: read as UTF-8, this line holds bytes that are not valid UTF-8' };
        }
        return cp932;
      }
  }
}
