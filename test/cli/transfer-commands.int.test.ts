import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containsMyNumber } from '@vaxledger/domain';
import { cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { csvBytes } from '../support/files.ts';

const HEADER = ['整理番号', 'カナ氏名', '漢字氏名', '生年月日', '性別', '住所', '最新異動区分', '最新異動日', '転入前住所', '前住所地の全国地方公共団体コード', '統合宛名番号'];
const ANSWER_HEADER = ['統合宛名番号', '接種名称区分', '期回数区分', '接種日', '接種区分'];

describe('movers in (転入) on the command line', () => {
  it('queues a 転入, writes an inquiry with no name, birth date or 個人番号, imports the answer once, holds what matches no inquiry', async () => {
    const dir = tempDir();
    const db = join(dir, 'transfer.db');
    const as = ['--db', db, '--operator', 'admin.sato'];
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);

    // The week's full extract, then a diff: two 転入, one with the code in its own column, one with it leading 転入前住所.
    writeFileSync(join(dir, 'registry-full.csv'), csvBytes([
      HEADER,
      ['000301', 'サトウ ハルト', '佐藤 陽翔', '2024-04-02', '1', '仙台市青葉区1', '出生', '2024-04-02', '', '', 'K-301'],
    ]));
    writeFileSync(join(dir, 'registry-diff.csv'), csvBytes([
      HEADER,
      ['000302', 'タカハシ メイ', '高橋 芽依', '2024-06-10', '2', '仙台市泉区2', '転入', '2026-01-05', '札幌市中央区北1条西2丁目', '011002', 'K-302'],
      ['000303', 'イトウ ソウタ', '伊藤 颯太', '2023-11-20', '1', '仙台市若林区3', '転入', '2026-01-07', '131016 東京都千代田区千代田1番', '', ''],
    ]));
    expect((await runCli(['import', 'registry', join(dir, 'registry-full.csv'), ...as])).code).toBe(0);
    expect((await runCli(['import', 'registry', join(dir, 'registry-diff.csv'), ...as])).code).toBe(0);

    const pending = await runCli(['transfer', 'pending', ...as, '--json']);
    expect(pending.code).toBe(0);
    expect(JSON.parse(pending.stdout)).toEqual([
      { residentId: '000302', movedInOn: '2026-01-05', fromMunicipality: '011002', hasIntegratedAddresseeNo: true },
      { residentId: '000303', movedInOn: '2026-01-07', fromMunicipality: '131016', hasIntegratedAddresseeNo: false },
    ]);
    const since = await runCli(['transfer', 'pending', '--since', '2026-01-06', ...as]);
    expect(since.stdout).toContain('整理番号 000303  転入日 2026-01-07  前住所地 131016  統合宛名番号なし');
    expect(since.stdout).not.toContain('000302');

    // No 統合宛名番号: refused, and no file is left behind.
    const refused = await runCli(['transfer', 'inquire', '000303', '--from-municipality', '131016', '--out', join(dir, 'inquiry-303.csv'), ...as]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('has no 統合宛名番号');
    expect(existsSync(join(dir, 'inquiry-303.csv'))).toBe(false);

    const inquiryFile = join(dir, 'inquiry-302.csv');
    const inquired = await runCli(['transfer', 'inquire', '000302', '--from-municipality', '011002', '--out', inquiryFile, ...as, '--json']);
    expect(inquired.code).toBe(0);
    const sent = JSON.parse(inquired.stdout);
    expect(sent).toMatchObject({ residentId: '000302', toMunicipality: '011002', basis: 'bangou-19-8-16-2' });
    // The file's bytes: the inquiry's ids and codes, and nothing that names or dates the person.
    const bytes = readFileSync(inquiryFile);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[1]).toMatch(new RegExp(`^${sent.inquiryId},041009,011002,K-302,bangou-19-8-16-2,予防接種法による予防接種の実施に関する事務,番号法第19条第8号 別表第二の16の2の項`));
    for (const personal of ['高橋', '芽依', 'タカハシ', 'メイ', '2024-06-10', '20240610', '2024/06/10', '令和6年6月10日', '泉区']) {
      expect(bytes.includes(Buffer.from(personal, 'utf8')), personal).toBe(false);
    }
    expect(containsMyNumber(text)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);

    const after = JSON.parse((await runCli(['transfer', 'pending', ...as, '--json'])).stdout) as Array<{ residentId: string }>;
    expect(after.map((p) => p.residentId)).toEqual(['000303']);

    // The answer: two Hib doses on schedule, an MR dose before the age of one (the dose check warns), and a record
    // for a 統合宛名番号 nobody here was asked about (held).
    const answer = join(dir, 'answer.csv');
    writeFileSync(answer, csvBytes([
      ANSWER_HEADER,
      ['K-302', 'hib', '1', '2024-08-12', 'routine'],
      ['K-302', 'hib', '2', '2024-09-20', 'routine'],
      ['K-302', 'mr', '1', '2024-12-01', 'routine'],
      ['K-999', 'hib', '1', '2024-08-01', 'routine'],
    ], 'utf-8'));
    const first = await runCli(['transfer', 'answer', answer, ...as, '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ rows: 4, recorded: 3, held: 1, alreadyImported: false });
    expect(summary.warned).toHaveLength(1);
    expect(summary.warned[0]).toMatchObject({ line: 4, residentId: '000302' });
    expect(summary.warned[0].warnings.length).toBeGreaterThan(0);

    const ledger = JSON.parse((await runCli(['ledger', '000302', ...as, '--json'])).stdout);
    expect(ledger.records).toHaveLength(3);
    expect(ledger.records.map((r: { source: string }) => r.source)).toEqual(['other-municipality', 'other-municipality', 'other-municipality']);
    const mr = ledger.records.find((r: { fields: { vaccine: string } }) => r.fields.vaccine === 'mr');
    expect(mr.fields.category).toBe('voluntary');

    // The same file again, and a second answer repeating a record already recorded: nothing more.
    const again = await runCli(['transfer', 'answer', answer, ...as]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('取込済み');
    const repeat = join(dir, 'answer-repeat.csv');
    writeFileSync(repeat, csvBytes([ANSWER_HEADER, ['K-302', 'hib', '1', '2024-08-12', 'routine'], ['K-302', '', '', '', '']], 'utf-8'));
    const repeated = JSON.parse((await runCli(['transfer', 'answer', repeat, ...as, '--json'])).stdout);
    expect(repeated).toMatchObject({ rows: 2, recorded: 0, held: 0, skipped: 1 });
    expect(JSON.parse((await runCli(['ledger', '000302', ...as, '--json'])).stdout).records).toHaveLength(3);

    const queue = JSON.parse((await runCli(['suspense', 'list', ...as, '--purpose', 'registration', '--json'])).stdout);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ reason: 'no-inquiry', source: 'other-municipality', answer: { integratedAddresseeNo: 'K-999', vaccine: 'hib', dose: 1 } });
    const queueText = (await runCli(['suspense', 'list', ...as, '--purpose', 'registration'])).stdout;
    expect(queueText).toContain('該当する照会なし');
    expect(queueText).toContain('統合宛名番号 K-999');
    // Investigated (a mistyped number at the other end): matched to a resident, recorded as the other municipality's record.
    const resolved = await runCli(['suspense', 'resolve', queue[0].slipId, '--match', '000301', '--reason', '照会先での統合宛名番号の誤記', ...as, '--purpose', 'registration']);
    expect(resolved.code).toBe(0);
    const matched = JSON.parse((await runCli(['ledger', '000301', ...as, '--json'])).stdout);
    expect(matched.records).toHaveLength(1);
    expect(matched.records[0]).toMatchObject({ source: 'other-municipality', fields: { vaccine: 'hib', dose: 1, date: '2024-08-01' } });

    // A bad line refuses the whole file, naming file, line and item; nothing of it lands.
    const bad = join(dir, 'bad-answer.csv');
    writeFileSync(bad, csvBytes([ANSWER_HEADER, ['K-302', 'je', '1', '2025-05-01', 'routine'], ['K-302', 'je', '2', '2025-13-01', 'routine']], 'utf-8'));
    const badRun = await runCli(['transfer', 'answer', bad, ...as]);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toMatch(/bad-answer\.csv:3:\d+: 接種日:/);
    expect(JSON.parse((await runCli(['ledger', '000302', ...as, '--json'])).stdout).records).toHaveLength(3);

    const log = JSON.parse((await runCli(['oplog', ...as, '--purpose', 'audit', '--json'])).stdout) as Array<{ action: string; outcome: string }>;
    expect(log.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining([
      'transfer.view:allowed', 'transfer.inquire:allowed', 'transfer.answer:allowed', 'transfer.inquire:rejected',
    ]));
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(27));
});
