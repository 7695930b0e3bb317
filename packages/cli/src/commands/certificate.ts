import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CERTIFICATE_FORMATS, DomainError, japaneseNames as ja, type CertificateFormat } from '@vaxledger/domain';
import type { Certificate } from '@vaxledger/application';
import { vaccineAndDose } from '../render/ledger.ts';
import { credentials, jsonOption, vaccineListOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';
import { certificateIssuerCommand, certificateKeysCommand } from './certificate-keys.ts';
import { certificateVerifyCommand } from './certificate-verify.ts';
import { defaultSubcommand } from '../usage.ts';

interface IssueOptions {
  db: string; operator: string; purpose?: string; tenant?: string; identityDocument: string; vaccine?: string[];
  format?: CertificateFormat; json?: boolean; out?: string; qr?: string; romanName?: string; nationality?: string; passportNumber?: string;
}

/** The printed certificate (予防接種済証), with the passport items given for it. */
function certificateText(cert: Certificate): string {
  const p = cert.passport;
  const lines = [
    '予防接種済証',
    tx`証明書番号 ${cert.certificateId}`,
    tx`交付日 ${cert.issuedOn}  交付団体 ${cert.municipality}`,
    tx`氏名 ${cert.person.kanjiName} (${cert.person.kanaName})  生年月日 ${cert.person.birthDate}`,
    ...(p?.romanName ? [tx`ローマ字氏名 ${p.romanName}`] : []),
    ...(p?.nationality || p?.passportNumber ? [[p.nationality ? tx`国籍 ${p.nationality}` : '', p.passportNumber ? tx`旅券番号 ${p.passportNumber}` : ''].filter(Boolean).join('  ')] : []),
    ...cert.doses.map((d) => tx`  ${vaccineAndDose(d.vaccine, d.dose)}  ${d.date}  ${ja.category(d.category)}${d.product ? `  ${d.product}` : ''}${d.lot ? `  Lot ${d.lot}` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** What the chosen format writes: the text, the JSON, or the `.smart-health-card` file form. */
async function formatted(cert: Certificate): Promise<string> {
  if (cert.format === 'json') return `${JSON.stringify(cert, null, 2)}\n`;
  if (cert.format === 'shc') return (await import('@vaxledger/adapters/health-cards')).healthCardFile(cert.healthCard!.jws);
  return certificateText(cert);
}

/** A file the certificate is written to: never one that exists (a certificate already handed over is not replaced). */
function refuseExisting(file: string | undefined, flag: string): void {
  if (file !== undefined && existsSync(file)) throw new DomainError('file-exists', `${flag} ${file} exists already; give a new file name`);
}

export function certificateCommand(program: Command): void {
  const certificate = program
    .command('certificate')
    .description('予防接種済証 / 接種証明書: issue a certificate (text, JSON or a signed SMART Health Card), export the public keys, verify a card');
  const issue = operatorCommandOptions(certificate
    .command('issue', { isDefault: true })
    .description('certify a person\'s active records (as corrected; not voided, voluntary or repeated ones), put on the record before it is handed over')
    .argument('<residentId>', '整理番号'))
    .requiredOption('--identity-document <kind>', 'the identity document checked (番号法第16条), e.g. マイナンバーカード, 運転免許証, 旅券')
    .addOption(vaccineListOption('--vaccine <vaccines>', 'only these vaccines, comma-separated (default: every vaccine on the ledger)'))
    .addOption(new Option('--format <format>', 'text (予防接種済証), json, or shc (a SMART Health Card, signed with the municipality\'s key)').choices([...CERTIFICATE_FORMATS]))
    .addOption(jsonOption().conflicts('format'))
    .option('--out <file>', 'write the certificate to this new file (for shc: the .smart-health-card file form) instead of standard output')
    .option('--qr <file>', 'with --format shc: also write the card\'s QR code (shc:/) to this new PNG file')
    .option('--roman-name <name>', 'for use abroad: the name in Roman letters as in the passport, surname first (YAMADA TARO)')
    .option('--nationality <code>', 'for use abroad: nationality, ISO 3166-1 alpha-3 as in the passport (JPN)')
    .option('--passport-number <number>', 'for use abroad: the passport\'s number')
    .action(async (residentId: string, opts: IssueOptions) => {
      const format: CertificateFormat = opts.json ? 'json' : opts.format ?? 'text';
      if (opts.qr !== undefined && format !== 'shc') throw new DomainError('qr-needs-shc', '--qr writes the QR code of a SMART Health Card: give --format shc');
      refuseExisting(opts.out, '--out');
      refuseExisting(opts.qr, '--qr');
      const passport = opts.romanName !== undefined || opts.nationality !== undefined || opts.passportNumber !== undefined
        ? { ...(opts.romanName !== undefined ? { romanName: opts.romanName } : {}), ...(opts.nationality !== undefined ? { nationality: opts.nationality } : {}), ...(opts.passportNumber !== undefined ? { passportNumber: opts.passportNumber } : {}) }
        : undefined;
      const cert = await withEngine(opts, (engine) =>
        engine.session(opts.operator, purposeOf(opts.purpose, 'inquiry'), credentials()).issueCertificate(residentId, {
          identityDocument: opts.identityDocument, vaccines: opts.vaccine ?? [], format, ...(passport ? { passport } : {}),
        }));
      const card = cert.healthCard;
      if (card?.defaultIssuer) {
        process.stderr.write(tx`注意: 発行者URLが既定値 (${card.issuer}) のままです。検証者が鍵を取得できるよう、vaxledger certificate issuer URL で自団体のURLを設定してください\n`);
      }
      const body = await formatted(cert);
      if (opts.out === undefined) {
        if (format === 'json') printJson(cert);
        else process.stdout.write(body);
      } else {
        // Readable by its owner only: a certificate is the person's data.
        await writeFile(opts.out, body, { flag: 'wx', mode: 0o600 });
      }
      if (card && opts.qr !== undefined) await (await import('@vaxledger/adapters/health-cards')).writeHealthCardQr(opts.qr, card.jws);
      if (opts.out !== undefined || opts.qr !== undefined) {
        const written = [opts.out, opts.qr].filter((f): f is string => f !== undefined).join(', ');
        process.stdout.write(tx`証明書 ${cert.certificateId} (${cert.doses.length}回分) を書き出しました: ${written}${card ? `  発行者 ${card.issuer}  鍵 ${card.kid}` : ''}\n`);
      }
    });
  defaultSubcommand(certificate, issue);
  certificateKeysCommand(certificate);
  certificateIssuerCommand(certificate);
  certificateVerifyCommand(certificate);
}
