import { Option, type Command } from 'commander';
import { DomainError, formatJst, japaneseNames as ja, PRINT_KINDS, REISSUE_REASONS, type PrintKind, type ReissueReason } from '@vaxledger/domain';
import type { FormMark, FormView } from '@vaxledger/application';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { vaccineAndDose } from '../render/ledger.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

/** A form as a clerk reads it: number, person, vaccine and dose, status, reissues, then its print and mail state. */
function formLines(f: FormView): string {
  const status = f.status === 'invalidated' && f.replacedBy ? `${ja.formStatus(f.status)} → ${f.replacedBy}` : ja.formStatus(f.status);
  const reissue = f.reissueCount > 0 ? `  再発行 ${f.reissueCount}枚目 ${f.reissuedOn ?? ''}${f.reissueReason ? ` (${ja.reissueReason(f.reissueReason)}${f.reissueNote ? `: ${f.reissueNote}` : ''})` : ''}` : '';
  const head = tx`${f.formNumber}  整理番号 ${f.residentId}  ${vaccineAndDose(f.vaccine, f.dose)}  ${status}${reissue}  発行 ${formatJst(f.issuedAt)}${f.kind ? `  ${ja.noticeKind(f.kind)}` : ''}\n`;
  const mail = [
    f.printedOn ? `印刷 ${ja.printKind(f.printKind ?? 'batch')} ${f.printedOn}` : '未印刷',
    f.mailedOn ? `発送 ${f.mailedOn}` : '未発送',
    ...(f.returned ? [`不達 ${f.returned.on} ${f.returned.reason}`] : []),
    ...(f.voidReason ? [`取消理由 ${f.voidReason}`] : []),
  ];
  return head + tx`    ${mail.join('  ')}\n`;
}

function isoDate(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new DomainError('invalid-date', `${flag} must be a date (YYYY-MM-DD)`);
  return value;
}

export function formsCommand(program: Command): void {
  const forms = program.command('forms').description('予診票: the numbered forms of notice runs, their reissues, printing and mailing');

  operatorCommandOptions(forms
    .command('list')
    .description('forms with their number, status, reissues and print / mail state (the read is recorded)')
  )
    .option('--resident <id>', 'the forms of one resident (整理番号)')
    .option('--run <runId>', 'the forms of one notice run, and those reissued from them')
    .option('--returned', 'only forms whose mail came back (不達), for follow-up')
    .addOption(jsonOption())
    .action(async (opts: Common & { resident?: string; run?: string; returned?: boolean }) => {
      const list = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'notices'), credentials()).forms({
        ...(opts.resident === undefined ? {} : { residentId: opts.resident }), ...(opts.run === undefined ? {} : { runId: opts.run }), ...(opts.returned ? { returned: true } : {}),
      }));
      if (opts.json) return printJson(list);
      process.stdout.write(`予診票 ${list.length}件\n`);
      for (const f of list) process.stdout.write(formLines(f));
    });

  operatorCommandOptions(forms
    .command('reissue')
    .description('reissue a form (予診票再発行): a new number for the same person, vaccine and dose; the old number becomes invalid')
    .argument('<formNumber>', '予診票番号 (with its check character)')
  )
    .addOption(new Option('--reason <reason>', 'lost (紛失), moved (転居), damaged (破損・汚損) or other (その他, with --note)').choices([...REISSUE_REASONS]).makeOptionMandatory())
    .option('--note <text>', 'what happened (kept sealed with the person\'s key)')
    .addOption(jsonOption())
    .action(async (formNumber: string, opts: Common & { reason: ReissueReason; note?: string }) => {
      const result = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'notices'), credentials())
        .reissueForm(formNumber, { reason: opts.reason, ...(opts.note === undefined ? {} : { note: opts.note }) }));
      if (opts.json) return printJson(result);
      process.stdout.write(tx`予診票 ${result.formNumber} を再発行しました (${ja.reissueReason(opts.reason)}): 新しい予診票番号 ${result.newFormNumber}  整理番号 ${result.residentId}  再発行 ${result.reissueCount}枚目 ${result.reissuedOn}\n`);
    });

  operatorCommandOptions(forms
    .command('void')
    .description('void a form without a successor (issued in error); a slip bearing it is then held')
    .argument('<formNumber>', '予診票番号 (with its check character)')
  )
    .requiredOption('--reason <text>', 'why it is voided')
    .addOption(jsonOption())
    .action(async (formNumber: string, opts: Common & { reason: string }) => {
      const result = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'notices'), credentials()).voidForm(formNumber, opts.reason));
      if (opts.json) return printJson(result);
      process.stdout.write(tx`予診票 ${result.formNumber} を取り消しました (整理番号 ${result.residentId})\n`);
    });

  const mark = (name: string, description: string, build: (opts: Common & { date: string; reason?: string; kind?: PrintKind }) => FormMark, extra: (c: Command) => Command = (c) => c) => {
    extra(operatorCommandOptions(forms.command(name).description(description).argument('<formNumber>', '予診票番号 (with its check character)')))
      .requiredOption('--date <date>', 'the day it happened, YYYY-MM-DD (JST)')
      .addOption(jsonOption())
      .action(async (formNumber: string, opts: Common & { date: string; reason?: string; kind?: PrintKind }) => {
        isoDate('--date', opts.date);
        const result = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'notices'), credentials()).markForm(formNumber, build(opts)));
        if (opts.json) return printJson(result);
        process.stdout.write(result.recorded ? tx`予診票 ${result.formNumber}: ${description.split(':')[0]!} ${opts.date} を記録しました\n` : tx`予診票 ${result.formNumber}: 記録済みです (変更なし)\n`);
      });
  };
  mark('printed', '印刷日: the form was printed', (o) => ({ printed: { kind: o.kind ?? 'individual', on: o.date } }),
    (c) => c.addOption(new Option('--kind <kind>', '印刷区分: batch (一括印刷) or individual (個別印刷, the default)').choices([...PRINT_KINDS])));
  mark('mailed', '発送日: the form was mailed', (o) => ({ mailed: { on: o.date } }));
  mark('returned', '不達: the mail came back (the resident is flagged for the next run)', (o) => ({ returned: { reason: o.reason!, on: o.date } }),
    (c) => c.requiredOption('--reason <text>', 'why it came back (宛所不明, 転居先不明, 受取拒否 …)'));
}
