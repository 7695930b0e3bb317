import { InvalidArgumentError, Option, type Command } from 'commander';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';

export function oplogCommand(program: Command): void {
  operatorCommandOptions(program
    .command('oplog')
    .description('print the operation log: every registration, correction, read and denial (the read is itself recorded)')
  )
    .option('--resident <id>', 'only entries about this resident')
    .option('--by-operator <id>', 'only entries of this operator')
    .addOption(new Option('--outcome <outcome>', 'only allowed or only denied').choices(['allowed', 'denied']))
    .option('--tail <n>', 'only the last n entries (read from the newest back)', (v) => {
      if (!/^[0-9]{1,9}$/.test(v)) throw new InvalidArgumentError('a whole number, 0 or more');
      return Number(v);
    })
    .addOption(jsonOption())
    .action(async (opts: { db: string; operator: string; purpose?: string; tenant?: string; resident?: string; byOperator?: string; outcome?: 'allowed' | 'denied'; tail?: number; json?: boolean }) => {
      const purpose = purposeOf(opts.purpose, 'audit');
      const entries = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purpose, credentials()).operationLog({
          ...(opts.resident ? { resident: opts.resident } : {}),
          ...(opts.byOperator ? { byOperator: opts.byOperator } : {}),
          ...(opts.outcome ? { outcome: opts.outcome } : {}),
          ...(opts.tail !== undefined ? { limit: opts.tail } : {}),
        }));
      if (opts.json) {
        printJson(entries);
        return;
      }
      for (const e of entries) {
        process.stdout.write(
          `${String(e.position).padStart(8)}  ${e.at}  ${e.operator.padEnd(16)} ${e.purpose.padEnd(13)} ${e.action.padEnd(20)} ${(e.resident ?? '-').padEnd(10)} ${e.outcome}${e.reason ? ` (${e.reason})` : ''}\n`,
        );
      }
    });
}
