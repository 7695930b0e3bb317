import { Option, type Command } from 'commander';
import type { PrintExclusions } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';
import { readInput } from '../read-input.ts';
import { writeNewFile } from '../new-file.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

const exclusionText = (x: PrintExclusions) =>
  `送付除外 ${x.mailingExcluded}人、住基閲覧注意 ${x.addressRestricted}人、再発行・取消済の予診票 ${x.formInvalidated}件、対象外 (転出・死亡・消去・利用停止等) ${x.notTarget}人`;

export function printCommands(program: Command): void {
  operatorCommandOptions(program
    .command('print-export')
    .description('委託: write a notice run\'s print file for the printing contractor, encrypted for its OpenPGP key (CSV, CP932, only the items printing needs), and record the provision'))
    .requiredOption('--run <runId>', 'the notice run (eligible … --issue)')
    .requiredOption('--contractor <id>', 'the contractor (contractor add)')
    .requiredOption('--out <file>', 'the encrypted file to write (OpenPGP, ASCII-armored); it must not exist yet')
    .option('--again <reason>', 'send although the contract has ended or the run went to this contractor before (the reason is recorded)')
    .addOption(jsonOption())
    .action(async (opts: Common & { run: string; contractor: string; out: string; again?: string }) => {
      const done = await writeNewFile(opts.out, (write) => withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'notices'), credentials())
        .exportPrintFile({ runId: opts.run, contractorId: opts.contractor, write, ...(opts.again === undefined ? {} : { again: opts.again }) })),
        // The entrustment is on the record: its file is kept under the staged name, to be handed over.
        (done, staged) => ({ keepStaged: true, message: `entrustment ${done.entrustmentId} is on the record and its file is ${staged}: hand that one over` }));
      if (opts.json) return printJson({ ...done, file: opts.out });
      process.stdout.write(tx`委託 ${done.entrustmentId}: 通知 ${done.runId} の印刷データ ${done.rows}件を委託先 ${done.contractorId} の鍵で暗号化しました${done.again ? ` (再送: ${done.again})` : ''}\n`
        + tx`除外: ${exclusionText(done.excluded)}\n`
        + tx`項目: ${done.items.join('、')}\n`
        + tx`${opts.out} を書きました (sha256 ${done.fileHash})\n`);
    });

  operatorCommandOptions(program
    .command('print-return')
    .description('import the printing contractor\'s return file (印刷・発送結果: 予診票番号, 発送日, 不達; docs/print-files.md); a re-import changes nothing')
    .argument('<file>', 'the return file (CSV, UTF-8 or CP932)'))
    .addOption(new Option('--encoding <encoding>', 'auto (default), cp932 or utf-8').choices(['auto', 'cp932', 'utf-8']))
    .addOption(jsonOption())
    .action(async (file: string, opts: Common & { encoding?: 'auto' | 'cp932' | 'utf-8' }) => {
      const bytes = readInput(file);
      const summary = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'notices'), credentials())
        .importPrintReturn(bytes, { fileName: file, ...(opts.encoding ? { encoding: opts.encoding } : {}) }));
      if (opts.json) return printJson(summary);
      if (summary.alreadyImported) {
        process.stdout.write(tx`印刷・発送結果 ${summary.batch}: このファイルは取込済みです。何も追加していません (${summary.rows}行)\n`);
        return;
      }
      process.stdout.write(tx`印刷・発送結果 ${summary.batch}: ${summary.rows}行、印刷 ${summary.printed}件、発送 ${summary.mailed}件、不達 ${summary.returned}件、記録済 ${summary.skipped}行\n`);
    });
}
