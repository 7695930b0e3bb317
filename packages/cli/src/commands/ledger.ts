import type { Command } from 'commander';
import { renderLedger } from '../render/ledger.ts';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';

export function ledgerCommand(program: Command): void {
  operatorCommandOptions(program
    .command('ledger')
    .description("print one resident's vaccination ledger (the read is recorded in the operation log)")
    .argument('<residentId>', '整理番号')
  )
    .option('--as-of <instant>', 'the ledger and the resident as the store knew them at this instant (ISO 8601; a date alone is 00:00 JST)')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: { db: string; operator: string; purpose?: string; tenant?: string; asOf?: string; json?: boolean }) => {
      const purpose = purposeOf(opts.purpose, 'inquiry');
      const view = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purpose, credentials()).viewLedger(residentId, opts.asOf === undefined ? {} : { asOf: opts.asOf }));
      if (opts.json) printJson(view);
      else process.stdout.write(renderLedger(view));
    });
}
