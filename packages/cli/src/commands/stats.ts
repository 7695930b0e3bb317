import { Option, type Command } from 'commander';
import { DomainError } from '@vaxledger/domain';
import { vaccineAndDose } from '../render/ledger.ts';
import { statisticsCsv } from '@vaxledger/projections';
import { credentials, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

export function statsCommand(program: Command): void {
  operatorCommandOptions(program
    .command('stats')
    .description('statistics that identify nobody: doses by vaccine, dose, ward and age group, and coverage per birth cohort; cells under 10 suppressed')
  )
    .requiredOption('--fiscal-year <yyyy>', '年度 (April–March), e.g. 2025')
    .addOption(new Option('--json', 'JSON output').conflicts('csv'))
    .option('--csv', 'CSV output')
    .action(async (opts: { db: string; operator: string; purpose?: string; tenant?: string; fiscalYear: string; json?: boolean; csv?: boolean }) => {
      if (!/^\d{4}$/.test(opts.fiscalYear)) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
      const purpose = purposeOf(opts.purpose, 'statistics');
      const report = await withEngine(opts, (engine) => engine.session(opts.operator, purpose, credentials()).statistics(Number(opts.fiscalYear)));
      if (opts.json) return printJson(report);
      if (opts.csv) return void process.stdout.write(statisticsCsv(report));
      const s = (n: number | null) => (n === null ? '<10' : String(n));
      process.stdout.write(tx`統計 ${report.fiscalYear}年度 (${report.minimumCell}人未満の区分は秘匿)\n\n接種者数:\n`);
      for (const d of report.doses) process.stdout.write(tx`  ${vaccineAndDose(d.vaccine, d.dose)}  行政区 ${d.ward}  ${d.ageGroup}歳  ${s(d.count)}\n`);
      process.stdout.write('\n出生年度別の接種率 (年度末時点):\n');
      for (const c of report.coverage) {
        process.stdout.write(tx`  ${c.birthFiscalYear}年度生まれ  ${vaccineAndDose(c.vaccine, c.dose)}  ${s(c.received)} / ${s(c.eligible)}  ${c.coverage === null ? '秘匿' : `${(c.coverage * 100).toFixed(1)} %`}\n`);
      }
    });
}
