import { Option, type Command } from 'commander';
import { REQUEST_KINDS, type RequestKind } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

const common = (c: Command): Command => operatorCommandOptions(c).addOption(jsonOption());

const session = (engine: Parameters<Parameters<typeof withEngine>[1]>[0], opts: Common) =>
  engine.session(opts.operator, purposeOf(opts.purpose, 'disclosure'), credentials());

export function requestCommand(program: Command): void {
  const request = program.command('request').description('開示請求・訂正請求・利用停止請求: a person\'s requests about their own records, decided within 14 days');
  common(request.command('lodge').description('lodge a request (deadline: 14 days after receipt)'))
    .requiredOption('--resident <id>', '整理番号 of the person')
    .addOption(new Option('--kind <kind>', 'the kind of request').choices([...REQUEST_KINDS]).makeOptionMandatory())
    .requiredOption('--received <date>', 'date of receipt, YYYY-MM-DD')
    .option('--summary <text>', 'what the person asks (kept sealed with their key)')
    .action(async (opts: Common & { resident: string; kind: RequestKind; received: string; summary?: string }) => {
      const doc = await withEngine(opts, (e) => session(e, opts).lodgeRequest({ residentId: opts.resident, kind: opts.kind, receivedOn: opts.received, ...(opts.summary ? { summary: opts.summary } : {}) }));
      if (opts.json) return printJson(doc);
      process.stdout.write(tx`request ${doc.requestId} (${doc.kind}) lodged; decide by ${doc.deadline}\n`);
    });
  common(request.command('extend').description('extend the deadline (a reason is required)').argument('<requestId>'))
    .requiredOption('--until <date>', 'the new deadline')
    .requiredOption('--reason <text>', 'why the decision takes longer')
    .action(async (id: string, opts: Common & { until: string; reason: string }) => {
      const doc = await withEngine(opts, (e) => session(e, opts).extendRequest(id, opts.until, opts.reason));
      if (opts.json) return printJson(doc);
      process.stdout.write(tx`request ${id}: deadline now ${doc.deadline}\n`);
    });
  common(request.command('decide').description('decide a request; a granted suspension marks the person (利用停止)').argument('<requestId>'))
    .addOption(new Option('--decision <decision>', 'the decision').choices(['granted', 'partially-granted', 'refused']).makeOptionMandatory())
    .requiredOption('--reason <text>', 'the grounds')
    .action(async (id: string, opts: Common & { decision: 'granted' | 'partially-granted' | 'refused'; reason: string }) => {
      const doc = await withEngine(opts, (e) => session(e, opts).decideRequest(id, opts.decision, opts.reason));
      if (opts.json) return printJson(doc);
      process.stdout.write(tx`request ${id}: ${doc.decision} on ${doc.decidedOn}\n`);
    });
  common(request.command('disclose').description('the export of a granted disclosure request: ledger, notices covering the person, operation-log entries about them').argument('<requestId>'))
    .action(async (id: string, opts: Common) => {
      const out = await withEngine(opts, (e) => session(e, opts).disclose(id));
      // The export is for the person; it is always printed as JSON, to be handed over as it is.
      printJson(out);
    });
  common(request.command('list').description('requests, oldest first'))
    .option('--overdue', 'only those undecided past their deadline')
    .action(async (opts: Common & { overdue?: boolean }) => {
      const docs = await withEngine(opts, (e) => session(e, opts).requests({ overdue: opts.overdue ?? false }));
      if (opts.json) return printJson(docs);
      for (const d of docs) process.stdout.write(tx`${d.requestId}  ${d.kind.padEnd(11)} ${d.residentId}  received ${d.receivedOn}  deadline ${d.deadline}  ${d.status}${d.decision ? ` (${d.decision})` : ''}\n`);
      if (docs.length === 0) process.stdout.write('(no requests)\n');
    });
}
