import { Option, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { link, open, rm } from 'node:fs/promises';
import { DomainError, type PrintExclusions } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

/**
 * Writes a new file from what `produce` hands to `write` (the encrypted bytes only: nothing in clear reaches a disk),
 * staged under a temporary name, synced, then published by a hard link that never replaces a file. The export is on
 * the record once `produce` returns: a file that cannot take its name is kept under the staged one, to be handed over.
 */
async function writeNewFile<T extends { entrustmentId: string }>(out: string, produce: (write: (bytes: Uint8Array) => Promise<void>) => Promise<T>): Promise<T> {
  if (existsSync(out)) throw new DomainError('file-exists', `${out} exists already; give a new file name`);
  const staged = `${out}.partial-${process.pid}`;
  const handle = await open(staged, 'wx', 0o600).catch(() => {
    throw new DomainError('unwritable-file', `cannot create ${staged} (does its folder exist, and may it be written?)`);
  });
  let closed = false;
  let keepStaged = false;
  try {
    const result = await produce(async (bytes) => void (await handle.write(bytes)));
    await handle.sync();
    await handle.close();
    closed = true;
    await link(staged, out).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      keepStaged = true;
      throw new DomainError('file-exists', `${out} exists already (it appeared while the file was written); entrustment ${result.entrustmentId} is on the record and its file is ${staged}: hand that one over`);
    });
    return result;
  } finally {
    if (!closed) await handle.close();
    if (!keepStaged) await rm(staged, { force: true });
  }
}

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
        .exportPrintFile({ runId: opts.run, contractorId: opts.contractor, write, ...(opts.again === undefined ? {} : { again: opts.again }) })));
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
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new DomainError('unreadable-file', `cannot read ${file}`);
      }
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
