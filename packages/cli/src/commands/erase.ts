import type { Command } from 'commander';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

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
      const { counts } = result;
      if (result.alreadyErased) {
        // An earlier erasure was interrupted (or finished already): what of the person remained is gone now.
        process.stdout.write(tx`resident ${residentId}: already erased; finished (鍵 ${counts.keysDestroyed} 件を破棄)\n`);
        return;
      }
      process.stdout.write(tx`resident ${residentId}: personal items erased${result.withinRetention ? ' (within the retention period)' : ''}\n`);
      // Counts, never data: what went with the person.
      process.stdout.write(tx`  接種記録 ${counts.doses} 件、疑義の接種票 ${counts.heldSlips} 件、疑義のVRS行 ${counts.vrsRows} 件、破棄した鍵 ${counts.keysDestroyed} 件\n`);
    });
}
