import { Option, type Command } from 'commander';
import { DomainError, japaneseNames as ja, type NoticeKind } from '@vaxledger/domain';
import { ELIGIBILITY_STATUSES, type EligibilityQuery, type EligibilityStatus } from '@vaxledger/projections';
import { credentials, operatorCommandOptions, vaccineOption, printJson, purposeOf, withEngine } from '../options.ts';
import { csvLine } from '../render/csv.ts';
import { vaccineAndDose } from '../render/ledger.ts';
import { tx } from '../render/terminal-text.ts';

interface EligibleOptions {
  db: string; operator: string; purpose?: string; tenant?: string; vaccine: string; dose: string; date: string;
  ward?: string; birthFrom?: string; birthTo?: string; within?: string; status?: string; issue?: NoticeKind; again?: string; json?: boolean; csv?: boolean;
}

export function eligibleCommand(program: Command): void {
  operatorCommandOptions(program
    .command('eligible')
    .description('who is due, closing, upcoming or has missed a vaccine and dose on a date (対象者抽出); with --issue, a notice run on the record')
  )
    .addOption(vaccineOption().makeOptionMandatory())
    .requiredOption('--dose <n>', 'dose ordinal')
    .requiredOption('--date <date>', 'legal evaluation date, YYYY-MM-DD')
    .option('--ward <code>', '行政区番号')
    .option('--birth-from <date>', 'birth cohort: born on or after')
    .option('--birth-to <date>', 'birth cohort: born on or before')
    .option('--within <days>', 'upcoming / closing horizon in days (default 30)')
    .option('--status <list>', `statuses to list, comma-separated (${ELIGIBILITY_STATUSES.join(', ')}; default due, closing, upcoming, missed)`)
    .addOption(new Option('--issue <kind>', 'issue notices and record the run: ticket (接種券), guidance (案内通知) or reminder (勧奨通知)').choices(['ticket', 'guidance', 'reminder']))
    .option('--again <reason>', 'with --issue: why the same run is issued again within 30 days')
    .addOption(new Option('--json', 'JSON output').conflicts('csv'))
    .option('--csv', 'CSV output')
    .action(async (opts: EligibleOptions) => {
      const purpose = purposeOf(opts.purpose, 'notices');
      if (!/^\d+$/.test(opts.dose)) throw new DomainError('invalid-dose', '--dose must be a whole number');
      if (opts.within !== undefined && !/^\d+$/.test(opts.within)) throw new DomainError('invalid-within', '--within must be a whole number of days');
      const statuses = opts.status?.split(',').filter(Boolean) as EligibilityStatus[] | undefined;
      if (statuses?.some((s) => !(ELIGIBILITY_STATUSES as readonly string[]).includes(s))) throw new DomainError('invalid-status', `--status takes ${ELIGIBILITY_STATUSES.join(', ')}`);
      const query = {
        vaccine: opts.vaccine, dose: Number(opts.dose), date: opts.date,
        ...(opts.ward ? { ward: opts.ward } : {}), ...(opts.birthFrom ? { birthFrom: opts.birthFrom } : {}),
        ...(opts.birthTo ? { birthTo: opts.birthTo } : {}), ...(opts.within ? { withinDays: Number(opts.within) } : {}),
        ...(statuses ? { statuses } : {}),
      } as EligibilityQuery;
      await withEngine(opts, async (engine) => {
        const session = engine.session(opts.operator, purpose, credentials());
        if (opts.issue) {
          const run = await session.issueNotices(opts.issue, query, opts.again === undefined ? {} : { again: opts.again });
          if (opts.json) return printJson(run);
          const header = ['residentId', 'form_number', 'status', 'window_from', 'window_to', 'earliest', 'ward', 'kanji_name', 'kana_name', 'postal_code', 'address', 'address_supplement', 'mail_returned'];
          if (opts.csv) {
            // The run id on stderr, so that the printed file can be tied to its NoticesIssued.
            process.stderr.write(`notice run ${run.runId}: ${run.kind}, ${run.notices.length} notices, ${run.withheld} withheld\n`);
            process.stdout.write(csvLine(header));
            for (const n of run.notices) process.stdout.write(csvLine([n.residentId, n.formNumber, n.status, n.window?.from ?? '', n.window?.to ?? '', n.earliest ?? '', n.wardCode ?? '', n.kanjiName, n.kanaName, n.postalCode ?? '', n.address, n.addressSupplement ?? '', n.mailReturned ?? '']));
            return;
          }
          process.stdout.write(tx`通知 ${run.runId}: ${ja.noticeKind(run.kind)} ${run.notices.length}件、送付しない ${run.withheld}件 (送付除外 / 住基閲覧注意)\n`);
          // 不達: the last mail to this person came back; the address is checked before this one is sent.
          for (const n of run.notices) process.stdout.write(tx`  ${n.residentId}  予診票番号 ${n.formNumber}  ${ja.eligibilityStatus(n.status)}  ${n.kanjiName}  〒${n.postalCode ?? '-'} ${n.address}${n.mailReturned ? `  ※前回不達 ${n.mailReturned}` : ''}\n`);
          return;
        }
        const rows = await session.eligible(query);
        if (opts.json) return printJson(rows.map(({ noMail: _n, ...r }) => r));
        if (opts.csv) {
          process.stdout.write(csvLine(['residentId', 'status', 'window_from', 'window_to', 'earliest', 'ward']));
          for (const r of rows) process.stdout.write(csvLine([r.residentId, r.status, r.window?.from ?? '', r.window?.to ?? '', r.earliest ?? '', r.wardCode ?? '']));
          return;
        }
        process.stdout.write(tx`${vaccineAndDose(opts.vaccine, Number(opts.dose))}  ${opts.date} 時点: ${rows.length}人\n`);
        for (const r of rows) process.stdout.write(tx`  ${r.residentId}  ${ja.eligibilityStatus(r.status)}  接種期間 ${r.window ? `${r.window.from} 〜 ${r.window.to}` : '-'}  最短接種日 ${r.earliest ?? '-'}  行政区 ${r.wardCode ?? '-'}${r.mailReturned ? `  ※不達 ${r.mailReturned}` : ''}\n`);
      });
    });
}
