import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteEngine, secretAuthenticator } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { csvBytes, SLIP_HEADER, slipRow } from '../support/files.ts';

const JST_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST/;
// ids that text output must not show where a Japanese name exists
const IDS = /\b(routine|voluntary|clinic-slip|counter|active|voided|interval-too-short|too-early|basic-four-mismatch|kanaName|held|due|dose|window|ward)\b/;

const db = join(tempDir(), 'japanese.db');
const as = ['--db', db, '--operator', 'admin.sato'];

beforeAll(async () => {
  const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: secretAuthenticator });
  await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
  const s = engine.session('admin.sato', 'registration', { secret: ADMIN_SECRET });
  await s.registerResident('0000100006', aResident(6, { kanaName: 'シケン ハナコ', birthDate: '2025-01-10', sex: 'female' }));
  const first = await s.recordVaccination({ residentId: '0000100006', vaccine: 'hib', dose: 1, date: '2025-03-15', source: 'clinic-slip', lot: 'AB123' });
  await s.correctVaccination({ residentId: '0000100006', recordId: first.recordId, changes: { date: '2025-03-14' }, reason: '予診票の転記誤り' });
  await s.recordVaccination({ residentId: '0000100006', vaccine: 'hib', dose: 2, date: '2025-03-20', source: 'clinic-slip' }); // too soon after the first
  await s.importSlips(csvBytes([SLIP_HEADER, slipRow({ id: '0000100006', kana: 'シケン ハナ', birth: '2025-01-10', sex: '2', vaccine: 'B型肝炎', dose: '1', date: '2025-03-15' })]), { fileName: 'slips.csv' });
  await engine.close();
}, cliTimeout(1));

describe('text output for clerks is Japanese, with times in JST; --json keeps the ids', () => {
  it('shows the ledger and the certificate with vaccine, dose, 接種区分, source, status and warning names', async () => {
    const ledger = await runCli(['ledger', '0000100006', ...as]);
    expect(ledger.code).toBe(0);
    expect(ledger.stdout).toContain('ヒブ (Hib) 第1回  2025-03-14  定期  AB123  予診票  有効');
    expect(ledger.stdout).toContain('警告: 接種間隔不足');
    expect(ledger.stdout).toMatch(new RegExp(`訂正 ${JST_TIME.source} admin\\.sato: 予診票の転記誤り  接種日 2025-03-15 → 2025-03-14`));
    expect(ledger.stdout).toContain('[住民]');
    expect(ledger.stdout).not.toMatch(IDS);
    expect(ledger.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/); // no UTC instant

    const json = JSON.parse((await runCli(['ledger', '0000100006', ...as, '--json'])).stdout);
    expect(json.records[0]).toMatchObject({ status: 'active', source: 'clinic-slip', fields: { vaccine: 'hib', dose: 1, category: 'routine' } });
    expect(json.records[1].warnings).toEqual(['interval-too-short']);

    // the Japanese name of a vaccine is taken wherever an id is
    const cert = await runCli(['certificate', '0000100006', '--identity-document', '運転免許証', '--vaccine', 'ヒブ', ...as]);
    expect(cert.code).toBe(0);
    expect(cert.stdout).toContain('ヒブ (Hib) 第1回  2025-03-14  定期  Lot AB123');
    expect(cert.stdout).not.toMatch(IDS);
  }, cliTimeout(3));

  it('lists eligibility, the suspense queue and statistics in Japanese, taking a vaccine by its Japanese name or slip code', async () => {
    const eligible = await runCli(['eligible', '--vaccine', '四種混合', '--dose', '1', '--date', '2025-04-01', ...as]);
    expect(eligible.code).toBe(0);
    expect(eligible.stdout).toContain('四種混合 (DPT-IPV) 第1回 (初回)  2025-04-01 時点: 1人');
    expect(eligible.stdout).toMatch(/0000100006 {2}接種対象 {2}接種期間 2025-03-09 〜 2032-07-09 {2}最短接種日 2025-03-09 {2}行政区 \d+/);
    expect(eligible.stdout).not.toMatch(IDS);

    const queue = await runCli(['suspense', 'list', ...as]);
    expect(queue.code).toBe(0);
    expect(queue.stdout).toMatch(/2行目 {2}基本4情報不一致 \(氏名カナ\) {2}保留/);
    expect(queue.stdout).toContain('B型肝炎 第1回');
    expect(queue.stdout).not.toMatch(IDS);

    const stats = await runCli(['stats', '--fiscal-year', '2024', ...as]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toContain('統計 2024年度 (10人未満の区分は秘匿)');
    expect(stats.stdout).toMatch(/ヒブ \(Hib\) 第1回 {2}行政区 \d+ {2}0歳 {2}<10/);
    expect(stats.stdout).not.toMatch(IDS);

    const check = await runCli(['check-dose', '--vaccine', 'DPT-IPV', '--dose', '1', '--birth', '2025-01-10', '--date', '2025-02-01']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('四種混合 (DPT-IPV) 第1回 (初回)  2025-02-01: 定期接種ではありません');
    expect(check.stdout).toContain('理由:       接種時期前');
  }, cliTimeout(4));

  it('names the zero-padded 整理番号 of an id typed without its leading zeros, and nothing about the person', async () => {
    const typo = await runCli(['ledger', '100006', ...as]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('resident 100006 is not registered; did you mean 0000100006?');
    expect(typo.stderr).not.toMatch(/シケン|試験|2025-01-10|仙台/);
    const none = await runCli(['ledger', '999', ...as]);
    expect(none.code).toBe(2);
    expect(none.stderr).not.toContain('did you mean');
  }, cliTimeout(2));
});
