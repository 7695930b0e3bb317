import { v5 as uuidv5, v7 as uuidv7, validate as uuidValidate } from 'uuid';

/** Namespace of vaxledger's deterministic (UUIDv5) event ids. Changing it would break re-import idempotence. */
export const VAXLEDGER_NAMESPACE = '6f1c1a6e-5b0e-4f5c-9a53-7a2d7c0e4a10';

/** A deterministic id: the same parts always give the same UUID, so a re-import repeats its ids. */
export function deterministicId(...parts: readonly string[]): string {
  return uuidv5(parts.join('\u001f'), VAXLEDGER_NAMESPACE);
}

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
