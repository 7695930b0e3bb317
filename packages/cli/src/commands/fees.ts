import type { Command } from 'commander';
import { basename } from 'node:path';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';
import { readInputText } from '../read-input.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

export function feesCommand(program: Command): void {
  const fees = program.command('fees').description('委託料単価表: the fee table claims are priced with (docs/claims.md)');

  operatorCommandOptions(fees
    .command('load')
    .description('load a fee table (JSON, docs/claims.md): checked whole, put on the record; the last one loaded holds (administration)')
    .argument('<file>', 'the fee table file (e.g. examples/fees/sendai-2026.json)'))
    .addOption(jsonOption())
    .action(async (file: string, opts: Common) => {
      const text = readInputText(file);
      const loaded = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials())
        .loadFeeTable({ fileName: basename(file), text }));
      if (opts.json) return printJson(loaded);
      process.stdout.write(tx`単価表「${loaded.name}」を読み込みました (単価 ${loaded.fees}件, SHA-256 ${loaded.sha256})\n`);
    });
}
