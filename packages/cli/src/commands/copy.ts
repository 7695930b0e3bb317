import type { Command } from 'commander';
import { formatJst } from '@vaxledger/domain';
import { CheckFailed } from '../exit-codes.ts';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';
import { readInput } from '../read-input.ts';
import { writeNewFile } from '../new-file.ts';

export function copyCommand(program: Command): void {
  const copy = program.command('copy').description('副本: the vaccination records the intermediate server (中間サーバ) answers other municipalities from');
  operatorCommandOptions(copy.command('export').description('write the 副本 file: 統合宛名番号 and records, of the persons changed since the last export (all, the first time or with --full)'))
    .requiredOption('--out <file>', 'the file to write (CSV, UTF-8); it must not exist yet')
    .option('--full', 'every registered person, not only those changed since the last export')
    .addOption(jsonOption())
    .action(async (opts: { db: string; operator: string; purpose?: string; tenant?: string; out: string; full?: boolean; json?: boolean }) => {
      // An export file not yet handed over must never be overwritten by the next one.
      const summary = await writeNewFile(opts.out, (write) => withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'linkage'), credentials()).exportCopies({ ...(opts.full ? { full: true } : {}), write })),
        // The export is on the record already: its file is kept under the staged name, to be handed over.
        (done, staged) => ({ keepStaged: true, message: `export ${done.exportId} is on the record and its file is ${staged}: hand that one over` }));
      if (opts.json) return printJson({ ...summary, file: opts.out });
      process.stdout.write(tx`${summary.full ? 'full' : 'incremental'} export ${summary.exportId}: ${summary.residents} persons, ${summary.records} records`
        + tx` (positions ${summary.fromPosition + 1}–${summary.throughPosition}); ${summary.unlinked} without 統合宛名番号 not sent\n`
        + tx`wrote ${opts.out} (sha256 ${summary.fileHash})\n`);
    });
  operatorCommandOptions(copy.command('verify').description('whether a 副本 file is one this store handed over, unchanged (its SHA-256 against the recorded exports); exits 1 when it is not').argument('<file>'))
    .addOption(jsonOption())
    .action(async (file: string, opts: { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean }) => {
      const bytes = readInput(file);
      const found = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'audit'), credentials()).findCopyExport(bytes));
      if (opts.json) printJson({ file, matches: found !== null, ...(found ? { export: found } : {}) });
      else if (found) process.stdout.write(tx`${file}: export ${found.exportId} by ${found.operator} at ${formatJst(found.at)} (${found.full ? 'full' : 'incremental'}, ${found.residents} persons, ${found.records} records)\n`);
      if (!found) throw new CheckFailed(`${file}: no export of this store has these bytes (changed, or not from here)`);
    });
}
