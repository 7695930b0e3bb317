import * as E from 'fp-ts/lib/Either.js';
import { DomainError } from '../errors.ts';
import { containsMyNumber } from '../registry/my-number-detector.ts';

/** A refusal of a command: a stable code (the CLI and hosts branch on it) and a message free of personal data. */
export const refuse = (code: string, message: string) => E.left(new DomainError(code, message));

/**
 * The refusal of a command on a resident who is not registered. A typed id that names nobody and holds a 個人番号 is
 * not a 整理番号: it is not echoed.
 */
export function unknownResident(residentId: string) {
  const shown = containsMyNumber(residentId) ? '(an id holding a 個人番号)' : residentId;
  return refuse('unknown-resident', `resident ${shown} is not registered`);
}
