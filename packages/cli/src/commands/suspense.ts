import { Option, type Command } from 'commander';
import { DomainError, japaneseNames as ja } from '@vaxledger/domain';
import { vaccineAndDose } from '../render/ledger.ts';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

export function suspenseCommand(program: Command): void {
  const suspense = program.command('suspense').description('the suspense queue (疑義): slips that could not be matched with certainty');
  operatorCommandOptions(suspense
    .command('list')
    .description('held slips with the reason each was held (the read is recorded)')
  )
    .addOption(new Option('--status <status>', 'held (default), matched, rejected or all').choices(['held', 'matched', 'rejected', 'all']))
    .addOption(jsonOption())
    .action(async (opts: Common & { status?: 'held' | 'matched' | 'rejected' | 'all' }) => {
      const docs = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()).suspense({ status: opts.status ?? 'held' }));
      if (opts.json) return printJson(docs);
      for (const d of docs) {
        const s = d.slip;
        const a = d.answer;
        process.stdout.write(tx`${d.slipId}  ${d.line}行目  ${ja.holdReason(d.reason)}${d.mismatchedItems ? ` (${d.mismatchedItems.map(ja.mismatchedItem).join('、')})` : ''}  ${ja.slipStatus(d.status)}\n` +
          (s ? tx`    整理番号 ${s.residentId}  ${s.kanaName}  ${s.birthDate}  ${ja.sex(s.sex)}  ${vaccineAndDose(s.vaccine, s.dose)}  接種日 ${s.date}\n`
            : a ? tx`    他市区町村からの回答  統合宛名番号 ${a.integratedAddresseeNo}  ${vaccineAndDose(a.vaccine, a.dose)}  接種日 ${a.date}${d.inquiredResidentId ? `  照会した整理番号 ${d.inquiredResidentId}` : ''}\n` : ''));
      }
      if (docs.length === 0) process.stdout.write('(該当する疑義はありません)\n');
    });
  operatorCommandOptions(suspense
    .command('resolve')
    .description('resolve a held slip: --match RESIDENT_ID records it for that resident; --reject REASON closes it')
    .argument('<slipId>', 'the held slip')
  )
    .addOption(new Option('--match <residentId>', 'the resident the investigation found').conflicts('reject'))
    .option('--reject <reason>', 'why the slip is not recorded')
    .option('--reason <text>', 'with --match: what the investigation found')
    .option('--duplicate-reason <text>', 'with --match: why a dose already on the ledger is recorded again')
    .addOption(jsonOption())
    .action(async (slipId: string, opts: Common & { match?: string; reject?: string; reason?: string; duplicateReason?: string }) => {
      if (!opts.match && !opts.reject) throw new DomainError('missing-resolution', 'give --match RESIDENT_ID or --reject REASON');
      const result = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()).resolveSlip(slipId, opts.match ? { match: opts.match, ...(opts.reason ? { reason: opts.reason } : {}), ...(opts.duplicateReason !== undefined ? { duplicateReason: opts.duplicateReason } : {}) } : { reject: opts.reject! }));
      if (opts.json) return printJson({ slipId, resolution: opts.match ? 'matched' : 'rejected', ...result });
      process.stdout.write(opts.match ? `疑義 ${slipId} を整理番号 ${opts.match} に照合しました (記録 ${result.recordId})\n` : `疑義 ${slipId} を却下しました\n`);
    });
}
