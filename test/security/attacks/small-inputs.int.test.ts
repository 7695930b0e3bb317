import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readVrsFile } from '../../../packages/adapters/src/formats/vrs-file.ts';
import { formatIsoDate } from '@vaxledger/domain';
import { runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../../support/files.ts';

// Issue 20 item 9: small inputs that were taken as they came.
const TENANT = '041009';
const VRS_HEADER = ['自治体コード', '接種券番号', '氏名カナ', '生年月日', '性別', '接種日', '接種回数', 'ワクチンメーカー', 'ロット番号'];
const vrsRow = (code: string) => [code, '0000100001', 'サトウ イチロウ', '1950-05-01', '1', '2025-11-05', '1', 'ファイザー', 'FA1234'];
const readCode = (code: string) => readVrsFile(csvBytes([VRS_HEADER, vrsRow(code)]), { fileName: 'vrs.csv', tenant: TENANT });
const jstToday = () => formatIsoDate(Math.floor((Date.now() + 9 * 3_600_000) / 86_400_000));

describe('small inputs are checked (issue 20 item 9)', () => {
  it('a VRS row needs a 6-digit 自治体コード of this municipality (full-width digits read as digits)', () => {
    expect(readCode(TENANT).ok).toBe(true);
    expect(readCode('０４１００９').ok).toBe(true);
    for (const [code, message] of [['04100', /not a 6-digit/], ['', /empty/], ['0410091', /not a 6-digit/], ['04100X', /not a 6-digit/], ['011002', /municipality 011002, not 041009/]] as const) {
      const r = readCode(code);
      expect(r.ok, code).toBe(false);
      if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ line: 2, column: 1, item: '自治体コード', message: expect.stringMatching(message) })]);
    }
  });

  it('request lodge refuses a receipt date in the future; an invalid tenant code is quoted as given, escaped and capped', async () => {
    const dir = tempDir();
    const db = join(dir, 'small.db');
    const as = ['--db', db, '--operator', 'admin.sato'];
    const typo = await runCli(['init', '--db', db, '--tenant', `04100\u001b[2J`, '--admin', 'admin.sato']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('tenant "04100<U+001B>[2J" is not a 全国地方公共団体コード');
    const long = await runCli(['init', '--db', db, '--tenant', '0'.repeat(5000), '--admin', 'admin.sato']);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain(`tenant "${'0'.repeat(20)}…" is not`);
    expect(long.stderr.length).toBeLessThan(300);

    expect((await runCli(['init', '--db', db, '--tenant', TENANT, '--admin', 'admin.sato'])).code).toBe(0);
    writeFileSync(join(dir, 'registry.csv'), csvBytes([REGISTRY_HEADER, registryRow({ id: '000101', kana: 'サトウ', kanji: '佐藤', birth: '2000-01-01', sex: '1', address: '仙台市' })]));
    expect((await runCli(['import', 'registry', join(dir, 'registry.csv'), ...as])).code).toBe(0);
    const today = jstToday();
    const tomorrow = formatIsoDate(Math.floor((Date.now() + 9 * 3_600_000) / 86_400_000) + 1);
    const future = await runCli(['request', 'lodge', '--resident', '000101', '--kind', 'disclosure', '--received', tomorrow, ...as]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/date of receipt is in the future/);
    const lodged = await runCli(['request', 'lodge', '--resident', '000101', '--kind', 'disclosure', '--received', today, ...as, '--json']);
    expect(lodged.code, lodged.stderr).toBe(0);
    expect(JSON.parse(lodged.stdout)).toMatchObject({ receivedOn: today });
  }, 240_000);
});
