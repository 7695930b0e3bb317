import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Replay } from '@vaxledger/adapters';
import { DomainError, formatJst, japaneseNames as ja } from '@vaxledger/domain';
import { credentials, jsonOption, operatorCommandOptions, printJson, purposeOf, withEngine } from '../options.ts';
import { vaccineAndDose } from '../render/ledger.ts';
import { tx } from '../render/terminal-text.ts';

/** A resident id as a file name: the ids the engine registers (整理番号) and nothing that could leave the directory. */
const FILE_SAFE_ID = /^[0-9A-Za-z_-]{1,40}$/;

const roleName = (role: string) => (role === 'administrator' ? '管理者' : ja.purpose(role));
const REQUEST_KIND_NAMES: Record<string, string> = { disclosure: '開示請求', correction: '訂正請求', suspension: '利用停止請求' };
const requestKindName = (kind: string) => REQUEST_KIND_NAMES[kind] ?? kind;

/** The files of `replay --out DIR`, each with the instant and position it reflects. */
function replayFiles(r: Replay): Record<string, unknown> {
  const at = { asOf: r.asOf, position: r.position, recordedAt: r.recordedAt };
  return {
    'counts.json': { ...at, counts: r.counts },
    'statistics.json': { ...at, statistics: r.statistics },
    'operators.json': { ...at, operators: r.operators },
    'requests.json': { ...at, requests: r.requests },
    'suspense.json': { ...at, suspense: r.suspense },
    ...(r.resident ? { [`resident-${r.resident.residentId}.json`]: { ...at, residentId: r.resident.residentId, ledger: r.resident.ledger } } : {}),
  };
}

function replayText(r: Replay): string {
  const lines = [
    tx`再現: ${formatJst(r.asOf, { seconds: true })} 時点 (位置 ${r.position}${r.recordedAt ? `、${formatJst(r.recordedAt, { seconds: true })} 記録` : '、記録なし'})`,
    '',
    '文書数 (射影ごと):',
    ...r.counts.map((c) => tx`  ${c.projection.padEnd(20)} ${c.documents}`),
    '',
    tx`統計 ${r.fiscalYear}年度: 接種者数の区分 ${r.statistics.doses.length}、接種率の区分 ${r.statistics.coverage.length} (${r.statistics.minimumCell}人未満は秘匿)`,
    '',
    '操作者:',
    ...r.operators.map((o) => tx`  ${o.operatorId.padEnd(20)} ${o.status === 'active' ? '有効' : '無効化'}  役割 ${o.roles.map(roleName).join('・') || '-'}  目的 ${o.purposes.map((p) => ja.purpose(p)).join('・') || '-'}`),
    '',
    `未決定の請求: ${r.requests.length}件`,
    ...r.requests.map((q) => tx`  ${q.requestId}  ${requestKindName(q.kind)}  ${q.status === 'lodged' ? '受付' : '決定済'}  期限 ${q.deadline}`),
    '',
    `保留中の疑義: ${r.suspense.length}件`,
    ...r.suspense.map((s) => tx`  ${s.slipId}  ${ja.holdReason(s.reason)}  ${formatJst(s.heldAt)}`),
  ];
  if (r.resident) {
    const records = r.resident.ledger?.records ?? [];
    lines.push('', tx`整理番号 ${r.resident.residentId} の予防接種記録 (この時点):`);
    for (const rec of records) lines.push(tx`  ${vaccineAndDose(rec.fields.vaccine, rec.fields.dose)}  ${rec.fields.date}  ${ja.recordStatus(rec.status)}`);
    if (records.length === 0) lines.push('  (接種記録なし)');
  }
  return `${lines.join('\n')}\n`;
}

export function replayCommand(program: Command): void {
  operatorCommandOptions(program
    .command('replay')
    .description('what the store knew at a past instant: counts, statistics, the operator roster, open requests and held slips (the replay is recorded)')
  )
    .requiredOption('--as-of <instant>', 'the instant (ISO 8601; a date alone is 00:00 JST, a time without offset is JST)')
    .option('--out <dir>', 'write counts.json, statistics.json, operators.json, requests.json, suspense.json (and resident-ID.json) there')
    .option('--resident <id>', "also this resident's vaccination ledger as of then (personal data: only when asked)")
    .option('--fiscal-year <yyyy>', 'the 年度 of the statistics (default: that of the instant)')
    .addOption(jsonOption())
    .action(async (opts: { db: string; operator: string; purpose?: string; tenant?: string; asOf: string; out?: string; resident?: string; fiscalYear?: string; json?: boolean }) => {
      if (opts.fiscalYear !== undefined && !/^\d{4}$/.test(opts.fiscalYear)) throw new DomainError('invalid-fiscal-year', '--fiscal-year must be a year such as 2025');
      if (opts.resident !== undefined && !FILE_SAFE_ID.test(opts.resident)) throw new DomainError('invalid-resident-id', '--resident is not a resident id (整理番号)');
      const purpose = purposeOf(opts.purpose, 'audit');
      const replay = await withEngine(opts, (engine) => engine.session(opts.operator, purpose, credentials()).replay(opts.asOf, {
        ...(opts.resident !== undefined ? { residentId: opts.resident } : {}),
        ...(opts.fiscalYear !== undefined ? { fiscalYear: Number(opts.fiscalYear) } : {}),
      }));
      if (opts.out !== undefined) {
        mkdirSync(opts.out, { recursive: true });
        const files = replayFiles(replay);
        // The resident's file holds personal data: every file is the operator's alone.
        for (const [name, content] of Object.entries(files)) writeFileSync(join(opts.out, name), `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
        if (opts.json) return printJson({ asOf: replay.asOf, position: replay.position, files: Object.keys(files) });
        return void process.stdout.write(tx`再現 (${formatJst(replay.asOf, { seconds: true })} 時点、位置 ${replay.position}) を ${opts.out} に書きました: ${Object.keys(files).join(', ')}\n`);
      }
      if (opts.json) return printJson(replay);
      process.stdout.write(replayText(replay));
    });
}
