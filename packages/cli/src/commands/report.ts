import { Option, type Command } from 'commander';
import { DomainError } from '@vaxledger/domain';
import { statutoryReportCsv, type StatutoryReport } from '@vaxledger/projections';
import { credentials, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean; csv?: boolean; published?: boolean };

const AGE_NAMES: Record<string, string> = { '75+': '75歳以上', unknown: '年齢不明' };
const ageName = (g: string) => AGE_NAMES[g] ?? `${g}歳`;

/** Which copy this is, said first: the counts a report submits are exact; the published copy hides small cells. */
function audienceLine(r: StatutoryReport): string {
  return r.audience === 'published'
    ? `公表用: ${r.minimumCell}人未満の区分は秘匿 (<${r.minimumCell})`
    : '提出用: 秘匿なし (国・都道府県への報告はこの数で提出; 公表には --published を使う)';
}

function print(report: StatutoryReport, opts: Common, title: string): void {
  if (opts.json) return printJson(report);
  if (opts.csv) return void process.stdout.write(statutoryReportCsv(report));
  const n = (x: number | null) => (x === null ? `<${report.minimumCell}` : String(x));
  process.stdout.write(tx`${title} (${report.from} 〜 ${report.to}, 定期接種の被接種者数)\n${audienceLine(report)}\n\n`);
  for (const c of report.cells) process.stdout.write(tx`  ${c.vaccineName} ${c.doseName}${c.ageGroup ? `  ${ageName(c.ageGroup)}` : ''}  ${n(c.persons)}人\n`);
  if (report.cells.length === 0) process.stdout.write('  (該当なし)\n');
  process.stdout.write(report.total === null ? '\n合計: 秘匿区分があるため示さない\n' : tx`\n合計 ${report.total}人\n`);
}

/** `vaxledger report annual|monthly`: the statutory vaccination reports (docs/reports.md). */
export function reportCommand(program: Command): void {
  const report = program.command('report').description('法定報告: the annual 地域保健・健康増進事業報告 and the monthly 接種状況報告 to the prefecture (the read is recorded)');
  const formats = (c: Command) => c
    .addOption(new Option('--json', 'JSON output').conflicts('csv'))
    .option('--csv', 'CSV output')
    .option('--published', 'the copy for publication: every cell under 10 persons suppressed (default: the exact counts submitted)');

  formats(operatorCommandOptions(report.command('annual').description('地域保健・健康増進事業報告 (予防接種): routine doses of a 年度 by vaccine, 期/回 and age group'))
    .requiredOption('--fiscal-year <yyyy>', '年度 (April–March), e.g. 2025'))
    .action(async (opts: Common & { fiscalYear: string }) => {
      if (!/^\d{4}$/.test(opts.fiscalYear)) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
      const r = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'statistics'), credentials())
        .annualReport(Number(opts.fiscalYear), { audience: opts.published ? 'published' : 'submitted' }));
      print(r, opts, `地域保健・健康増進事業報告 (予防接種) ${r.period}年度`);
    });

  formats(operatorCommandOptions(report.command('monthly').description('接種状況報告 (to the prefecture): routine doses of a month by vaccine and 期/回'))
    .requiredOption('--month <yyyy-mm>', 'the month, e.g. 2025-06'))
    .action(async (opts: Common & { month: string }) => {
      const r = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'statistics'), credentials())
        .monthlyReport(opts.month, { audience: opts.published ? 'published' : 'submitted' }));
      print(r, opts, `接種状況報告 ${r.period}`);
    });
}
