import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatJst, japaneseNames as ja } from '@vaxledger/domain';
import type { OplogEntry } from '@vaxledger/projections';
import { credentials, jsonOption, operatorCommandOptions, purposeOf, withEngine } from '../options.ts';
import { write, writeJsonArray } from '../render/stream.ts';
import { writeOplogCsv } from '../render/oplog-csv.ts';
import { tx } from '../render/terminal-text.ts';

interface OplogOptions {
  db: string; operator: string; purpose?: string; tenant?: string; resident?: string; byOperator?: string; outcome?: 'allowed' | 'denied' | 'rejected';
  forPurpose?: string; action?: string; from?: string; to?: string; csv?: boolean; verify?: boolean; tail?: number; json?: boolean;
}

export function oplogCommand(program: Command): void {
  operatorCommandOptions(program
    .command('oplog')
    .description('print the operation log: every registration, correction, read and denial (the read is itself recorded)')
  )
    .option('--resident <id>', 'only entries about this resident')
    .option('--by-operator <id>', 'only entries of this operator')
    .addOption(new Option('--outcome <outcome>', 'only allowed, only denied (authorization) or only rejected (bad input)').choices(['allowed', 'denied', 'rejected']))
    // --purpose is the purpose the operator acts for (audit by default), as in every command: the filter is --for-purpose.
    .option('--for-purpose <purpose>', 'only entries of operators acting for this purpose (registration, inquiry, …, audit)')
    .option('--action <action>', 'only entries of this action, its exact id (ledger.view, resident.register, oplog.view, …)')
    .option('--from <instant>', 'only entries recorded at or after this instant (ISO 8601; a date alone is 00:00 JST, a time without offset is JST)')
    .option('--to <instant>', 'only entries recorded at or before this instant (as --from)')
    .option('--csv', 'CSV (UTF-8 with a BOM, for Excel): a header, then one row per entry, with the keys of --json, written as read')
    .option('--verify', "check each shown entry's chain link as it is read; a broken link stops the listing with exit 1, naming its position")
    .option('--tail <n>', 'only the last n entries that pass the filters', (v) => {
      if (!/^[0-9]{1,9}$/.test(v)) throw new InvalidArgumentError('a whole number, 0 or more');
      return Number(v);
    })
    .addOption(jsonOption().conflicts('csv'))
    .action(async (opts: OplogOptions) => {
      const purpose = purposeOf(opts.purpose, 'audit');
      const selection = {
        ...(opts.resident ? { resident: opts.resident } : {}),
        ...(opts.byOperator ? { byOperator: opts.byOperator } : {}),
        ...(opts.outcome ? { outcome: opts.outcome } : {}),
        ...(opts.forPurpose !== undefined ? { purpose: opts.forPurpose } : {}),
        ...(opts.action !== undefined ? { action: opts.action } : {}),
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
        ...(opts.verify ? { verifyLinks: true } : {}),
      };
      const line = (e: OplogEntry) =>
        tx`${String(e.position).padStart(8)}  ${formatJst(e.at, { seconds: true })}  ${e.operator.padEnd(16)} ${e.purpose.padEnd(13)} ${e.action.padEnd(20)} ${(e.resident ?? '-').padEnd(10)} ${ja.outcome(e.outcome)}${e.reason ? ` (${ja.denialReason(e.reason)})` : ''}\n`;
      await withEngine(opts, async (engine) => {
        const session = engine.session(opts.operator, purpose, credentials());
        // The last entries are few; the whole log may be a city's, so it is written out as it is read.
        const entries = opts.tail !== undefined ? await session.operationLog({ ...selection, limit: opts.tail }) : session.operationLogEntries(selection);
        if (opts.json) await writeJsonArray(entries);
        else if (opts.csv) await writeOplogCsv(entries);
        else for await (const e of entries) await write(line(e));
      });
    });
}
