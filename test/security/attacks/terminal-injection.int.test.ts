import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeControlCharacters, findControlCharacter } from '@vaxledger/domain';
import { renderLedger } from '../../../packages/cli/src/render/ledger.ts';
import { runCli } from '../../support/child.ts';
import { tempDir } from '../../support/temp.ts';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../../support/files.ts';

// Issue 19 item 11: control characters in stored text, ids and reasons reached the terminal raw: an escape sequence
// in a name cleared the clerk's screen, and an operator id with a line break forged a line of `oplog`'s output.
const ESC = '\u001b';
const CSI_8BIT = '\u009b'; // C1: ESC [ in one character
const RLO = '\u202e'; // right-to-left override
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/; // anything but \n

const admin = ['--operator', 'admin.sato'];

describe('terminals are safe (issue 19 item 11)', () => {
  const dir = tempDir();
  const db = join(dir, 'terminal.db');
  const at = (name: string) => join(dir, name);
  const good = registryRow({ id: '000101', kana: 'サトウ ハルト', kanji: '佐藤 陽翔', birth: '2025-04-02', sex: '1', address: '仙台市青葉区1' });

  it('refuses control characters in import cells, naming file, line and item, never echoing them', async () => {
    expect((await runCli(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
    const cases: [string, (readonly string[])[], RegExp][] = [
      ['esc.csv', [REGISTRY_HEADER, good, registryRow({ id: '000102', kana: 'スズキ', kanji: `鈴木${ESC}[2J`, birth: '2025-05-20', sex: '2', address: '仙台市' })], /esc\.csv:3:3: 漢字氏名: .*control character \(U\+001B\)/],
      ['rlo.csv', [REGISTRY_HEADER, registryRow({ id: '000103', kana: 'タナカ', kanji: '田中', birth: '2025-05-20', sex: '2', address: `仙台市${RLO}1-2` })], /rlo\.csv:2:7: 住所: .*U\+202E/],
      ['c1.csv', [REGISTRY_HEADER, registryRow({ id: '000104', kana: `タナカ${CSI_8BIT}`, kanji: '田中', birth: '2025-05-20', sex: '2', address: '仙台市' })], /c1\.csv:2:2: カナ氏名: .*U\+009B/],
      ['newline.csv', [REGISTRY_HEADER, registryRow({ id: '000105', kana: 'タナカ', kanji: '田中', birth: '2025-05-20', sex: '2', address: '仙台市\n0 allowed' })], /newline\.csv:2:7: 住所: .*U\+000A/],
    ];
    for (const [name, rows, expected] of cases) {
      writeFileSync(at(name), csvBytes(rows, 'utf-8'));
      const r = await runCli(['import', 'registry', at(name), '--db', db, ...admin]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toMatch(RAW);
    }
    writeFileSync(at('slips.csv'), csvBytes([SLIP_HEADER, slipRow({ id: '000101', kana: 'サトウ ハルト', birth: '2025-04-02', sex: '1', vaccine: 'hib', dose: '1', date: '2025-06-05', remarks: `母${ESC}]0;pwned${'\u0007'}` })], 'utf-8'));
    const slips = await runCli(['import', 'slips', at('slips.csv'), '--db', db, ...admin]);
    expect(slips.code).toBe(2);
    expect(slips.stderr).toMatch(/slips\.csv:2:14: 備考: .*U\+001B/);
    expect(slips.stderr).not.toMatch(RAW);
  }, 240_000);

  it('refuses control characters in flags that are stored (lot, reasons) and names the field', async () => {
    writeFileSync(at('good.csv'), csvBytes([REGISTRY_HEADER, good]));
    expect((await runCli(['import', 'registry', at('good.csv'), '--db', db, ...admin])).code).toBe(0);
    const lot = await runCli(['record', '000101', '--vaccine', 'bcg', '--dose', '1', '--date', '2025-09-01', '--identity-document', '母子健康手帳', '--lot', `L1${ESC}[8m`, '--db', db, ...admin]);
    expect(lot.code).toBe(2);
    expect(lot.stderr).toMatch(/lot: .*control character \(U\+001B\)/);
    expect(lot.stderr).not.toMatch(RAW);
    const erase = await runCli(['erase', '000101', '--reason', `誤登録\r0 allowed`, '--db', db, ...admin]);
    expect(erase.code).toBe(2);
    expect(erase.stderr).toMatch(/reason: .*U\+000D/);
    const ledger = await runCli(['ledger', '000101', '--db', db, ...admin]);
    expect(ledger.code).toBe(0); // nothing of the refused calls landed
    expect(ledger.stdout).toContain('(接種記録なし)');
  }, 240_000);

  it('never lets an invalid operator id forge a line of the operation log, nor reach the terminal raw', async () => {
    const forged = `x\n       1  2020-01-01T00:00:00.000Z  admin.sato       audit         ledger.view          000101     allowed${ESC}[2K`;
    const denied = await runCli(['ledger', '000101', '--db', db, '--operator', forged], { VAXLEDGER_SECRET: 'guess' });
    expect(denied.code).toBe(3);
    expect(denied.stderr).not.toMatch(RAW);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);
    expect(denied.stderr).not.toContain('2020-01-01');
    const text = await runCli(['oplog', '--db', db, ...admin]);
    const json = await runCli(['oplog', '--db', db, ...admin, '--json']);
    expect(text.code).toBe(0);
    const entries = JSON.parse(json.stdout) as { operator: string }[];
    // One printed line per entry (the oplog read itself is the one more entry the JSON call sees).
    expect(text.stdout.trimEnd().split('\n')).toHaveLength(entries.length - 1);
    expect(text.stdout).not.toMatch(RAW);
    expect(text.stdout).not.toContain('2020-01-01');
    expect(entries.map((e) => e.operator).join(' ')).not.toContain('2020-01-01');
  }, 240_000);

  it('escapes a stored value that holds one (a store written before the guard) in every text renderer', () => {
    expect(escapeControlCharacters(`a${ESC}[2Jb${CSI_8BIT}c${RLO}d\ne`)).toBe('a<U+001B>[2Jb<U+009B>c<U+202E>d<U+000A>e');
    expect(findControlCharacter('佐藤 陽翔')).toBeNull();
    const view = {
      residentId: '000101',
      resident: { kanjiName: `佐藤${ESC}[2J`, kanaName: `サトウ${RLO}`, birthDate: '2025-04-02', sex: 'male', address: `仙台市\n偽の行`, status: 'registered' },
      records: [{
        fields: { vaccine: 'bcg', dose: 1, date: '2025-09-01', category: 'routine', lot: `L${CSI_8BIT}1` }, source: 'counter', status: 'active', warnings: [],
        history: [{ kind: 'recorded' }, { kind: 'corrected', at: '2025-09-02', operatorId: 'admin.sato', reason: `誤記${ESC}]0;x` }],
      }],
    } as unknown as Parameters<typeof renderLedger>[0];
    const out = renderLedger(view);
    expect(out).not.toMatch(RAW);
    expect(out).toContain('仙台市<U+000A>偽の行');
    expect(out.split('\n').some((l) => l.startsWith('偽の行'))).toBe(false);
  });
});
