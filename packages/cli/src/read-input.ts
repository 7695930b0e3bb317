import { readFileSync } from 'node:fs';
import { DomainError } from '@vaxledger/domain';

/** A file the operator named, as bytes; one that cannot be read is refused by name (never with its content). */
export function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    throw new DomainError('unreadable-file', `cannot read ${file}`);
  }
}

/** The same, as UTF-8 text (a key, a fee table). */
export const readInputText = (file: string): string => Buffer.from(readInput(file)).toString('utf8');
