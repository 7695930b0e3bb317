import type { Command } from 'commander';
import { japaneseNames as ja } from '@vaxledger/domain';
import { vaccineAndDose } from '../render/ledger.ts';
import { credentials, jsonOption, vaccineListOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

export function certificateCommand(program: Command): void {
  operatorCommandOptions(program
    .command('certificate')
    .description('予防接種済証 / 接種証明書: certify a person\'s active records (as corrected), put on the record before it is printed')
    .argument('<residentId>', '整理番号'))
    .requiredOption('--identity-document <kind>', 'the identity document checked (番号法第16条), e.g. マイナンバーカード, 運転免許証, 旅券')
    .addOption(vaccineListOption('--vaccine <vaccines>', 'only these vaccines, comma-separated (default: every vaccine on the ledger)'))
    .addOption(jsonOption())
    .action(async (residentId: string, opts: { db: string; operator: string; purpose?: string; tenant?: string; identityDocument: string; vaccine?: string[]; json?: boolean }) => {
      const vaccines = opts.vaccine ?? [];
      const cert = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'inquiry'), credentials()).issueCertificate(residentId, { identityDocument: opts.identityDocument, vaccines }));
      if (opts.json) return printJson(cert);
      const lines = [
        '予防接種済証',
        tx`証明書番号 ${cert.certificateId}`,
        tx`交付日 ${cert.issuedOn}  交付団体 ${cert.municipality}`,
        tx`氏名 ${cert.person.kanjiName} (${cert.person.kanaName})  生年月日 ${cert.person.birthDate}`,
        ...cert.doses.map((d) => tx`  ${vaccineAndDose(d.vaccine, d.dose)}  ${d.date}  ${ja.category(d.category)}${d.product ? `  ${d.product}` : ''}${d.lot ? `  Lot ${d.lot}` : ''}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
