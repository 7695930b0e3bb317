import type { Command } from 'commander';
import { DomainError, formatJst } from '@vaxledger/domain';
import type { ContractorView } from '@vaxledger/application';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';
import { readInputText } from '../read-input.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

function isoDate(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new DomainError('invalid-date', `${flag} must be a date (YYYY-MM-DD)`);
  return value;
}

/** The fingerprint in groups of four, as gpg --fingerprint shows it (for comparing with the contractor by phone). */
const grouped = (fingerprint: string) => fingerprint.match(/.{1,4}/g)!.join(' ');

function contractorLines(c: ContractorView): string {
  const period = `${c.registeredOn} 〜 ${c.endedOn !== undefined && c.endedOn < c.until ? `${c.endedOn} (解約; 契約終期 ${c.until})` : c.until}`;
  return tx`${c.contractorId}  ${c.name}  契約 ${c.contractRef}  契約期間 ${period}  ${c.inForce ? '契約中' : '契約終了'}  提供 ${c.entrustments}件\n`
    + tx`    鍵指紋 ${grouped(c.fingerprint)}${c.keyExpiresAt ? `  鍵の有効期限 ${formatJst(c.keyExpiresAt)}` : ''}\n`;
}

export function contractorCommand(program: Command): void {
  const contractor = program.command('contractor').description('委託先: the printing contractor, its contract period and its OpenPGP public key (print files are encrypted for it)');

  operatorCommandOptions(contractor
    .command('add')
    .description('register the printing contractor (委託先) with its contract and its OpenPGP public key (administration)')
    .argument('<id>', 'the contractor\'s id (lower-case letters, digits, ".", "_" or "-")'))
    .requiredOption('--name <text>', '委託先名 (the company)')
    .requiredOption('--contract-ref <text>', 'the contract\'s reference (契約番号)')
    .requiredOption('--until <date>', 'the contract\'s last day, YYYY-MM-DD (JST): no print file goes to it after')
    .requiredOption('--key <file.asc>', 'the contractor\'s OpenPGP public key, armored (gpg --armor --export); a private key is refused')
    .addOption(jsonOption())
    .action(async (id: string, opts: Common & { name: string; contractRef: string; until: string; key: string }) => {
      isoDate('--until', opts.until);
      const armoredKey = readInputText(opts.key);
      const added = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials())
        .addContractor({ contractorId: id, name: opts.name, contractRef: opts.contractRef, until: opts.until, armoredKey }));
      if (opts.json) return printJson(added);
      process.stdout.write(tx`委託先 ${added.contractorId} (${added.name}) を登録しました。契約 ${added.contractRef}、契約期間 ${added.registeredOn} 〜 ${added.until}\n`
        + tx`鍵指紋 ${grouped(added.fingerprint)}${added.keyExpiresAt ? ` (有効期限 ${formatJst(added.keyExpiresAt)})` : ''}: 委託先と電話等で照合してください\n`);
    });

  operatorCommandOptions(contractor.command('list').description('the contractors, their contract period and key fingerprint (the read is recorded)'))
    .addOption(jsonOption())
    .action(async (opts: Common) => {
      const list = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials()).contractors());
      if (opts.json) return printJson(list);
      process.stdout.write(`委託先 ${list.length}件\n`);
      for (const c of list) process.stdout.write(contractorLines(c));
    });

  operatorCommandOptions(contractor
    .command('end')
    .description('end a contractor\'s contract (解約): no print file goes to it after the day given')
    .argument('<id>', 'the contractor\'s id'))
    .requiredOption('--on <date>', 'the contract\'s last day from now on, YYYY-MM-DD (JST)')
    .addOption(jsonOption())
    .action(async (id: string, opts: Common & { on: string }) => {
      isoDate('--on', opts.on);
      const ended = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'administration'), credentials()).endContract(id, opts.on));
      if (opts.json) return printJson(ended);
      process.stdout.write(tx`委託先 ${ended.contractorId} の契約を ${ended.endedOn} 限りで終了しました\n`);
    });
}
