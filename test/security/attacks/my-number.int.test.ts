import { describe, expect, it, beforeAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostAuthenticated, myNumberCheckDigit } from '@vaxledger/domain';
import { openSqliteEngine } from '@vaxledger/adapters';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../../support/files.ts';
import { runMain } from '../../support/in-process-cli.ts';
import { filesOf, tracesFound } from '../../support/my-number-scan.ts';
import { tempDir } from '../../support/temp.ts';

/**
 * Issue 19 item 6: a My Number never reaches the store, in clear or sealed, through any channel the first attack
 * used: operator ids, an unknown --operator, oplog --resident, a denied ledger, erase/deactivate reasons, an import
 * file's name, a mapping that exempts a column, and free text (備考, lot) in the spellings a person writes.
 */
const MY_NUMBER = `12345678901${myNumberCheckDigit('12345678901')}`; // 123456789018
const SPACED = '1234 5678 9018';
const HYPHENED = '1234-5678-9018';
const WIDE = '１２３４５６７８９０１８';
const WIDE_HYPHENED = '１２３４－５６７８－９０１８';

const root = tempDir();
const store = join(root, 'store'); // the database, its WAL, its key file, exports: scanned byte for byte
const inputs = join(root, 'inputs'); // files handed to the CLI (they hold the number on purpose)
mkdirSync(store);
mkdirSync(inputs);
const db = join(store, 'city.db');
const outputs: string[] = [];
const as = (args: string[], env?: Record<string, string>) => runMain([...args, '--db', db], env).then((r) => (outputs.push(r.stdout, r.stderr), r));
const admin = (args: string[]) => as([...args, '--operator', 'admin.sato']);
const input = (name: string, bytes: Uint8Array | string) => {
  const path = join(inputs, name);
  writeFileSync(path, bytes);
  return path;
};

function expectNoTrace(): void {
  const places: Record<string, Buffer | string> = { ...filesOf(store), 'stdout/stderr': outputs.join('\n') };
  expect(tracesFound(MY_NUMBER, places)).toEqual([]);
}

