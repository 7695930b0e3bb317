import type { Command } from 'commander';
import { DomainError, formatJst, PURPOSES, ROLES, type Purpose, type Role } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

function list<T extends string>(text: string | undefined, allowed: readonly T[], what: string): T[] {
  const items = (text ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const bad = items.filter((x) => !(allowed as readonly string[]).includes(x));
  if (bad.length) throw new DomainError(`invalid-${what}`, `unknown ${what}: ${bad.join(', ').slice(0, 80)} (known: ${allowed.join(', ')})`);
  return items as T[];
}

const session = (engine: Parameters<Parameters<typeof withEngine>[1]>[0], opts: Common) =>
  engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials());

const common = (c: Command): Command => operatorCommandOptions(c).addOption(jsonOption());

export function operatorCommand(program: Command): void {
  const op = program.command('operator').description('operators: individual ids, roles and the affairs (事務) they serve; only a system administrator manages them');
  common(op.command('add').description('register an operator; prints a generated initial secret once').argument('<id>', 'an individual id (shared ids are refused)'))
    .requiredOption('--roles <list>', `roles: ${ROLES.join(', ')}`)
    .requiredOption('--purposes <list>', `affairs: ${PURPOSES.join(', ')}`)
    .action(async (id: string, opts: Common & { roles: string; purposes: string }) => {
      const roles = list<Role>(opts.roles, ROLES, 'role');
      const purposes = list<Purpose>(opts.purposes, PURPOSES, 'purpose');
      const result = await withEngine(opts, (engine) => session(engine, opts).registerOperator(id, roles, purposes));
      if (opts.json) return printJson({ operatorId: id, roles, purposes, secret: result.secret });
      process.stdout.write(tx`operator ${id} registered (${roles.join(', ')}; ${purposes.join(', ')})\ninitial secret (shown once): ${result.secret}\n`);
    });
  for (const verb of ['grant', 'revoke'] as const) {
    common(op.command(verb).description(`${verb} roles and/or affairs`).argument('<id>', 'the operator'))
      .option('--roles <list>', 'roles')
      .option('--purposes <list>', 'affairs')
      .action(async (id: string, opts: Common & { roles?: string; purposes?: string }) => {
        const roles = list<Role>(opts.roles, ROLES, 'role');
        const purposes = list<Purpose>(opts.purposes, PURPOSES, 'purpose');
        if (roles.length + purposes.length === 0) throw new DomainError('nothing-to-change', 'give --roles and/or --purposes');
        await withEngine(opts, (engine) => (verb === 'grant' ? session(engine, opts).grantRoles(id, roles, purposes) : session(engine, opts).revokeRoles(id, roles, purposes)));
        if (opts.json) return printJson({ operatorId: id, [verb === 'grant' ? 'granted' : 'revoked']: { roles, purposes } });
        process.stdout.write(tx`operator ${id}: ${verb === 'grant' ? 'granted' : 'revoked'} ${[...roles, ...purposes].join(', ')}\n`);
      });
  }
  common(op.command('deactivate').description('deactivate an operator (personnel change); their history stays').argument('<id>', 'the operator'))
    .option('--reason <text>', 'why', '人事異動')
    .action(async (id: string, opts: Common & { reason: string }) => {
      await withEngine(opts, (engine) => session(engine, opts).deactivateOperator(id, opts.reason));
      if (opts.json) return printJson({ operatorId: id, status: 'deactivated' });
      process.stdout.write(tx`operator ${id} deactivated\n`);
    });
  common(op.command('unlock').description('lift the lock of an operator locked after repeated failed authentications (recorded)').argument('<id>', 'the operator'))
    .action(async (id: string, opts: Common) => {
      await withEngine(opts, (engine) => session(engine, opts).unlockOperator(id));
      if (opts.json) return printJson({ operatorId: id, unlocked: true });
      process.stdout.write(`operator ${id} unlocked\n`);
    });
  common(op.command('passwd').description('set a new secret, read from VAXLEDGER_NEW_SECRET: your own, or (as an administrator) another operator\'s').argument('[id]', 'the operator (default: yourself)'))
    .action(async (id: string | undefined, opts: Common) => {
      const next = process.env.VAXLEDGER_NEW_SECRET;
      if (!next) throw new DomainError('no-secret', 'set the new secret in VAXLEDGER_NEW_SECRET (at least 12 characters); it is never a flag');
      await withEngine(opts, (engine) => session(engine, opts).changeSecret(next, id ?? opts.operator));
      if (opts.json) return printJson({ operatorId: id ?? opts.operator, changed: true });
      process.stdout.write(tx`secret of ${id ?? opts.operator} changed\n`);
    });
  common(op.command('review').description('権限の見直し: every operator, their roles and affairs, status, and when each was last used (the read is recorded)'))
    .action(async (opts: Common) => {
      const purpose = opts.purpose === undefined ? undefined : opts.purpose;
      const docs = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(purpose, 'administration'), credentials()).operatorReview());
      if (opts.json) return printJson(docs);
      for (const d of docs) {
        process.stdout.write(tx`${d.operatorId.padEnd(20)} ${d.status.padEnd(12)} roles ${d.roles.join(',') || '-'}  affairs ${d.purposes.join(',') || '-'}  last used ${d.lastActedAt ? formatJst(d.lastActedAt) : 'never'}\n`);
      }
    });
}
