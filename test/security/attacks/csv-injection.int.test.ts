import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { neutralizeCell, spreadsheetCsvLine } from '@vaxledger/domain';
import { parseCsv } from '../../../packages/adapters/src/formats/csv.ts';
import { runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow } from '../../support/files.ts';

// Issue 19 item 10: a registry file's name, address or ward went into the eligibility list, the notice list and the
// statistics CSV as it was: `=HYPERLINK(…)` ran as a formula when a clerk opened the list in a spreadsheet.
const FORMULAS = ['=HYPERLINK("http://evil.example/","開く")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', '＝1+1', '＋1'];
const isFormula = (cell: string) => /^[=+\-@\t\r＝＋－＠]/.test(cell);

/** Every cell of every line of a CSV text, as a spreadsheet would see it. */
const cellsOf = (text: string) => {
  const parsed = parseCsv(text);
  expect(parsed.ok).toBe(true);
  return parsed.records.flatMap((r) => r.fields);
};

describe('files written for people are safe to open (issue 19 item 10)', () => {
  it('the shared writer neutralizes every cell a spreadsheet would take as a formula, and nothing else', () => {
    for (const f of FORMULAS) {
      expect(neutralizeCell(f)).toBe(`'${f}`);
      const [cell] = cellsOf(spreadsheetCsvLine([f]));
      expect(isFormula(cell!)).toBe(false);
      expect(cell).toBe(`'${f}`.replace(/\r/g, '\n')); // the reader reads a CR as a line break
    }
    for (const plain of ['佐藤 陽翔', '2025-04-02', '<10', '0.953', '000101', '']) expect(neutralizeCell(plain)).toBe(plain);
  });

  it('eligibility lists, notice lists and statistics carry no live formula; a 副本 refuses a field not in its form', async () => {
    const dir = tempDir();
    const db = join(dir, 'csv.db');
    const as = ['--db', db, '--operator', 'admin.sato'];
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    const file = join(dir, 'registry.csv');
    writeFileSync(file, csvBytes([
      [...REGISTRY_HEADER, '方書', '統合宛名番号'],
      [...registryRow({ id: '000101', kana: '-2+3', kanji: FORMULAS[0]!, birth: '2025-04-02', sex: '1', address: FORMULAS[1]!, ward: '@SUM(1)' }), '＝1+1', 'K-0101'],
    ], 'utf-8'));
    // A machine id that is a formula never gets in: the 統合宛名番号 column is refused by its format, unechoed.
    const formulaId = join(dir, 'registry-formula-id.csv');
    writeFileSync(formulaId, csvBytes([
      [...REGISTRY_HEADER, '統合宛名番号'],
      [...registryRow({ id: '000102', kana: 'サトウ', kanji: '佐藤', birth: '2025-04-02', sex: '1', address: '青葉区', ward: '101' }), '=1+1'],
    ], 'utf-8'));
    const refused = await runCli(['import', 'registry', formulaId, ...as]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('統合宛名番号');
    expect(refused.stderr).not.toContain('=1+1');
    const imported = await runCli(['import', 'registry', file, ...as]);
    expect(imported.code, imported.stderr).toBe(0);

    const list = await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', '2025-06-05', '--csv', ...as]);
    expect(list.code, list.stderr).toBe(0);
    const listCells = cellsOf(list.stdout);
    expect(listCells).toContain("'@SUM(1)");
    expect(listCells.filter(isFormula)).toEqual([]);

    const notices = await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', '2025-06-05', '--issue', 'guidance', '--csv', ...as]);
    expect(notices.code, notices.stderr).toBe(0);
    const noticeCells = cellsOf(notices.stdout);
    expect(noticeCells).toEqual(expect.arrayContaining([`'${FORMULAS[0]}`, `'${FORMULAS[1]}`, "'-2+3", "'＝1+1"]));
    expect(noticeCells.filter(isFormula)).toEqual([]);

    expect((await runCli(['record', '000101', '--vaccine', 'hib', '--dose', '1', '--date', '2025-06-05', '--identity-document', '母子健康手帳', ...as])).code).toBe(0);
    const stats = await runCli(['stats', '--fiscal-year', '2025', '--csv', ...as]);
    expect(stats.code, stats.stderr).toBe(0);
    const statCells = cellsOf(stats.stdout);
    expect(statCells).toContain("'@SUM(1)");
    expect(statCells.filter(isFormula)).toEqual([]);

    // The 副本 is a machine file: its fields are in their forms, never neutralized (the writer refuses any other, for a store written before imports checked them).
    const out = join(dir, 'copy.csv');
    const copy = await runCli(['copy', 'export', '--out', out, ...as]);
    expect(copy.code, copy.stderr).toBe(0);
    expect(cellsOf(readFileSync(out, 'utf-8')).filter(isFormula)).toEqual([]);
  }, 300_000);
});
