import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomPool } from './random-pool.ts';

const IV = 12;
const TAG = 16;
const OPTIONS = { authTagLength: TAG } as const;

/**
 * Where a call's inputs are written (the AAD, a ciphertext decoded from base64) instead of a fresh buffer each: Node
 * hands them to OpenSSL before the call returns, and a city-sized read makes millions of these calls, whose small
 * buffers otherwise keep the allocator and the collector busy.
 */
let scratch = Buffer.allocUnsafeSlow(16 * 1024);

function scratchFor(bytes: number): Buffer {
  if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(Math.max(bytes, scratch.length * 2));
  return scratch;
}

/**
 * AES-256-GCM: iv ‖ ciphertext ‖ tag. Node's crypto calls cost about a microsecond each whatever the size (a sealed
 * document is a few hundred bytes), so each step is taken once: the text goes in as a string, GCM's final() adds no
 * bytes, and the three parts are joined in one copy.
 */
export function encrypt(key: Uint8Array, plaintext: Uint8Array | string, aad: string): Buffer {
  const iv = randomPool.take(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv, OPTIONS);
  const buffer = scratchFor(aad.length * 3);
  cipher.setAAD(buffer.subarray(0, buffer.write(aad, 0, 'utf8')));
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  cipher.final();
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens iv ‖ ciphertext ‖ tag; throws when the tag does not match (another key, another AAD, a changed byte). */
export function decrypt(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  const buffer = scratchFor(aad.length * 3);
  return open(key, sealed, 0, sealed.length, buffer.subarray(0, buffer.write(aad, 0, 'utf8')));
}

/** decrypt() of a base64 text, returning the UTF-8 text it held. */
export function decryptBase64Text(key: Uint8Array, sealedBase64: string, aad: string): string {
  // Base64 decodes to at most three bytes for every four characters.
  const buffer = scratchFor(aad.length * 3 + sealedBase64.length);
  const aadEnd = buffer.write(aad, 0, 'utf8');
  const end = aadEnd + buffer.write(sealedBase64, aadEnd, 'base64');
  return open(key, buffer, aadEnd, end, buffer.subarray(0, aadEnd)).toString('utf8');
}

function open(key: Uint8Array, bytes: Uint8Array, start: number, end: number, aad: Uint8Array): Buffer {
  if (end - start < IV + TAG) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(start, start + IV), OPTIONS);
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(end - TAG, end));
  const body = decipher.update(bytes.subarray(start + IV, end - TAG));
  // final() checks the tag (and throws when it does not match); for GCM it returns no bytes.
  const rest = decipher.final();
  return rest.length === 0 ? body : Buffer.concat([body, rest]);
}
