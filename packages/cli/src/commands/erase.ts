import type { Command } from 'commander';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';

export function eraseCommand(program: Command): void {
  operatorCommandOptions(program
    .command('erase')
    .description("erase a person's personal items by destroying their key (after the retention period; within it only with --reason, by an administrator); the operation log and statistics remain")
    .argument('<residentId>', '整理番号')
  )
    .option('--reason <text>', 'why (required within the retention period)')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: { db: string; operator: string; purpose?: string; tenant?: string; reason?: string; json?: boolean }) => {
      const result = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials()).erase(residentId, opts.reason ? { reason: opts.reason } : {}));
      if (opts.json) return printJson({ residentId, erased: true, ...result });
      process.stdout.write(`resident ${residentId}: personal items erased${result.withinRetention ? ' (within the retention period)' : ''}\n`);
    });
}
