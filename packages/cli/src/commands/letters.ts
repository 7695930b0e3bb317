import { Option, type Command } from 'commander';
import { DomainError, japaneseNames as ja, RETURN_BY, type ReturnBy } from '@vaxledger/domain';
import type { RequestLetter } from '@vaxledger/adapters';
import { csvLine } from '../render/csv.ts';
import { vaccineAndDose, warningsText } from '../render/ledger.ts';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, vaccineOption, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

const common = (c: Command): Command => operatorCommandOptions(c).addOption(jsonOption());

const session = (engine: Parameters<Parameters<typeof withEngine>[1]>[0], opts: Common) =>
  engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials());

/** Whole yen as typed ("8800"); anything else reaches the engine as not a number, which refuses it (on the record). */
const yen = (text: string): number => (/^[0-9]{1,9}$/.test(text) ? Number(text) : Number.NaN);

/** The letter's items for the city's word processor (差し込み印刷): 別添2 #45–59 by their Japanese names, one row. */
export const LETTER_CSV_HEADER = [
  '依頼書番号', '送付先名', '文書番号', '起案番号', '発行日', '連絡先', '氏名', '氏名カナ', '生年月日', '接種名称', '期回数',
  '滞在先郵便番号', '滞在先住所', '滞在先電話番号', '依頼書発行理由', '予診票写しの宛先', '返送区分', '発行回数', '再発行理由',
] as const;

/** Where the copy goes when the letter names no one: back to the section that issued it. */
const RETURN_TO_ISSUER = '発行元 (予防接種担当課)';

function letterRow(l: RequestLetter): string[] {
  return [
    l.letterId, l.clinicName, l.documentNumber, l.approvalNumber, l.issuedOn, l.contact ?? '', l.person.kanjiName, l.person.kanaName, l.person.birthDate,
    ja.vaccine(l.vaccine), ja.dose(l.vaccine, l.dose), l.stay.postalCode ?? '', l.stay.address, l.stay.phone ?? '', l.reason,
    l.returnTo ?? RETURN_TO_ISSUER, ja.returnBy(l.returnBy), String(l.issueCount), l.reissueReason ?? '',
  ];
}

