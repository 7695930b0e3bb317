import { escapeControlCharacters } from '@vaxledger/domain';

/**
 * Text for a terminal: every interpolated value (a name, an address, an id, a reason, a file name) has its control
 * characters shown as `<U+001B>`, while the template's own line breaks stay. Every text renderer builds its lines
 * with this, so no stored value can move the cursor, clear the screen or start a forged line.
 *
 *   process.stdout.write(tx`${e.operator} ${e.reason}\n`)
 */
export function tx(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += escapeControlCharacters(String(values[i])) + strings[i + 1]!;
  return out;
}

/** A message of several lines (an error report) for a terminal: each line escaped, the breaks between them kept. */
export const terminalLines = (text: string): string => text.split('\n').map(escapeControlCharacters).join('\n');

export { escapeControlCharacters as terminalText };
