import { Option, type Command } from 'commander';
import {
  BENEFIT_NAMES, DomainError, idOfName, japaneseNames as ja, RELIEF_DECISIONS, RELIEF_IDENTITY_DOCUMENT_NAMES, type ReliefDecision,
} from '@vaxledger/domain';
import type { ReliefCase } from '@vaxledger/adapters';
import { loadAdapters } from '../adapters.ts';
import { readMyNumberFromStdin } from '../my-number-input.ts';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

const common = (c: Command): Command => operatorCommandOptions(c).addOption(jsonOption());

const session = (engine: Parameters<Parameters<typeof withEngine>[1]>[0], opts: Common) =>
  engine.session(opts.operator, purposeOf(opts.purpose, 'relief'), credentials());

const names = (table: Readonly<Record<string, string>>) => Object.entries(table).map(([id, name]) => `${name} (${id})`).join(', ');

/** A kind given as its id or its Japanese name → the id; anything else as given, for the engine to refuse. */
const idOf = (table: Readonly<Record<string, string>>) => (text: string) => idOfName(table, text) ?? text;

/** Yen as a clerk writes them (12000, 12,000, 12000円) → a number; anything else NaN, which the engine refuses. */
function yen(text: string): number {
  const plain = text.normalize('NFKC').replace(/[,円\s]/g, '');
  return /^\d{1,10}$/.test(plain) ? Number(plain) : Number.NaN;
}

function caseLine(c: ReliefCase): string {
  const paid = c.payments.reduce((sum, p) => sum + p.amount, 0);
  return tx`${c.caseId}  ${c.residentId}  ${ja.vaccine(c.vaccine)} (${c.reliefClass}類)  ${ja.benefit(c.benefit)}  受付 ${c.receivedOn}  ${ja.reliefStatus(c.status)}`
    + (c.forwardedOn ? tx`  進達 ${c.forwardedOn}` : '')
    + (c.notifiedOn ? tx`  通知 ${c.notifiedOn}` : '')
    + (c.payments.length > 0 ? tx`  支給 ${paid.toLocaleString('ja-JP')}円 (${c.payments.length}回)` : '')
    + (c.earlierCaseIds.length > 0 ? tx`  同一個人番号の申請 ${c.earlierCaseIds.join(', ')}` : '');
}

export function reliefCommand(program: Command): void {
  const relief = program.command('relief').description('健康被害救済: relief claims for harm from a vaccination under the Act — lodged (with the 個人番号, through standard input only), forwarded, decided, paid');
  common(relief.command('lodge').description('lodge a claim; the 個人番号 is read from standard input, checked against the resolver and kept only as a keyed blind index'))
    .requiredOption('--resident <id>', '整理番号 of the person')
    .requiredOption('--vaccination <recordId>', 'the record of the vaccination the claim is about')
    .addOption(new Option('--benefit <kind>', `the benefit: ${names(BENEFIT_NAMES)}`).argParser(idOf(BENEFIT_NAMES)).makeOptionMandatory())
    .requiredOption('--received <date>', 'date of receipt, YYYY-MM-DD')
    .addOption(new Option('--identity-document <kind>', `the identity document checked (番号法第16条): ${names(RELIEF_IDENTITY_DOCUMENT_NAMES)}`).argParser(idOf(RELIEF_IDENTITY_DOCUMENT_NAMES)).makeOptionMandatory())
    .requiredOption('--my-number-stdin', 'read the 個人番号 from standard input (never give it as a flag)')
    .option('--resolver <file>', 'the 団体内統合宛名システム\'s export: CSV with the header 個人番号,整理番号 (read, never copied)')
    .action(async (opts: Common & { resident: string; vaccination: string; benefit: string; received: string; identityDocument: string; myNumberStdin: true; resolver?: string }) => {
      const myNumber = await readMyNumberFromStdin();
      const { csvMyNumberResolver } = await loadAdapters();
      const doc = await withEngine(opts, (e) => session(e, opts).lodgeRelief({
        residentId: opts.resident, recordId: opts.vaccination, benefit: opts.benefit, receivedOn: opts.received, identityDocument: opts.identityDocument, myNumber,
        ...(opts.resolver === undefined ? {} : { resolver: csvMyNumberResolver(opts.resolver) }),
      }));
      if (opts.json) return printJson(doc);
      process.stdout.write(`救済申請を受け付けました: ${caseLine(doc)}\n`);
    });
  common(relief.command('forward').description('進達: the claim is sent to the prefecture for the national review (today)').argument('<caseId>'))
    .action(async (id: string, opts: Common) => {
      const doc = await withEngine(opts, (e) => session(e, opts).forwardRelief(id));
      if (opts.json) return printJson(doc);
      process.stdout.write(tx`救済申請 ${id}: 進達 ${doc.forwardedOn}\n`);
    });
  common(relief.command('decide').description('the national review\'s finding, as notified to the person').argument('<caseId>'))
    .addOption(new Option('--decision <decision>', 'certified (認定) or not-certified (否認)').choices([...RELIEF_DECISIONS]).makeOptionMandatory())
    .requiredOption('--notified <date>', 'the date the person was notified, YYYY-MM-DD')
    .action(async (id: string, opts: Common & { decision: ReliefDecision; notified: string }) => {
      const doc = await withEngine(opts, (e) => session(e, opts).decideRelief(id, opts.decision, opts.notified));
      if (opts.json) return printJson(doc);
      process.stdout.write(tx`救済申請 ${id}: ${ja.reliefStatus(doc.status)} (通知 ${doc.notifiedOn})\n`);
    });
  common(relief.command('pay').description('a payment of a certified benefit').argument('<caseId>'))
    .addOption(new Option('--amount <yen>', 'the amount in yen').argParser(yen).makeOptionMandatory())
    .requiredOption('--paid <date>', 'the date paid, YYYY-MM-DD')
    .action(async (id: string, opts: Common & { amount: number; paid: string }) => {
      const doc = await withEngine(opts, (e) => session(e, opts).payRelief(id, opts.amount, opts.paid));
      if (opts.json) return printJson(doc);
      const last = doc.payments[doc.payments.length - 1];
      if (!last) throw new DomainError('relief-not-paid', `relief case ${id}: no payment recorded`);
      process.stdout.write(tx`救済申請 ${id}: 支給 ${last.amount.toLocaleString('ja-JP')}円 (${last.paidOn})\n`);
    });
  common(relief.command('list').description('every relief claim, oldest first (the read is logged)'))
    .action(async (opts: Common) => {
      const docs = await withEngine(opts, (e) => session(e, opts).reliefCases());
      if (opts.json) return printJson(docs);
      for (const d of docs) process.stdout.write(`${caseLine(d)}\n`);
      if (docs.length === 0) process.stdout.write('(救済申請なし)\n');
    });
}
