import type { LedgerView } from '@vaxledger/adapters';
import { formatJst, japaneseNames as ja, type VaccinationFields } from '@vaxledger/domain';
import { tx } from './terminal-text.ts';

/** A vaccine and dose as a clerk reads them: 四種混合 (DPT-IPV) 第1回 (初回). */
export const vaccineAndDose = (vaccine: string, dose: number): string => `${ja.vaccine(vaccine)} ${ja.dose(vaccine, dose)}`;

/** Warnings (警告内容) in Japanese. */
export const warningsText = (warnings: readonly string[]): string => warnings.map(ja.reason).join('、');

/** One item of a vaccination as read: ids of vaccines and categories by their names. */
function itemValue(field: string, value: unknown, fields: Partial<VaccinationFields>): string {
  if (field === 'vaccine') return ja.vaccine(String(value));
  if (field === 'category') return ja.category(String(value));
  if (field === 'dose' && fields.vaccine) return ja.dose(fields.vaccine, Number(value));
  return value === undefined ? '-' : String(value);
}

/** A correction's changes: 接種日 2025-03-15 → 2025-03-16. */
function changesText(before: Partial<VaccinationFields>, after: Partial<VaccinationFields>): string {
  return Object.keys(after)
    .map((f) => `${ja.field(f)} ${itemValue(f, before[f as keyof VaccinationFields], before)} → ${itemValue(f, after[f as keyof VaccinationFields], { ...before, ...after })}`)
    .join('、');
}

/** How --as-of was read, said beside the instant (a date alone is 00:00 JST, not UTC). */
const AS_OF_NOTE = {
  'as-given': '',
  'jst-midnight': ' (日付のみ: 日本時間 0:00 として表示)',
  jst: ' (時差指定なし: 日本時間として表示)',
} as const;

/** 長期療養者区分, 被災者区分, 免除区分 (別添2 #60–62) as a clerk reads them. */
const STATUS_NAMES: Record<string, string> = { 'long-term-illness': '長期療養者', disaster: '被災者', 'fee-exemption': '自己負担免除' };

/** A ledger as an operator reads it at a terminal: names in Japanese, times in JST. */
export function renderLedger(view: LedgerView): string {
  const r0 = view.resident;
  const lines = [
    tx`予防接種台帳  整理番号 ${view.residentId}  ${[
      r0.kanjiName, r0.kanaName ? `(${r0.kanaName})` : undefined, r0.birthDate ? `生年月日 ${r0.birthDate}` : undefined, r0.sex ? ja.sex(r0.sex) : undefined,
      r0.address, r0.addressWithheld ? '(住所非表示: 住基閲覧注意)' : undefined,
    ].filter(Boolean).join('  ')}  [${ja.residentStatus(r0.status)}]`,
    view.asOf ? `${formatJst(view.asOf)} 時点の記録${AS_OF_NOTE[view.asOfTakenAs ?? 'as-given']}` : '',
    'ワクチン・回  接種日  接種区分  Lot番号  記録元  状態',
  ].filter(Boolean);
  for (const r of view.records) {
    const f = r.fields;
    lines.push(
      tx`${vaccineAndDose(f.vaccine, f.dose)}  ${f.date}  ${ja.category(f.category)}  ${f.lot ?? '-'}  ${ja.source(r.source)}  ${ja.recordStatus(r.status)}` +
        (r.warnings.length ? `  警告: ${warningsText(r.warnings)}` : ''),
    );
    for (const h of r.history.slice(1)) {
      lines.push(tx`    ${ja.historyKind(h.kind)} ${formatJst(h.at)} ${h.operatorId}${h.reason ? `: ${h.reason}` : ''}${h.after ? `  ${changesText(h.before ?? {}, h.after)}` : ''}`);
    }
  }
  for (const t of view.antibodyTests ?? []) {
    lines.push(tx`風しん抗体検査  ${t.date}  ${t.method}  ${t.titer} ${t.unit}  ${t.result === 'insufficient' ? '抗体価不十分' : '抗体価十分'}  検査番号 ${t.testNumber}`);
  }
  for (const s of view.statuses ?? []) {
    lines.push(tx`${STATUS_NAMES[s.kind] ?? s.kind}  ${s.from} 〜 ${s.to ?? ''}${s.document ? `  証明書類: ${s.document}` : ''}`);
  }
  if (view.resident.status === 'not-registered') lines.push('(この時点では未登録)');
  if (view.records.length === 0) lines.push('(接種記録なし)');
  return `${lines.join('\n')}\n`;
}