beforeAll(async () => {
  expect((await runMain(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
  const registry = input('registry.csv', csvBytes([REGISTRY_HEADER, registryRow({ id: '100001', kana: 'シケン タロウ', kanji: '試験 太郎', birth: '2020-04-01', sex: '1', address: '仙台市青葉区1' })]));
  expect((await admin(['import', 'registry', registry])).code).toBe(0);
  expect((await admin(['operator', 'add', 'clerk.ito', '--roles', 'registration', '--purposes', 'registration'])).code).toBe(0);
});

describe('a My Number never reaches the store (issue 19 item 6)', () => {
  it('an operator id holding one is refused; an unknown --operator holding one is denied and logged with a placeholder', async () => {
    const add = await admin(['operator', 'add', `op${MY_NUMBER}`, '--roles', 'inquiry', '--purposes', 'inquiry']);
    expect(add.code).toBe(2);
    expect(add.stderr).toMatch(/<id>.*個人番号/);
    const init = await runMain(['init', '--db', join(store, 'other.db'), '--tenant', '041009', '--admin', `a${MY_NUMBER}`]);
    outputs.push(init.stdout, init.stderr);
    expect(init.code).toBe(2);
    for (const operator of [MY_NUMBER, HYPHENED, `op${MY_NUMBER}`]) {
      const denied = await as(['ledger', '100001', '--operator', operator]);
      expect(denied.code).toBe(3);
    }
    const log = await admin(['oplog', '--outcome', 'denied', '--json']);
    const entries = JSON.parse(log.stdout) as Array<{ operator: string; reason: string }>;
    expect(entries.filter((e) => e.reason === 'unknown-operator').map((e) => e.operator)).toEqual(Array(3).fill('(an id holding a 個人番号)'));
    expectNoTrace();
  });

  it('oplog --resident and a denied ledger of one leave no trace of it', async () => {
    expect((await admin(['oplog', '--resident', MY_NUMBER])).code).toBe(0);
    expect((await admin(['oplog', '--resident', MY_NUMBER, '--tail', '5'])).code).toBe(0);
    expect((await as(['ledger', MY_NUMBER, '--operator', 'ghost.user'])).code).toBe(3);
    expect((await as(['ledger', MY_NUMBER, '--operator', 'admin.sato'], { VAXLEDGER_SECRET: 'a-wrong-secret' })).code).toBe(3);
    expect((await admin(['ledger', MY_NUMBER])).code).toBe(2); // not registered
    expectNoTrace();
  });

  it('reasons and other free-text flags holding one are refused (exit 2), naming the flag', async () => {
    const cases: Array<[string[], string]> = [
      [['erase', '100001', '--reason', `本人申出 ${SPACED}`], '--reason'],
      [['operator', 'deactivate', 'clerk.ito', '--reason', WIDE_HYPHENED], '--reason'],
      [['record', '100001', '--vaccine', 'hib', '--dose', '1', '--date', '2020-06-01', '--identity-document', '母子健康手帳', '--lot', HYPHENED], '--lot'],
      [['record', '100001', '--vaccine', 'hib', '--dose', '1', '--date', '2020-06-01', '--identity-document', `個人番号カード ${WIDE}`], '--identity-document'],
      [['request', 'lodge', '--resident', '100001', '--kind', 'disclosure', '--received', '2026-04-01', '--summary', `番号は${MY_NUMBER}`], '--summary'],
      [['oplog', '--by-operator', `op${MY_NUMBER}`], '--by-operator'],
    ];
    for (const [args, flag] of cases) {
      const r = await admin(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(r.stderr).toContain('個人番号');
    }
    expectNoTrace();
  });

  it("an import file's name holding one is refused, on the CLI and through the host's API", async () => {
    const slips = csvBytes([SLIP_HEADER, slipRow({ id: '100001', kana: 'シケン タロウ', birth: '2020-04-01', sex: '1', vaccine: 'hib', dose: '1', date: '2020-06-01' })]);
    const named = await admin(['import', 'slips', input(`slips-${HYPHENED}.csv`, slips)]);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('<file>');
    const engine = await openSqliteEngine({ file: db, authenticator: hostAuthenticated });
    try {
      const refused = await engine.session('admin.sato', 'registration').importSlips(slips, { fileName: `/in/${MY_NUMBER}.csv` }).catch((e: unknown) => e as Error);
      expect(refused).toBeInstanceOf(Error);
      outputs.push(String((refused as Error).message));
      expect((refused as Error).message).toMatch(/file's name.*個人番号/);
      // The zod types guard the host's own calls too: 備考 of a counter record.
      const remarks = await engine.session('admin.sato', 'registration')
        .recordVaccination({ residentId: '100001', vaccine: 'hib', dose: 1, date: '2020-06-01', source: 'counter', remarks: `番号 ${SPACED}` })
        .catch((e: unknown) => e as Error);
      expect(remarks).toBeInstanceOf(Error);
      outputs.push(String((remarks as Error).message));
      expect((remarks as Error).message).toMatch(/remarks: .*個人番号/);
    } finally {
      await engine.close();
    }
    expectNoTrace();
  });

  it('free text in a file (備考, Lot番号) holding one refuses the file, naming the column; a mapping cannot exempt a column', async () => {
    const slip = (lot: string, remarks: string) =>
      csvBytes([SLIP_HEADER, slipRow({ id: '100001', kana: 'シケン タロウ', birth: '2020-04-01', sex: '1', vaccine: 'hib', dose: '1', date: '2020-06-01', lot, remarks })]);
    for (const [name, bytes, column] of [
      ['remarks.csv', slip('LOT1', `確認済 ${WIDE}`), '備考'],
      ['lot.csv', slip('1234.5678.9018', ''), 'Lot番号'],
    ] as const) {
      const r = await admin(['import', 'slips', input(name, bytes)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(column);
    }
    const registry = input('registry-2.csv', csvBytes([[...REGISTRY_HEADER, '備考欄'], [...registryRow({ id: '100002', kana: 'シケン ハナコ', kanji: '試験 花子', birth: '2021-04-01', sex: '2', address: '仙台市青葉区2' }), MY_NUMBER]]));
    for (const mapping of [
      { version: 1, ignore: ['備考欄'], myNumberCheckExempt: ['備考欄'] }, // the old exemption
      { version: 1, headers: { 備考欄: '整理番号' }, myNumberCheckExempt: ['整理番号'] },
      { version: 1, headers: { 備考欄: '方書' }, formats: { 備考欄: '整理番号' } }, // a text item declared an id
    ]) {
      const r = await admin(['import', 'registry', registry, '--mapping', input('map.json', JSON.stringify(mapping))]);
      expect(r.code, JSON.stringify(mapping)).toBe(2);
    }
    expectNoTrace();
  });
});
