import { writeFile } from 'node:fs/promises';
import QRCode, { type QRCodeSegment } from 'qrcode';
import { PNG } from 'pngjs';
import jsQRModule from 'jsqr';
import { DomainError } from '@vaxledger/domain';
import { MAX_SINGLE_QR_JWS, numericShc } from './card-forms.ts';

// jsqr is CommonJS with an `exports.default`, and its types say so: the function is that member.
const jsQR = (jsQRModule as unknown as { default: (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null }).default;

/**
 * The card's QR code as a PNG: two segments, `shc:/` in byte mode and the digits in numeric mode, as the spec has it,
 * at error correction L within version 22. A JWS too long for one code is refused (chunking is deprecated): fewer
 * vaccines (--vaccine) make a smaller card, and the file form carries any size.
 */
export async function healthCardQrPng(jws: string): Promise<Buffer> {
  if (jws.length > MAX_SINGLE_QR_JWS) {
    throw new DomainError('card-too-large-for-qr', `the card (${jws.length} characters) is too large for one QR code (at most ${MAX_SINGLE_QR_JWS}): choose fewer vaccines with --vaccine, or hand over the file (--out)`);
  }
  const digits = numericShc(jws).slice('shc:/'.length);
  const segments: QRCodeSegment[] = [{ data: Buffer.from('shc:/', 'latin1'), mode: 'byte' }, { data: digits, mode: 'numeric' }];
  return QRCode.toBuffer(segments, { type: 'png', errorCorrectionLevel: 'L', margin: 4, scale: 4 });
}

export async function writeHealthCardQr(file: string, jws: string): Promise<void> {
  await writeFile(file, await healthCardQrPng(jws), { flag: 'wx', mode: 0o600 });
}

/** The text of the QR code in a PNG image, or null when the image holds none that can be read. */
export function readQrPng(bytes: Uint8Array): string | null {
  const image = PNG.sync.read(Buffer.from(bytes));
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  return found ? found.data : null;
}

/** Whether bytes are a PNG image (its eight-byte signature). */
export const isPng = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
