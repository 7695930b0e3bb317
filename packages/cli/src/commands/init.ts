import type { Command } from 'commander';
import { DomainError, invalidTenantMessage, isValidLocalGovernmentCode } from '@vaxledger/domain';
import { loadAdapters } from '../adapters.ts';
import { existsSync } from 'node:fs';
import { dbOption, jsonOption, printJson, SECRET_VARIABLE } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

export function initCommand(program: Command): void {
  program
    .command('init')
    .description(`create the store (or add a municipality to it) and register its first administrator, whose secret is read from ${'VAXLEDGER_SECRET'}; keys go to FILE.keys`)
    .addOption(dbOption())
    .requiredOption('--tenant <code>', '全国地方公共団体コード, 6 digits with its check digit')
    .requiredOption('--admin <operatorId>', 'the first administrator (an individual id)')
    .addOption(jsonOption())
    .action(async (opts: { db: string; tenant: string; admin: string; json?: boolean }) => {
      if (!isValidLocalGovernmentCode(opts.tenant)) throw new DomainError('invalid-tenant', `--tenant: ${invalidTenantMessage(opts.tenant)}`);
      const secret = process.env[SECRET_VARIABLE];
      if (!secret) throw new DomainError('no-secret', `set the administrator's secret in ${SECRET_VARIABLE} (at least 12 characters); it is never a flag`);
      // A new store that could not be initialized is removed whole: a refused init leaves no file behind.
      const fresh = !existsSync(opts.db);
      const { openSqliteEngine, removeNewStore, secretAuthenticator } = await loadAdapters();
      const engine = await openSqliteEngine({ file: opts.db, tenant: opts.tenant, create: true, authenticator: secretAuthenticator });
      try {
        await engine.initTenant(opts.admin, { secret });
      } catch (error) {
        await engine.close();
        if (fresh) removeNewStore(opts.db);
        throw error;
      }
      await engine.close();
      if (opts.json) printJson({ tenant: opts.tenant, admin: opts.admin, db: opts.db });
      else process.stdout.write(tx`initialized tenant ${opts.tenant} in ${opts.db}; administrator ${opts.admin}\n`);
    });
}
