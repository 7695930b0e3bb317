import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError } from '@vaxledger/domain';
import { credentials, dbOption, jsonOption, operatorCommandOptions, printJson, purposeOf, tenantOption, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

export function certificateKeysCommand(certificate: Command): void {
  certificate
    .command('keys')
    .description('export the public keys verifiers of the municipality\'s SMART Health Cards need (a JWKS, as served at <issuer>/.well-known/jwks.json); public keys only, so no operator signs in')
    .addOption(dbOption())
    .addOption(tenantOption())
    .option('--out <file>', 'write the JWKS to this file (replaced if it exists: it holds public keys only) instead of standard output')
    .action(async (opts: { db: string; tenant?: string; out?: string }) => {
      const jwks = await withEngine(opts, (engine) => engine.healthCardPublicKeys());
      if (opts.out === undefined) return printJson(jwks);
      await writeFile(opts.out, `${JSON.stringify(jwks, null, 2)}\n`);
      process.stdout.write(tx`公開鍵 ${jwks.keys.length} 件を書き出しました: ${opts.out}${jwks.keys.length === 0 ? '（まだ SMART Health Card を発行していないため、鍵がありません）' : ''}\n`);
    });
}

export function certificateIssuerCommand(certificate: Command): void {
  operatorCommandOptions(certificate
    .command('issuer')
    .description('show, or set (an administrator, for administration), the issuer URL (iss) the municipality\'s SMART Health Cards carry: where verifiers fetch /.well-known/jwks.json')
    .argument('[url]', 'the new issuer URL: https, without a trailing slash'))
    .addOption(jsonOption())
    .action(async (url: string | undefined, opts: { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean }) => {
      const result = await withEngine(opts, async (engine) => {
        const session = engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials());
        if (url === undefined) return session.healthCardIssuer();
        if (url.trim() === '') throw new DomainError('invalid-issuer', 'the issuer URL is empty');
        return { ...(await session.setHealthCardIssuer(url)), defaultIssuer: false };
      });
      if (opts.json) return printJson(result);
      process.stdout.write(tx`発行者URL ${result.issuer}${result.defaultIssuer ? '（既定値: 未設定）' : ''}\n`);
    });
}
