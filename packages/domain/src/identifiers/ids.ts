import { hash } from 'node:crypto';
import { parse as uuidParse, v7 as uuidv7, validate as uuidValidate } from 'uuid';

/** Namespace of vaxledger's deterministic (UUIDv5) event ids. Changing it would break re-import idempotence. */
export const VAXLEDGER_NAMESPACE = '6f1c1a6e-5b0e-4f5c-9a53-7a2d7c0e4a10';

/** A deterministic id: the same parts always give the same UUID, so a re-import repeats its ids. */
export function deterministicId(...parts: readonly string[]): string {
  // RFC 9562 UUIDv5 (SHA-1 of namespace ‖ UTF-8 name; version and variant bits set), equal to uuid's v5 (tested).
  // Written here because uuid's v5 makes a hash object and encodes the name in JavaScript: ~4.5 µs an id against
  // ~1.4 µs, and an import derives several ids per row.
  const name = parts.join('\u001f');
  if (16 + 3 * name.length > scratch.length) {
    scratch = Buffer.alloc(16 + 3 * name.length);
    NAMESPACE_BYTES.copy(scratch);
  }
  const length = 16 + scratch.write(name, 16, 'utf8');
  const h = hash('sha1', scratch.subarray(0, length), 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${VARIANT[parseInt(h[16]!, 16)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const NAMESPACE_BYTES = Buffer.from(uuidParse(VAXLEDGER_NAMESPACE));
/** Namespace followed by the name: reused, so that an id costs no allocation but the hash's. */
let scratch = Buffer.alloc(1024);
NAMESPACE_BYTES.copy(scratch);
/** The variant nibble (10xx) for each value of the hash's nibble. */
const VARIANT = '89ab89ab89ab89ab';

/**
 * A new event id: UUIDv7, time-ordered, so that new ids land at the end of the store's id index instead of at
 * random pages (fewer pages written per commit on a large store).
 */
export function newEventId(): string {
  return uuidv7();
}

export function isUuid(text: string): boolean {
  return uuidValidate(text);
}

/** 整理番号 / 団体内宛名番号: kept to characters that are safe inside stream names and file names. */
export const RESIDENT_ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$/;
export const OPERATOR_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** 統合宛名番号 (the 統合宛名管理システム's number): the same safe characters, at most 20. */
export const INTEGRATED_ADDRESSEE_NO_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$/;
