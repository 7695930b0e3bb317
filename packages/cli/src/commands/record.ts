import type { Command } from 'commander';
import { DomainError, japaneseNames as ja } from '@vaxledger/domain';
import { warningsText } from '../render/ledger.ts';
import { credentials, jsonOption, vaccineOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

export function recordCommand(program: Command): void {
  operatorCommandOptions(program
    .command('record')
    .description('counter registration: a resident presents their record (母子健康手帳, a foreign certificate); recorded with source counter, through the dose check')
    .argument('<residentId>', '整理番号')
  )
    .addOption(vaccineOption().makeOptionMandatory())
    .requiredOption('--dose <n>', 'dose ordinal')
    .requiredOption('--date <date>', 'date of vaccination, YYYY-MM-DD')
    .requiredOption('--identity-document <kind>', 'the identity document checked (番号法第16条), e.g. マイナンバーカード, 運転免許証, 母子健康手帳')
    .option('--product <id>', 'product id')
    .option('--clinic <n>', '接種医療機関番号')
    .option('--lot <lot>', 'Lot番号')
    .option('--co-payment-class <code>', '負担金区分 (what the person paid, as the city codes it)')
    .option('--exemption-class <code>', '免除区分 (the co-payment exemption applied, as the fee table names it)')
    .option('--duplicate-reason <text>', 'why a dose already on the ledger (same vaccine and dose) is recorded again')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: { db: string; operator: string; purpose?: string; tenant?: string; vaccine: string; dose: string; date: string; identityDocument: string; product?: string; clinic?: string; lot?: string; coPaymentClass?: string; exemptionClass?: string; duplicateReason?: string; json?: boolean }) => {
      if (!/^\d+$/.test(opts.dose)) throw new DomainError('invalid-dose', '--dose must be a whole number');
      const recorded = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()).recordVaccination({
          residentId, vaccine: opts.vaccine as never, dose: Number(opts.dose), date: opts.date, source: 'counter', identityDocument: opts.identityDocument,
          ...(opts.product ? { product: opts.product } : {}), ...(opts.clinic ? { clinicNo: opts.clinic } : {}), ...(opts.lot ? { lot: opts.lot } : {}),
          ...(opts.coPaymentClass ? { coPaymentClass: opts.coPaymentClass } : {}), ...(opts.exemptionClass ? { exemptionClass: opts.exemptionClass } : {}),
          ...(opts.duplicateReason !== undefined ? { duplicateReason: opts.duplicateReason } : {}),
        }));
      if (opts.json) return printJson(recorded);
      process.stdout.write(tx`記録しました ${recorded.recordId}: ${ja.category(recorded.category)}${recorded.warnings.length ? `、警告: ${warningsText(recorded.warnings)}` : ''}\n`);
    });
}
