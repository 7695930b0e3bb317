import type { Command } from 'commander';
import { containsMyNumber, DomainError, MY_NUMBER_REFUSED } from '@vaxledger/domain';

/**
 * The CLI boundary's 個人番号 check, run before every command's action: every flag value and argument (free text,
 * reasons, file names, ids) holding a 個人番号 in any spelling refuses the command (exit 2), naming the flag and never
 * echoing the value. Exempt are values of a known id format, validated by that format instead (a city's 12-digit
 * 整理番号 passes the check digit one time in eleven), and --operator, which the engine refuses as an unknown
 * operator, logging the denial with a placeholder for the id (every denial is on the record).
 */
const KNOWN_FORMAT_ARGUMENTS: ReadonlySet<string> = new Set(['residentId']); // 整理番号
const KNOWN_FORMAT_OPTIONS: ReadonlySet<string> = new Set(['resident', 'match', 'operator']); // 整理番号 ×2, the engine's

const holds = (value: unknown): boolean =>
  typeof value === 'string' ? containsMyNumber(value) : Array.isArray(value) && value.some(holds);

export function refuseMyNumbers(command: Command): void {
  for (const option of command.options) {
    const key = option.attributeName();
    if (!KNOWN_FORMAT_OPTIONS.has(key) && holds(command.getOptionValue(key))) {
      throw new DomainError('my-number-refused', `${option.long ?? key}: the value ${MY_NUMBER_REFUSED}`);
    }
  }
  command.registeredArguments.forEach((argument, i) => {
    if (!KNOWN_FORMAT_ARGUMENTS.has(argument.name()) && holds(command.processedArgs[i])) {
      throw new DomainError('my-number-refused', `<${argument.name()}>: the value ${MY_NUMBER_REFUSED}`);
    }
  });
}
