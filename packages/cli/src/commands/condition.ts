import { Option, type Command } from 'commander';
import { SPECIAL_STATUS_KINDS } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean; kind: string };

const KIND_NAMES: Record<string, string> = { 'long-term-illness': '長期療養', disaster: '被災者', 'fee-exemption': '自己負担免除' };
const kindOption = () => new Option('--kind <kind>', 'long-term-illness (長期療養者区分), disaster (被災者区分) or fee-exemption (免除区分)').choices([...SPECIAL_STATUS_KINDS]).makeOptionMandatory();

/** `vaxledger condition record|end`: special statuses with a period (別添2 #60–62). */
export function conditionCommand(program: Command): void {
  const condition = program.command('condition').description('特別な事情: long-term illness (長期療養特例), disaster victim, fee exemption, each with its period and document');

  operatorCommandOptions(condition.command('record')
    .description('record a special status of a resident from a day (to a day, when it has ended)')
    .argument('<residentId>', '整理番号'))
    .addOption(kindOption())
    .requiredOption('--from <date>', 'its first day, YYYY-MM-DD')
    .option('--to <date>', 'the day it ended (long-term illness: the 特例 then runs 2年 from it), YYYY-MM-DD')
    .requiredOption('--document <text>', 'the document that shows it (診断書, 罹災証明書, 受給者証 …)')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: Common & { from: string; to?: string; document: string }) => {
      await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .recordCondition(residentId, opts.kind, { from: opts.from, ...(opts.to === undefined ? {} : { to: opts.to }), document: opts.document }));
      if (opts.json) printJson({ residentId, kind: opts.kind, from: opts.from, to: opts.to ?? null });
      else process.stdout.write(tx`記録しました  整理番号 ${residentId}  ${KIND_NAMES[opts.kind] ?? opts.kind}  ${opts.from} 〜 ${opts.to ?? ''}\n`);
    });

  operatorCommandOptions(condition.command('end')
    .description('end a special status recorded without an end')
    .argument('<residentId>', '整理番号'))
    .addOption(kindOption())
    .requiredOption('--on <date>', 'the day it ended, YYYY-MM-DD')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: Common & { on: string }) => {
      await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()).endCondition(residentId, opts.kind, opts.on));
      if (opts.json) printJson({ residentId, kind: opts.kind, endedOn: opts.on });
      else process.stdout.write(tx`終了を記録しました  整理番号 ${residentId}  ${KIND_NAMES[opts.kind] ?? opts.kind}  ${opts.on}\n`);
    });
}
