import { Option, type Command } from 'commander';
import { INQUIRY_BASES, japaneseNames as ja } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';
import { readInput } from '../read-input.ts';
import { writeNewFile } from '../new-file.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

export function transferCommand(program: Command): void {
  const transfer = program.command('transfer').description('転入者の接種歴照会: ask the municipality a mover came from for their vaccination records (中間サーバ), and import the answer');

  operatorCommandOptions(transfer.command('pending').description('the work queue: residents who moved in and were not asked about since (the read is recorded)'))
    .option('--since <date>', 'only those who moved in on or after this date (YYYY-MM-DD)')
    .addOption(jsonOption())
    .action(async (opts: Common & { since?: string }) => {
      const pending = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'linkage'), credentials()).transferPending(opts.since === undefined ? {} : { since: opts.since }));
      if (opts.json) return printJson(pending);
      for (const p of pending) {
        process.stdout.write(tx`整理番号 ${p.residentId}  転入日 ${p.movedInOn ?? '不明'}  前住所地 ${p.fromMunicipality ?? '不明'}  ${p.hasIntegratedAddresseeNo ? '統合宛名番号あり' : '統合宛名番号なし (照会できません)'}\n`);
      }
      process.stdout.write(pending.length === 0 ? '(照会待ちの転入者はいません)\n' : tx`照会待ち ${pending.length}人\n`);
    });

  operatorCommandOptions(transfer.command('inquire')
    .description('情報照会: write the inquiry file for the intermediate server (by 統合宛名番号 and 事務; no name, birth date or 個人番号) and put it on the record')
    .argument('<residentId>', '整理番号 of the mover'))
    .requiredOption('--from-municipality <code>', '全国地方公共団体コード of the municipality the person came from (6 digits)')
    .requiredOption('--out <file>', 'the inquiry file to write (CSV, UTF-8); it must not exist yet')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: Common & { fromMunicipality: string; out: string }) => {
      const sent = await writeNewFile(opts.out, (write) => withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'linkage'), credentials()).sendInquiry(residentId, { fromMunicipality: opts.fromMunicipality, write })),
        () => ({ keepStaged: false, message: 'the inquiry is on the record: send it again to a new file name' }));
      if (opts.json) return printJson({ ...sent, file: opts.out });
      process.stdout.write(tx`照会 ${sent.inquiryId}: 整理番号 ${sent.residentId} の接種記録を ${sent.toMunicipality} に照会します (${INQUIRY_BASES[sent.basis].provision})\n`
        + tx`${opts.out} を書きました (sha256 ${sent.fileHash})\n`);
    });

  operatorCommandOptions(transfer.command('answer')
    .description('情報照会の回答: import the other municipality\'s records (副本 layout); each through the dose check, doubtful ones held (疑義); a re-import adds nothing')
    .argument('<file>', 'the answer file (CSV, UTF-8 or CP932)'))
    .addOption(new Option('--encoding <encoding>', 'auto (default), cp932 or utf-8').choices(['auto', 'cp932', 'utf-8']))
    .addOption(jsonOption())
    .action(async (file: string, opts: Common & { encoding?: 'auto' | 'cp932' | 'utf-8' }) => {
      const bytes = readInput(file);
      const summary = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'linkage'), credentials()).importInquiryAnswer(bytes, { fileName: file, ...(opts.encoding ? { encoding: opts.encoding } : {}) }));
      if (opts.json) return printJson(summary);
      if (summary.alreadyImported) {
        process.stdout.write(tx`回答 ${summary.batch}: このファイルは取込済みです。何も追加していません (${summary.rows}行)\n`);
        return;
      }
      process.stdout.write(tx`回答 ${summary.batch}: ${summary.rows}行、記録 ${summary.recorded}件、疑義 ${summary.held}件、記録済・記録なし ${summary.skipped}件\n`);
      for (const w of summary.warned) {
        process.stdout.write(tx`  ${w.line}行目  整理番号 ${w.residentId}  記録 ${w.recordId}  警告 ${w.warnings.map((r) => ja.reason(r)).join('、')}\n`);
      }
      if (summary.held > 0) process.stdout.write('疑義は vaxledger suspense list で確認してください\n');
    });
}
