import { readFileSync } from 'node:fs';
import { Help, type Command, type Option } from 'commander';

/** The version of this package, as `vaxledger --version` prints it. */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const REQUIRED = new WeakSet<Option>();

/** Commands whose first word may be their default subcommand's argument (`certificate 000123` is `certificate issue 000123`). */
const DEFAULT_SUBCOMMANDS = new WeakMap<Command, Command>();

/** Notes `child` as the subcommand `parent` runs when its first word names none of its subcommands. */
export function defaultSubcommand(parent: Command, child: Command): void {
  DEFAULT_SUBCOMMANDS.set(parent, child);
}

/**
 * Usage rules for every command, set once the tree is built: required options are marked in --help, and checked only
 * after commander has named any unknown option (commander checks its own mandatory options first, so `--vacine hib`
 * would be reported as a missing --vaccine, not as the unknown option it is).
 */
export function applyUsageRules(program: Command): void {
  const visit = (c: Command): void => {
    for (const option of c.options) {
      if (option.mandatory) {
        REQUIRED.add(option);
        option.mandatory = false;
      }
    }
    c.configureHelp({
      optionDescription(option: Option): string {
        const text = Help.prototype.optionDescription.call(this, option);
        return REQUIRED.has(option) ? `(required) ${text}` : text;
      },
    });
    c.commands.forEach(visit);
  };
  visit(program);
  // preAction runs after the unknown-option and argument checks, before the action, for every subcommand.
  program.hook('preAction', (_program, action) => {
    for (const option of action.options) {
      if (REQUIRED.has(option) && action.getOptionValue(option.attributeName()) === undefined) {
        action.error(`error: required option '${option.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
      }
    }
  });
}

/**
 * The first word of `args` that names no command where a command is expected, or undefined. Checked before commander
 * parses, because commander answers `vaxledger no-such --help` with the program's help and exit 0: an unknown command
 * is a usage error (exit 2) whatever else is given. Commands with subcommands take no options of their own, so the
 * first word that is not a flag is always the next command's name (`help NAME` names one too).
 */
export function unknownCommandIn(program: Command, args: readonly string[]): string | undefined {
  let command = program;
  let rest = [...args];
  while (command.commands.length > 0) {
    const at = rest.findIndex((a) => !a.startsWith('-'));
    if (at < 0) return undefined;
    const name = rest[at]!;
    if (name === 'help' && command.commands.length > 0) {
      const next = rest.slice(at + 1).find((a) => !a.startsWith('-'));
      return next === undefined || command.commands.some((c) => c.name() === next || c.aliases().includes(next)) ? undefined : next;
    }
    const found = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (found) {
      command = found;
      rest = rest.slice(at + 1);
      continue;
    }
    // A word that names no subcommand is the default subcommand's argument, when the command has one.
    const fallback = DEFAULT_SUBCOMMANDS.get(command);
    if (!fallback) return name;
    command = fallback;
  }
  return undefined;
}
