import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { hostAuthenticated, isValidMyNumber, myNumberCheckDigit, steppingClock } from '@vaxledger/domain';
import { ImportRejectedError, openSqliteEngine, type Engine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../support/files.ts';
import { runMain } from '../support/in-process-cli.ts';
import { ADMIN_SECRET } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Issue 20 item 6: a legitimate VRS file is not refused for a number that only looks like a My Number. 証明書ID and
 * 証明書発行年月日 are not read; 接種券番号 is validated by its own format; every other column, kept or dropped, is
 * still scanned and a hit names the column.
 */
const dir = tempDir();
const lookalike = (first11: string) => `${first11}${myNumberCheckDigit(first11)}`;
const CERT_ID = lookalike('98765432109'); // a 12-digit 証明書ID that happens to pass the check digit
const TICKET = lookalike('20250000001'); // a 12-digit 接種券番号 that happens to pass it too
const HEADER = ['自治体コード', '接種券番号', '氏名', '氏名カナ', '生年月日', '性別', '接種日', '接種回数', 'ワクチンメーカー', 'ロット番号', '証明書ID', '証明書発行年月日'];
const row = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    自治体コード: TENANT, 接種券番号: TICKET, 氏名: '試験 一郎', 氏名カナ: 'シケン イチロウ', 生年月日: '1950-05-01', 性別: '1', 接種日: '2025-10-20',
    接種回数: '1', ワクチンメーカー: 'ファイザー', ロット番号: 'FA1234', 証明書ID: CERT_ID, 証明書発行年月日: '2025-10-21',
  };
  return HEADER.map((h) => over[h] ?? base[h]!);
};

async function city(name: string): Promise<{ engine: Engine; db: string }> {
  const db = join(dir, `${name}.db`);
  const engine = await openSqliteEngine({ file: db, tenant: TENANT, create: true, clock: steppingClock(new Date('2026-01-10T00:00:00Z')), authenticator: hostAuthenticated });
  await engine.initTenant('admin.sato', { secret: ADMIN_SECRET }); // the CLI authenticates by it
  await engine.session('admin.sato', 'registration').importRegistry(csvBytes([
    REGISTRY_HEADER, registryRow({ id: TICKET, kana: 'シケン イチロウ', kanji: '試験 一郎', birth: '1950-05-01', sex: '1', address: '仙台市青葉区1' }),
  ]), { fileName: 'registry.csv' });
  return { engine, db };
}

describe('VRS: a number that only looks like a My Number (issue 20 item 6)', () => {
  it('imports a file whose 証明書ID and 接種券番号 pass the check digit: the first is not read, the second has its own format', async () => {
    expect(isValidMyNumber(CERT_ID) && isValidMyNumber(TICKET)).toBe(true);
    const { engine } = await city('lookalike');
    const clerk = engine.session('admin.sato', 'registration');
    const summary = await clerk.importVrs(csvBytes([HEADER, row()]), { fileName: 'vrs.csv' });
    expect(summary).toMatchObject({ rows: 1, events: 1, held: 0 });
    expect(summary.droppedItems).toEqual(expect.arrayContaining(['氏名', '証明書ID', '証明書発行年月日']));
    expect((await clerk.viewLedger(TICKET)).records.map((r) => [r.fields.lot, r.source])).toEqual([['FA1234', 'vrs']]);
    await engine.close();
  });

  it('still scans every other column, kept or dropped, and names the column of a hit', async () => {
    const { engine } = await city('scanned');
    const clerk = engine.session('admin.sato', 'registration');
    for (const [column, value] of [['ロット番号', `${CERT_ID.slice(0, 4)} ${CERT_ID.slice(4, 8)} ${CERT_ID.slice(8)}`], ['氏名', `試験 ${CERT_ID}`]] as const) {
      const refused = await clerk.importVrs(csvBytes([HEADER, row({ [column]: value })]), { fileName: `vrs-${column}.csv` }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ImportRejectedError);
      expect((refused as ImportRejectedError).errors).toEqual([expect.objectContaining({ line: 2, item: column, message: expect.stringContaining('個人番号') })]);
      expect(JSON.stringify((refused as ImportRejectedError).errors)).not.toContain(CERT_ID.slice(0, 4));
    }
    // A 接種券番号 not of its format is an error of that column (the format, not the scan, decides).
    const badTicket = await clerk.importVrs(csvBytes([HEADER, row({ 接種券番号: `${TICKET} 1` })]), { fileName: 'vrs-ticket.csv' }).catch((e: unknown) => e);
    expect((badTicket as ImportRejectedError).errors).toEqual([expect.objectContaining({ item: '接種券番号' })]);
    await engine.close();
  });

  it('import vrs accepts --mapping: a vendor header mapped, a column declared of the 接種券番号 format', async () => {
    const { engine, db } = await city('mapping');
    await engine.close();
    const vendorHeader = HEADER.map((h) => (h === '接種券番号' ? '券番号（旧）' : h));
    const file = join(dir, 'vrs-vendor.csv');
    writeFileSync(file, csvBytes([[...vendorHeader, '予備番号'], [...row(), CERT_ID]]));
    const mapping = join(dir, 'vrs-map.json');
    writeFileSync(mapping, JSON.stringify({ version: 1, headers: { '券番号（旧）': '接種券番号' }, ignore: ['予備番号'], formats: { 予備番号: '接種券番号' } }));
    const withoutMapping = await runMain(['import', 'vrs', file, '--db', db, '--operator', 'admin.sato']);
    expect(withoutMapping.code).toBe(2);
    const imported = await runMain(['import', 'vrs', file, '--db', db, '--operator', 'admin.sato', '--mapping', mapping, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 1, events: 1, held: 0 });
  });
});
