import type { Command } from 'commander';
import { formatJst, japaneseNames as ja } from '@vaxledger/domain';
import type { Provision } from '@vaxledger/application';
import { vaccineAndDose } from '../render/ledger.ts';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { tx } from '../render/terminal-text.ts';

/** What the kind adds, in words: the notice and its vaccine, the records certified, the decision disclosed. */
function detailOf(p: Provision): string {
  const d = p.detail;
  if (p.kind === 'notices' && d.noticeKind && d.vaccine && d.dose !== undefined) return `${ja.noticeKind(d.noticeKind)} ${vaccineAndDose(d.vaccine, d.dose)}`;
  if (p.kind === 'certificate') return `${d.records ?? 0}件の記録${d.identityDocument ? ` (本人確認: ${d.identityDocument})` : ''}`;
  if (p.kind === 'copies') return d.full ? '全件' : '差分';
  if (p.kind === 'disclosure' && d.decision) return d.decision === 'granted' ? '開示決定' : '部分開示決定';
  if (p.kind === 'inquiry' && d.toMunicipality) return `照会先 ${d.toMunicipality}`;
  if (p.kind === 'request-letter' && d.documentNumber) return `文書番号 ${d.documentNumber}${d.reissue ? ' (再発行)' : ''}`;
  if (p.kind === 'entrustment' && d.contractorId) return `委託先 ${d.contractorId}${d.vaccine && d.dose !== undefined ? ` ${vaccineAndDose(d.vaccine, d.dose)}` : ''}${d.again ? ` (再送: ${d.again})` : ''}`;
  return '';
}

function render(p: Provision): string {
  const detail = detailOf(p);
  return [
    tx`${formatJst(p.at)}  ${ja.provisionKind(p.kind)}${detail ? `  ${detail}` : ''}\n`,
    tx`  宛先      ${ja.recipient(p.recipient)}\n`,
    tx`  提供項目  ${p.items.map((i) => ja.provisionItem(i)).join('、')}\n`,
    tx`  提供日時  ${formatJst(p.at, { seconds: true })}\n`,
    tx`  目的      ${ja.purpose(p.purpose)} (${ja.provisionBasis(p.basis)})\n`,
    tx`  決定者    ${p.operatorId}\n`,
    tx`  番号      ${p.provisionId}\n`,
  ].join('');
}

export function provisionsCommand(program: Command): void {
  operatorCommandOptions(program
    .command('provisions')
    .description('提供の記録: everything handed out about a person (副本, certificates, notices, disclosures, inquiries, relief claims sent on, request letters): to whom, which items, when, why, on whose decision (the read is itself recorded)')
    .argument('<residentId>', '整理番号'))
    .addOption(jsonOption())
    .action(async (residentId: string, opts: { db: string; operator: string; purpose?: string; tenant?: string; json?: boolean }) => {
      const record = await withEngine(opts, (engine) => engine.session(opts.operator, purposeOf(opts.purpose, 'audit'), credentials()).provisions(residentId));
      if (opts.json) return printJson(record);
      const head = tx`提供の記録  整理番号 ${record.residentId}  ${record.provisions.length}件\n`;
      process.stdout.write(record.provisions.length === 0 ? `${head}(提供の記録はありません)\n` : head + record.provisions.map(render).join(''));
    });
}
