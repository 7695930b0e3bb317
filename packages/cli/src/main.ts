import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeOf, messageOf } from './exit-codes.ts';
import { OutputClosed } from './output.ts';
import { signOut } from './options.ts';
import { initCommand } from './commands/init.ts';
import { ledgerCommand } from './commands/ledger.ts';
import { oplogCommand } from './commands/oplog.ts';
import { replayCommand } from './commands/replay.ts';
import { verifyCommand } from './commands/verify.ts';
import { checkDoseCommand } from './commands/check-dose.ts';
import { eligibleCommand } from './commands/eligible.ts';
import { statsCommand } from './commands/stats.ts';
import { importCommand } from './commands/import.ts';
import { suspenseCommand } from './commands/suspense.ts';
import { recordCommand } from './commands/record.ts';
import { operatorCommand } from './commands/operator.ts';
import { eraseCommand } from './commands/erase.ts';
import { requestCommand } from './commands/request.ts';
import { copyCommand } from './commands/copy.ts';
import { certificateCommand } from './commands/certificate.ts';
import { provisionsCommand } from './commands/provisions.ts';
import { transferCommand } from './commands/transfer.ts';
import { reliefCommand } from './commands/relief.ts';
import { lettersCommand } from './commands/letters.ts';
import { formsCommand } from './commands/forms.ts';
import { contractorCommand } from './commands/contractor.ts';
import { clinicCommand } from './commands/clinic.ts';
import { feesCommand } from './commands/fees.ts';
import { claimsCommand } from './commands/claims.ts';
import { printCommands } from './commands/print.ts';
import { antibodyCommand } from './commands/antibody.ts';
import { conditionCommand } from './commands/condition.ts';
import { reportCommand } from './commands/report.ts';
import { refuseMyNumbers } from './my-number-guard.ts';
import { containsMyNumber, MY_NUMBER_REFUSED } from '@vaxledger/domain';
import { applyUsageRules, unknownCommandIn, VERSION } from './usage.ts';

export function buildProgram(): Command {
  const program = new Command('vaxledger')
    .description('The vaccination ledger of a municipality, kept as immutable events (予防接種台帳)')
    .version(VERSION, '-V, --version', 'print the version of vaxledger')
    .exitOverride()
    .showHelpAfterError(false)
    // Commander's own usage errors quote the value given (an invalid choice, an unknown command): one that holds a
    // 個人番号 is replaced by the guard's message, never echoed. Set before the commands, which inherit it.
    .configureOutput({ outputError: (text, write) => write(containsMyNumber(text) ? `error: a flag or argument ${MY_NUMBER_REFUSED}\n` : text) })
    // One guard for every command's flags and arguments, so that no command can forget it.
    .hook('preAction', (_program, action) => refuseMyNumbers(action));
  initCommand(program);
  ledgerCommand(program);
  oplogCommand(program);
  replayCommand(program);
  verifyCommand(program);
  checkDoseCommand(program);
  eligibleCommand(program);
  statsCommand(program);
  importCommand(program);
  suspenseCommand(program);
  recordCommand(program);
  operatorCommand(program);
  eraseCommand(program);
  requestCommand(program);
  copyCommand(program);
  certificateCommand(program);
  provisionsCommand(program);
  transferCommand(program);
  reliefCommand(program);
  lettersCommand(program);
  formsCommand(program);
  contractorCommand(program);
  antibodyCommand(program);
  conditionCommand(program);
  reportCommand(program);
  clinicCommand(program);
  feesCommand(program);
  claimsCommand(program);
  printCommands(program);
  const override = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  program.commands.forEach(override);
  applyUsageRules(program);
  return program;
}

export { guardStandardStreams } from './output.ts';

/** Runs the CLI; returns the exit code (0 ok, 1 check failed, 2 bad input or usage, 3 denied). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = buildProgram();
    // argv is node's: the node binary and the script, then the words given.
    const unknown = unknownCommandIn(program, argv.slice(2));
    if (unknown !== undefined) {
      process.stderr.write(containsMyNumber(unknown) ? `error: a command word ${MY_NUMBER_REFUSED}\n` : `error: unknown command '${unknown.slice(0, 40)}'\n`);
      return EXIT.badInput;
    }
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    // The reader of the output went away (`| head`): it had what it wanted; nothing to report.
    if (error instanceof OutputClosed) return 0;
    if (error instanceof CommanderError) {
      // Commander has already printed its usage message; --help and --version end here with 0.
      return exitCodeOf(error);
    }
    const message = messageOf(error);
    if (message) process.stderr.write(`vaxledger: ${message}\n`);
    // For the developers of a host: the stack of an unexpected error, only when asked for (it is not for operators).
    if (process.env.VAXLEDGER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  } finally {
    await signOut();
  }
}
