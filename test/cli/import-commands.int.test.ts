import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';

describe('import, suspense and record on the command line', () => {
  it('imports CP932 files with a JSON summary, re-imports as a no-op, refuses bad files with exit 2, resolves the queue', async () => {
    const dir = tempDir();
    const db = join(dir, 'imports.db');
    const registry = join(dir, 'registry.csv');
    const slips = join(dir, 'slips.csv');
    const bad = join(dir, 'bad.csv');
    writeFileSync(registry, csvBytes([
      REGISTRY_HEADER,
      registryRow({ id: '000101', kana: 'サトウ ハルト', kanji: '佐藤 陽翔', birth: '令和7年4月2日', sex: '1', address: '仙台市青葉区1' }),
      registryRow({ id: '000102', kana: 'スズキ ユイ', kanji: '鈴木 結衣', birth: '2025-05-20', sex: '2', address: '仙台市泉区2' }),
    ]));
    writeFileSync(slips, csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2025-04-02', sex: '1', vaccine: 'ヒブ', dose: '1', date: '2025-06-05' }),
      slipRow({ id: '000102', kana: 'スズキ ユウ', birth: '2025-05-20', sex: '2', vaccine: 'hib', dose: '1', date: '2025-07-25' }),
    ]));
    writeFileSync(bad, csvBytes([REGISTRY_HEADER, registryRow({ id: '000103', kana: 'ヤマダ', kanji: '山田', birth: '令和元年4月30日', sex: '1', address: '仙台市' })]));
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);

    const first = await runCli(['import', 'registry', registry, '--db', db, '--operator', 'admin.sato', '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ rows: 2, events: 2, held: 0, skipped: 0 });
    for (const key of ['batch', 'rows', 'events', 'held', 'skipped']) expect(summary).toHaveProperty(key);
    const again = JSON.parse((await runCli(['import', 'registry', registry, '--db', db, '--operator', 'admin.sato', '--json'])).stdout);
    expect(again).toMatchObject({ batch: summary.batch, events: 0 });

    const refused = await runCli(['import', 'registry', bad, '--db', db, '--operator', 'admin.sato']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad\.csv:2:\d+: 生年月日:/);
    expect(refused.stderr).not.toMatch(/山田|ヤマダ/);

    const slipRun = JSON.parse((await runCli(['import', 'slips', slips, '--db', db, '--operator', 'admin.sato', '--json'])).stdout);
    expect(slipRun).toMatchObject({ rows: 2, events: 2, held: 1 });
    const queue = JSON.parse((await runCli(['suspense', 'list', '--db', db, '--operator', 'admin.sato', '--json'])).stdout);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ reason: 'basic-four-mismatch', mismatchedItems: ['kanaName'] });
    const resolved = await runCli(['suspense', 'resolve', queue[0].slipId, '--match', '000102', '--reason', '氏名の誤記', '--db', db, '--operator', 'admin.sato', '--json']);
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ resolution: 'matched' });

    const counter = await runCli(['record', '000101', '--vaccine', 'bcg', '--dose', '1', '--date', '2025-09-01', '--identity-document', '母子健康手帳', '--db', db, '--operator', 'admin.sato', '--json']);
    expect(counter.code).toBe(0);
    expect(JSON.parse(counter.stdout)).toMatchObject({ routine: true, category: 'routine' });
    expect((await runCli(['record', '000101', '--vaccine', 'bcg', '--dose', '1', '--date', '2025-09-01', '--db', db, '--operator', 'admin.sato'])).code).toBe(2);

    const ledger = JSON.parse((await runCli(['ledger', '000102', '--db', db, '--operator', 'admin.sato', '--json'])).stdout);
    expect(ledger.records).toHaveLength(1);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(11));
});

describe('import vrs on the command line', () => {
  it('imports a VRS download (CP932) with source vrs, and refuses another municipality\'s rows with exit 2', async () => {
    const dir = tempDir();
    const db = join(dir, 'vrs.db');
    const registry = join(dir, 'registry.csv');
    writeFileSync(registry, csvBytes([REGISTRY_HEADER, registryRow({ id: '0000100001', kana: 'サトウ イチロウ', kanji: '佐藤 一郎', birth: '1950-05-01', sex: '1', address: '仙台市青葉区1' })]));
    const header = ['自治体コード', '接種券番号', '氏名カナ', '生年月日', '性別', '接種日', '接種回数', 'ワクチンメーカー', 'ロット番号'];
    writeFileSync(join(dir, 'vrs.csv'), csvBytes([header, ['041009', '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-10-20', '1', 'ファイザー', 'FA1234']]));
    writeFileSync(join(dir, 'other.csv'), csvBytes([header, ['131016', '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-10-20', '1', 'ファイザー', 'FA1234']]));
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    expect((await runCli(['import', 'registry', registry, '--db', db, '--operator', 'admin.sato'])).code).toBe(0);
    const refused = await runCli(['import', 'vrs', join(dir, 'other.csv'), '--db', db, '--operator', 'admin.sato']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('other.csv:2');
    expect(refused.stderr).toContain('自治体コード');
    const landed = await runCli(['import', 'vrs', join(dir, 'vrs.csv'), '--db', db, '--operator', 'admin.sato', '--json']);
    expect(landed.code).toBe(0);
    expect(JSON.parse(landed.stdout)).toMatchObject({ rows: 1, events: 1, held: 0 });
    const ledger = JSON.parse((await runCli(['ledger', '0000100001', '--db', db, '--operator', 'admin.sato', '--json'])).stdout);
    expect(ledger.records.map((r: { source: string; fields: { vaccine: string } }) => [r.fields.vaccine, r.source])).toEqual([['covid19', 'vrs']]);
  }, cliTimeout(5));
});
