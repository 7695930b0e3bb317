import { Option, type Command } from 'commander';
import { basename } from 'node:path';
import { readClinicClaimFile } from '@vaxledger/adapters';
import { ImportRejectedError } from '@vaxledger/application';
import { DomainError, japaneseNames } from '@vaxledger/domain';
import type { ClaimsView, ReconcileView } from '@vaxledger/application';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { csvLine } from '../render/csv.ts';
import { tx } from '../render/terminal-text.ts';
import { readInput } from '../read-input.ts';

type Common = { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean };

/** The claim's CSV (docs/claims.md): one row per line, paid or not, the reason in Japanese for a line not paid. */
export const CLAIM_CSV_HEADER = ['請求年月', '医療機関番号', '医療機関名', '区分', '記録番号', '整理番号', '接種日', '接種名称', '期回数', '委託料', '自己負担', '請求額', '支払対象外理由'] as const;

function month(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new DomainError('invalid-month', '--month must be a month (YYYY-MM)');
  return value;
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

function claimsCsv(view: ClaimsView): string {
  let out = csvLine([...CLAIM_CSV_HEADER]);
  for (const c of view.clinics) {
    const name = c.clinic?.name ?? '';
    for (const l of c.lines) {
      out += csvLine([view.month, c.clinicNo, name, l.kind === 'examination' ? '支払対象 (予診のみ)' : '支払対象', l.recordId, l.residentId, l.date, japaneseNames.vaccine(l.vaccine), japaneseNames.dose(l.vaccine, l.dose), String(l.fee), String(l.coPayment), String(l.amount), '']);
    }
    for (const e of c.excluded) {
      out += csvLine([view.month, c.clinicNo, name, '支払対象外', e.ref, e.residentId ?? '', e.date, japaneseNames.vaccine(e.vaccine), japaneseNames.dose(e.vaccine, e.dose), '', '', '', japaneseNames.claimExclusion(e.reason)]);
    }
  }
  return out;
}

function claimsText(view: ClaimsView): string {
  let out = tx`請求年月 ${view.month}  単価表「${view.feeTable.name}」\n`;
  if (view.clinics.length === 0) out += 'この月の請求はありません\n';
  for (const c of view.clinics) {
    const who = c.clinic ? tx`${c.clinicNo} ${c.clinic.name} (${japaneseNames.clinicLocation(c.clinic.location)})` : tx`${c.clinicNo} (未登録)`;
    const status = japaneseNames.claimStatus(c.status) + (c.approvedOn ? ` ${c.approvedOn}` : '') + (c.paidOn ? ` 支払日 ${c.paidOn}` : '');
    out += tx`\n医療機関 ${who}  ${status}\n`;
    out += `  支払対象 ${c.totals.doses}件${c.totals.examinations > 0 ? ` (ほか予診のみ ${c.totals.examinations}件)` : ''}  委託料 ${yen(c.totals.fee)}  自己負担 ${yen(c.totals.coPayment)}  請求額 ${yen(c.totals.amount)}\n`;
    for (const l of c.lines) {
      out += tx`    ${l.date}  ${l.residentId}  ${japaneseNames.vaccine(l.vaccine)} ${japaneseNames.dose(l.vaccine, l.dose)}${l.kind === 'examination' ? ' 予診のみ' : ''}  ${yen(l.fee)} − ${yen(l.coPayment)} = ${yen(l.amount)}\n`;
    }
    out += `  支払対象外 ${c.excluded.length}件\n`;
    for (const e of c.excluded) {
      out += tx`    ${e.date}  ${e.residentId ?? '(疑義保留票)'}  ${japaneseNames.vaccine(e.vaccine)} ${japaneseNames.dose(e.vaccine, e.dose)}  ${japaneseNames.claimExclusion(e.reason)}\n`;
    }
  }
  return out;
}

/** 実施報告書 CSV (docs/claims.md): per clinic, one row per vaccine and dose paid. */
export const CLAIM_REPORT_CSV_HEADER = ['請求年月', '医療機関番号', '医療機関名', '接種名称', '期回数', '件数', '委託料', '自己負担', '請求額'] as const;

const OUTCOME_NAMES = { matched: '一致', 'amount-differs': '金額相違', 'only-theirs': '医療機関の請求のみ', 'only-ours': '市の請求のみ' } as const;

function reconcileText(view: ReconcileView): string {
  const c = view.counts;
  let out = tx`医療機関 ${view.clinicNo} ${view.month} 分の突合: 一致 ${c.matched}件  金額相違 ${c['amount-differs']}件  医療機関の請求のみ ${c['only-theirs']}件  市の請求のみ ${c['only-ours']}件
`;
  for (const o of view.outcomes) {
    if (o.kind === 'matched') continue;
    const l = o.kind === 'only-ours' ? o.ours : o.theirs;
    const where = o.kind === 'only-ours' ? '' : `${o.theirs.line}行目 `;
    const amounts = o.kind === 'amount-differs' ? `  医療機関 ${yen(o.theirs.amount)} / 市 ${yen(o.ours.amount)}` : o.kind === 'only-ours' ? `  ${yen(o.ours.amount)}` : `  ${yen(o.theirs.amount)}`;
    out += tx`  ${OUTCOME_NAMES[o.kind]}: ${where}${l.residentId} ${l.date} ${japaneseNames.vaccine(l.vaccine)} ${japaneseNames.dose(l.vaccine, l.dose)}${amounts}
`;
  }
  return out;
}

export function claimsCommand(program: Command): void {
  const claims = program.command('claims').description('委託料請求: what the city pays each clinic for a month\'s slips (docs/claims.md)');

  operatorCommandOptions(claims
    .command('build')
    .description('the claims of a 請求年月 (the JST month the slips were imported): per clinic, every payable dose priced, every line not paid with its reason'))
    .requiredOption('--month <YYYY-MM>', '請求年月')
    .option('--clinic <number>', 'one clinic only')
    .addOption(new Option('--csv', 'CSV, one row per line (docs/claims.md)').conflicts('json'))
    .addOption(jsonOption())
    .action(async (opts: Common & { month: string; clinic?: string; csv?: boolean }) => {
      const view = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .claims({ month: month(opts.month), ...(opts.clinic ? { clinicNo: opts.clinic } : {}) }));
      if (opts.json) return printJson(view);
      process.stdout.write(opts.csv ? claimsCsv(view) : claimsText(view));
    });

  operatorCommandOptions(claims
    .command('approve')
    .description('approve a clinic\'s claim of the month as built now: its lines and amounts are fixed (once only; a later slip goes to a later month)'))
    .requiredOption('--month <YYYY-MM>', '請求年月')
    .requiredOption('--clinic <number>', 'the clinic')
    .addOption(jsonOption())
    .action(async (opts: Common & { month: string; clinic: string }) => {
      const approved = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .approveClaim({ month: month(opts.month), clinicNo: opts.clinic }));
      if (opts.json) return printJson(approved);
      process.stdout.write(tx`医療機関 ${approved.clinicNo} の ${approved.month} 分の請求を承認しました: ${approved.totals.doses}件 請求額 ${yen(approved.totals.amount)} (自己負担 ${yen(approved.totals.coPayment)})\n`);
    });

  operatorCommandOptions(claims
    .command('paid')
    .description('record the payment of an approved claim (once only)'))
    .requiredOption('--month <YYYY-MM>', '請求年月')
    .requiredOption('--clinic <number>', 'the clinic')
    .requiredOption('--date <date>', '支払日, YYYY-MM-DD')
    .addOption(jsonOption())
    .action(async (opts: Common & { month: string; clinic: string; date: string }) => {
      const paid = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .recordClaimPaid({ month: month(opts.month), clinicNo: opts.clinic, paidOn: opts.date }));
      if (opts.json) return printJson(paid);
      process.stdout.write(tx`医療機関 ${paid.clinicNo} の ${paid.month} 分 ${yen(paid.amount)} の支払 (${paid.paidOn}) を記録しました\n`);
    });

  operatorCommandOptions(claims
    .command('reconcile')
    .description('compare a clinic\'s own claim CSV (整理番号,接種日,接種名称,期回数,請求額) with the city\'s, line by line; exit 1 when they differ')
    .argument('<file>', 'the clinic\'s claim CSV (UTF-8 or CP932)'))
    .requiredOption('--month <YYYY-MM>', '請求年月')
    .requiredOption('--clinic <number>', 'the clinic')
    .addOption(jsonOption())
    .action(async (file: string, opts: Common & { month: string; clinic: string }) => {
      const bytes = readInput(file);
      const read = readClinicClaimFile(bytes, { fileName: basename(file) });
      if (!read.ok) throw new ImportRejectedError(basename(file), read.errors, read.more);
      const view = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .reconcileClaim({ month: month(opts.month), clinicNo: opts.clinic, theirs: read.rows }));
      if (opts.json) printJson(view);
      else process.stdout.write(reconcileText(view));
      if (view.outcomes.some((o) => o.kind !== 'matched')) process.exitCode = 1;
    });

  operatorCommandOptions(claims
    .command('report')
    .description('実施報告書 of the month: per clinic, the paid doses by vaccine and dose with amounts; its print date is recorded'))
    .requiredOption('--month <YYYY-MM>', '請求年月')
    .addOption(new Option('--csv', 'CSV (docs/claims.md)').conflicts('json'))
    .addOption(jsonOption())
    .action(async (opts: Common & { month: string; csv?: boolean }) => {
      const report = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'registration'), credentials())
        .claimReport({ month: month(opts.month) }));
      if (opts.json) return printJson(report);
      if (opts.csv) {
        let out = csvLine([...CLAIM_REPORT_CSV_HEADER]);
        for (const r of report.rows) out += csvLine([report.month, r.clinicNo, r.name, japaneseNames.vaccine(r.vaccine), japaneseNames.dose(r.vaccine, r.dose) + (r.kind === 'examination' ? ' 予診のみ' : ''), String(r.doses), String(r.fee), String(r.coPayment), String(r.amount)]);
        return void process.stdout.write(out);
      }
      let out = tx`予防接種実施報告書 ${report.month} 分 (印刷日 ${report.printedOn})\n`;
      for (const r of report.rows) out += tx`  ${r.clinicNo} ${r.name}  ${japaneseNames.vaccine(r.vaccine)} ${japaneseNames.dose(r.vaccine, r.dose)}${r.kind === 'examination' ? ' 予診のみ' : ''}  ${r.doses}件  請求額 ${yen(r.amount)}\n`;
      process.stdout.write(out);
    });
}
