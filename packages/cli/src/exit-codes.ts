import { CommanderError } from 'commander';
import { VaxledgerError } from '@vaxledger/domain';
import { terminalLines } from './render/terminal-text.ts';

/** Operators' scripts depend on these: 0 ok, 1 a check failed, 2 bad input or usage, 3 denied. */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, denied: 3 } as const;

export class CheckFailed extends Error {}

export function exitCodeOf(error: unknown): number {
  if (error instanceof CheckFailed) return EXIT.checkFailed;
  if (error instanceof VaxledgerError) {
    if (error.kind === 'denied') return EXIT.denied;
    if (error.kind === 'integrity') return EXIT.checkFailed;
    return EXIT.badInput;
  }
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  return EXIT.badInput;
}

/** A message safe to print: our errors never carry personal data; anything else is reduced to its kind. */
export function messageOf(error: unknown): string {
  // Messages may quote what an operator typed (a file name, an id): its control characters are shown, not acted on.
  if (error instanceof VaxledgerError || error instanceof CheckFailed) return terminalLines(error.message);
  if (error instanceof Error && /SQLITE_|database/i.test(error.message)) return terminalLines(`store error: ${error.message.split('\n')[0]}`);
  return error instanceof Error ? `unexpected error (${error.name})` : 'unexpected error';
}