function letterText(l: RequestLetter): string {
  const lines = [
    tx`予防接種実施依頼書${l.issueCount > 1 ? ` (再発行 ${l.issueCount}回目: ${l.reissueReason ?? ''})` : ''}`,
    tx`文書番号 ${l.documentNumber}  起案番号 ${l.approvalNumber}`,
    tx`発行日 ${l.issuedOn}  発行団体 ${l.municipality}`,
    tx`送付先 ${l.clinicName} 御中`,
    '',
    '下記の者について、予防接種の実施をお願いします。',
    tx`氏名 ${l.person.kanjiName} (${l.person.kanaName})  生年月日 ${l.person.birthDate}`,
    tx`接種 ${vaccineAndDose(l.vaccine, l.dose)}`,
    tx`滞在先 ${l.stay.postalCode ? `〒${l.stay.postalCode} ` : ''}${l.stay.address}${l.stay.phone ? `  電話 ${l.stay.phone}` : ''}`,
    tx`依頼書発行理由 ${l.reason}`,
    tx`予診票写しの宛先 ${l.returnTo ?? RETURN_TO_ISSUER}`,
    tx`返送区分 ${ja.returnBy(l.returnBy)}`,
    tx`連絡先 ${l.contact ?? '-'}`,
    tx`依頼書番号 ${l.letterId}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function lettersCommand(program: Command): void {
  const letters = program.command('letters').description('依頼書: request letters for a vaccination outside the city (里帰り出産 …), the outside dose and its reimbursement (償還払い)');

  common(letters.command('lodge').description('lodge a request letter: the dose asked for, the stay (sealed), the clinic it is addressed to').argument('<residentId>', '整理番号'))
    .addOption(vaccineOption().makeOptionMandatory())
    .requiredOption('--dose <n>', 'dose ordinal (期回数)')
    .requiredOption('--stay-address <text>', '滞在先住所 (with its 方書)')
    .option('--stay-postal-code <code>', '滞在先郵便番号, 123-4567')
    .option('--stay-phone <number>', '滞在先電話番号')
    .requiredOption('--reason <text>', '依頼書発行理由, e.g. 里帰り出産')
    .requiredOption('--clinic-name <text>', '送付先名: the clinic outside the city')
    .option('--return-to <text>', `予診票写しの宛先 (default: ${RETURN_TO_ISSUER})`)
    .addOption(new Option('--return-by <who>', '返送区分: the clinic mails the copy back, or the resident brings it').choices([...RETURN_BY]).default('resident'))
    .action(async (residentId: string, opts: Common & { vaccine: string; dose: string; stayAddress: string; stayPostalCode?: string; stayPhone?: string; reason: string; clinicName: string; returnTo?: string; returnBy: ReturnBy }) => {
      if (!/^\d+$/.test(opts.dose)) throw new DomainError('invalid-dose', '--dose must be a whole number');
      const step = await withEngine(opts, (e) => session(e, opts).lodgeLetter({
        residentId, vaccine: opts.vaccine, dose: Number(opts.dose), stayAddress: opts.stayAddress, reason: opts.reason, clinicName: opts.clinicName, returnBy: opts.returnBy,
        ...(opts.stayPostalCode === undefined ? {} : { stayPostalCode: opts.stayPostalCode }),
        ...(opts.stayPhone === undefined ? {} : { stayPhone: opts.stayPhone }),
        ...(opts.returnTo === undefined ? {} : { returnTo: opts.returnTo }),
      }));
      if (opts.json) return printJson(step);
      process.stdout.write(tx`依頼書 ${step.letterId} を受け付けました (${step.residentId} ${vaccineAndDose(step.vaccine, step.dose)})\n`);
    });

  common(letters.command('issue').description('issue a lodged letter with the city\'s numbers, dated today (JST); printed as text, or --csv for the word processor').argument('<letterId>'))
    .requiredOption('--document-number <n>', '文書番号')
    .requiredOption('--approval-number <n>', '起案番号')
    .option('--contact <text>', '連絡先: the section, its telephone and extension')
    .option('--reissue <reason>', 'issue the letter again (lost, the stay changed …): why')
    .addOption(new Option('--csv', 'one CSV row with its header, for the word processor (差し込み印刷)').conflicts('json'))
    .action(async (letterId: string, opts: Common & { documentNumber: string; approvalNumber: string; contact?: string; reissue?: string; csv?: boolean }) => {
      const letter = await withEngine(opts, (e) => session(e, opts).issueLetter(letterId, {
        documentNumber: opts.documentNumber, approvalNumber: opts.approvalNumber,
        ...(opts.contact === undefined ? {} : { contact: opts.contact }), ...(opts.reissue === undefined ? {} : { reissueReason: opts.reissue }),
      }));
      if (opts.json) return printJson(letter);
      if (opts.csv) return void process.stdout.write(csvLine([...LETTER_CSV_HEADER]) + csvLine(letterRow(letter)));
      process.stdout.write(letterText(letter));
    });

  common(letters.command('record').description('the outside clinic\'s dose of an issued letter: through the dose check, on the ledger as source outside').argument('<letterId>'))
    .requiredOption('--date <date>', 'date of vaccination, YYYY-MM-DD')
    .requiredOption('--lot <lot>', 'Lot番号')
    .option('--product <id>', 'product id')
    .option('--clinic-no <n>', '接種医療機関番号 of the outside clinic')
    .option('--maker <text>', 'ワクチンメーカー')
    .option('--volume <text>', '接種量')
    .option('--remarks <text>', '備考')
    .option('--duplicate-reason <text>', 'why a dose already on the ledger (same vaccine and dose) is recorded again')
    .action(async (letterId: string, opts: Common & { date: string; lot: string; product?: string; clinicNo?: string; maker?: string; volume?: string; remarks?: string; duplicateReason?: string }) => {
      const recorded = await withEngine(opts, (e) => session(e, opts).recordOutsideDose(letterId, {
        date: opts.date, lot: opts.lot,
        ...(opts.product === undefined ? {} : { product: opts.product }), ...(opts.clinicNo === undefined ? {} : { clinicNo: opts.clinicNo }),
        ...(opts.maker === undefined ? {} : { maker: opts.maker }), ...(opts.volume === undefined ? {} : { amount: opts.volume }),
        ...(opts.remarks === undefined ? {} : { remarks: opts.remarks }), ...(opts.duplicateReason === undefined ? {} : { duplicateReason: opts.duplicateReason }),
      }));
      if (opts.json) return printJson(recorded);
      process.stdout.write(tx`依頼書 ${letterId}: 接種記録 ${recorded.recordId} (${ja.source('outside')}, ${ja.category(recorded.category)}${recorded.warnings.length ? `、警告: ${warningsText(recorded.warnings)}` : ''})\n`);
    });

  common(letters.command('reimburse').description('償還払い: what the resident paid the outside clinic, paid back').argument('<letterId>'))
    .requiredOption('--amount <yen>', 'whole yen, e.g. 8800')
    .requiredOption('--paid <date>', 'date of payment, YYYY-MM-DD')
    .action(async (letterId: string, opts: Common & { amount: string; paid: string }) => {
      const paid = await withEngine(opts, (e) => session(e, opts).reimburseLetter(letterId, { amount: yen(opts.amount), paidOn: opts.paid }));
      if (opts.json) return printJson(paid);
      process.stdout.write(tx`依頼書 ${letterId}: 償還払い ${paid.amount.toLocaleString('ja-JP')}円 (支払日 ${paid.paidOn})\n`);
    });

  common(letters.command('list').description('request letters, oldest first'))
    .option('--open', 'only those not reimbursed yet')
    .action(async (opts: Common & { open?: boolean }) => {
      const docs = await withEngine(opts, (e) => session(e, opts).letters({ open: opts.open ?? false }));
      if (opts.json) return printJson(docs);
      for (const d of docs) {
        const issued = d.issues?.at(-1);
        process.stdout.write(tx`${d.letterId}  ${d.residentId}  ${d.vaccine && d.dose ? vaccineAndDose(d.vaccine, d.dose) : '-'}  ${d.status ? ja.letterStatus(d.status) : '-'}`
          + tx`  受付 ${d.lodgedOn ?? '-'}  発行 ${issued?.issuedOn ?? '-'}  接種 ${d.vaccinatedOn ?? '-'}  償還 ${d.amount === undefined ? '-' : `${d.amount.toLocaleString('ja-JP')}円 ${d.paidOn ?? ''}`}\n`);
      }
      if (docs.length === 0) process.stdout.write('(依頼書なし)\n');
    });
}
