import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError } from '@vaxledger/domain';
import { CheckFailed } from '../exit-codes.ts';
import { jsonOption, printJson } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

async function readInput(file: string, flag: string): Promise<Buffer> {
  return readFile(file).catch(() => {
    throw new DomainError('unreadable-file', `${flag}cannot read ${file}`);
  });
}

export function certificateVerifyCommand(certificate: Command): void {
  certificate
    .command('verify')
    .description('verify a SMART Health Card (a .smart-health-card file, a JWS, or a QR code PNG) against the issuer\'s public keys: exit 0 when valid, 1 when not, naming why')
    .argument('<file>', 'the card: .smart-health-card file, JWS text, or QR code PNG')
    .requiredOption('--jwks <file>', 'the issuer\'s public keys (JWKS), e.g. from vaxledger certificate keys or <issuer>/.well-known/jwks.json')
    .option('--issuer <url>', 'the issuer the card must name (iss)')
    .addOption(jsonOption())
    .action(async (file: string, opts: { jwks: string; issuer?: string; json?: boolean }) => {
      const card = await readInput(file, '');
      let jwks: unknown;
      try {
        jwks = JSON.parse((await readInput(opts.jwks, '--jwks: ')).toString('utf8'));
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw new DomainError('invalid-jwks', `--jwks: ${opts.jwks} is not JSON`);
      }
      const { verifyHealthCard } = await import('@vaxledger/adapters/health-cards');
      const result = await verifyHealthCard(card, jwks, opts.issuer === undefined ? {} : { issuer: opts.issuer });
      if (opts.json) printJson(result);
      if (!result.valid) {
        if (!opts.json) process.stdout.write(tx`無効な SMART Health Card です: ${result.failure.message}\n`);
        throw new CheckFailed(`card not valid (${result.failure.code})`);
      }
      if (opts.json) return;
      const c = result.card;
      process.stdout.write([
        '有効な SMART Health Card です（署名・形式・FHIR R4 を確認しました）',
        tx`発行者 ${c.issuer}  発行 ${new Date(c.issuedAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}  鍵 ${c.kid}`,
        tx`氏名 ${c.patient.names.join(' / ')}  生年月日 ${c.patient.birthDate ?? '-'}`,
        ...c.immunizations.map((i) => tx`  CVX ${i.vaccineCode}  ${i.date}${i.doseNumber === null ? '' : `  第${i.doseNumber}回`}${i.lotNumber === null ? '' : tx`  Lot ${i.lotNumber}`}`),
      ].join('\n') + '\n');
    });
}
