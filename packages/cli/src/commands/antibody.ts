import { Option, type Command } from 'commander';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Options = {
  db: string; operator: string; purpose?: string; tenant?: string; json?: boolean;
  date: string; method: string; titer: string; unit: string; result: 'sufficient' | 'insufficient'; testNumber: string;
};

/** `vaxledger antibody record`: a 風しん抗体検査 (別添2 #64–68) on the person's record. */
export function antibodyCommand(program: Command): void {
  const antibody = program.command('antibody').description('風しん抗体検査: record a rubella antibody test (an insufficient result makes a man of the 第5期 cohort a routine target)');
  operatorCommandOptions(antibody.command('record')
    .description('record one antibody test of a resident (the same test number with the same items again adds nothing)')
    .argument('<residentId>', '整理番号'))
    .requiredOption('--date <date>', '検査日, YYYY-MM-DD')
    .requiredOption('--method <text>', '検査方法 (HI, EIA, LTI, CLEIA …)')
    .requiredOption('--titer <value>', '抗体価, as the laboratory wrote it')
    .requiredOption('--unit <text>', '単位 (倍, IU/mL, EIA価 …)')
    .addOption(new Option('--result <result>', '判定結果').choices(['sufficient', 'insufficient']).makeOptionMandatory())
    .requiredOption('--test-number <n>', '検査番号')
    .addOption(jsonOption())
    .action(async (residentId: string, opts: Options) => {
      await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials()).recordAntibodyTest({
        residentId, date: opts.date, method: opts.method, titer: opts.titer, unit: opts.unit, result: opts.result, testNumber: opts.testNumber,
      }));
      if (opts.json) printJson({ residentId, testNumber: opts.testNumber, result: opts.result });
      else process.stdout.write(tx`抗体検査を記録しました  整理番号 ${residentId}  検査番号 ${opts.testNumber}  判定 ${opts.result === 'insufficient' ? '抗体価不十分 (第5期の対象)' : '抗体価十分'}\n`);
    });
}
