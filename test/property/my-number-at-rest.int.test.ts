import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { myNumberCheckDigit } from '@vaxledger/domain';
import { csvBytes, REGISTRY_HEADER, registryRow, SLIP_HEADER, slipRow } from '../support/files.ts';
import { runMain } from '../support/in-process-cli.ts';
import { filesOf, tracesFound } from '../support/my-number-scan.ts';
import { tempDir } from '../support/temp.ts';

/**
 * Issue 19 item 6, as a property: a random valid My Number, in any spelling a person writes, pushed through any CLI
 * flag or argument or any file column, leaves nothing in the database, its WAL, its key file, any export or the
 * output: neither the number in any spelling nor its unkeyed SHA-256, SHA-1 or MD5 (hex or base64). The CLI's
 * `main(argv)` runs in this process (a process start per run would take minutes).
 *
 * Not pushed: columns and arguments of a known id format (整理番号, 接種券番号, 統合宛名番号, the resident argument,
 * --resident, --match), which keep their own validation by design: a city's 12-digit 整理番号 passes the check digit
 * one time in eleven. A typed resident id holding one is still pushed where it names nobody (ledger, oplog --resident).
 */
const root = tempDir();
const store = join(root, 'store');
const inputs = join(root, 'inputs');
mkdirSync(store);
mkdirSync(inputs);
const db = join(store, 'city.db');

const myNumber = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 }).map((h) => h + String(myNumberCheckDigit(h)));
const wide = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const group = (n: string, sep: string) => [n.slice(0, 4), n.slice(4, 8), n.slice(8)].join(sep);
const SPELLINGS: ReadonlyArray<(n: string) => string> = [
  (n) => n, (n) => group(n, ' '), (n) => group(n, '-'), (n) => group(n, '.'), (n) => wide(n), (n) => group(wide(n), '　'),
  (n) => group(wide(n), '－'), (n) => `番号${n}を確認`, (n) => `memo ${group(n, '-')} end`,
];

let counter = 0;
const file = (name: string, bytes: Uint8Array | string) => {
  const path = join(inputs, `${++counter}-${name}`);
  writeFileSync(path, bytes);
  return path;
};
const RECORD = ['record', '100001', '--vaccine', 'hib', '--dose', '1', '--date', '2020-06-01', '--identity-document', '母子健康手帳'];
const SLIP = { id: '100001', kana: 'シケン タロウ', birth: '2020-04-01', sex: '1', vaccine: 'hib', dose: '1', date: '2020-06-01' } as const;
const REGISTRY = { id: '100002', kana: 'シケン ハナコ', kanji: '試験 花子', birth: '2021-04-01', sex: '2', address: '仙台市青葉区2' };
const VRS_HEADER = ['自治体コード', '接種券番号', '氏名', '氏名カナ', '生年月日', '性別', '接種日', '接種回数', 'ワクチンメーカー', 'ロット番号', '接種会場コード'];
const VRS_ROW = ['041009', '100001', '試験 太郎', 'シケン タロウ', '2020-04-01', '1', '2021-10-20', '1', 'ファイザー', 'FA1', '001'];
const KNOWN_FORMAT_COLUMNS = new Set(['整理番号', '接種券番号', '統合宛名番号']);

/** Each channel turns a spelled number into one CLI run: the flags and arguments, then each column of each file. */
type Channel = (s: string) => string[];
const FLAG_CHANNELS: Channel[] = [
  (s) => ['erase', '100001', '--reason', s],
  (s) => ['operator', 'deactivate', 'clerk.ito', '--reason', s],
  (s) => ['operator', 'add', `op${s}`, '--roles', 'inquiry', '--purposes', 'inquiry'],
  (s) => ['operator', 'grant', `op${s}`, '--roles', 'inquiry'],
  (s) => [...RECORD, '--lot', s],
  (s) => [...RECORD, '--product', s],
  (s) => [...RECORD, '--clinic', s],
  (s) => ['record', '100001', '--vaccine', 'hib', '--dose', '1', '--date', '2020-06-01', '--identity-document', s],
  (s) => ['certificate', '100001', '--identity-document', s],
  (s) => ['request', 'lodge', '--resident', '100001', '--kind', 'disclosure', '--received', '2026-04-01', '--summary', s],
  (s) => ['request', 'extend', '00000000-0000-4000-8000-000000000000', '--until', '2026-05-01', '--reason', s],
  (s) => ['suspense', 'resolve', '00000000-0000-4000-8000-000000000000', '--reject', s],
  (s) => ['oplog', '--resident', s],
  (s) => ['oplog', '--by-operator', s],
  (s) => ['ledger', s],
  (s) => ['ledger', s, '--as-of', s],
  (s) => ['eligible', '--vaccine', 'mr', '--dose', '1', '--date', '2026-06-30', '--ward', s],
  (s) => ['stats', '--fiscal-year', s],
  (s) => ['copy', 'export', '--out', join(store, `copy-${s}.csv`)],
  (s) => ['import', 'slips', file(`slips-${s}.csv`, csvBytes([SLIP_HEADER, slipRow(SLIP)]))],
  (s) => ['import', 'registry', file('registry.csv', csvBytes([REGISTRY_HEADER, registryRow(REGISTRY)])), '--mapping', file(`map-${s}.json`, '{"version":1}')],
  (s) => ['import', 'vrs', file('vrs.csv', csvBytes([VRS_HEADER, VRS_ROW])), '--encoding', s],
];
const columnChannels = (kind: string, header: readonly string[], row: readonly string[]): Channel[] =>
  header.flatMap((h, i) => (KNOWN_FORMAT_COLUMNS.has(h) ? [] : [(s: string) => ['import', kind, file(`${kind}.csv`, csvBytes([header, row.map((c, j) => (j === i ? s : c))], 'utf-8'))]]));
const CHANNELS: Channel[] = [
  ...FLAG_CHANNELS,
  ...columnChannels('slips', SLIP_HEADER, slipRow(SLIP)),
  ...columnChannels('registry', [...REGISTRY_HEADER, '統合宛名番号', '電話番号', '方書'], [...registryRow(REGISTRY), 'K-1', '022-000-0000', '']),
  ...columnChannels('vrs', VRS_HEADER, VRS_ROW),
];

const used: string[] = [];
const outputs: string[] = [];

function traces(numbers: readonly string[]): string[] {
  const files = filesOf(store);
  const places = { ...files, 'file names': readdirSync(store).join('\n'), 'stdout/stderr': outputs.join('\n') };
  return numbers.flatMap((n) => tracesFound(n, places));
}

beforeAll(async () => {
  expect((await runMain(['init', '--db', db, '--tenant', '041009', '--admin', 'admin.sato'])).code).toBe(0);
  const admin = (args: string[]) => runMain([...args, '--db', db, '--operator', 'admin.sato']);
  expect((await admin(['import', 'registry', file('registry.csv', csvBytes([REGISTRY_HEADER, registryRow({ ...REGISTRY, id: '100001', kana: 'シケン タロウ', kanji: '試験 太郎', birth: '2020-04-01', sex: '1' })]))])).code).toBe(0);
  expect((await admin(['operator', 'add', 'clerk.ito', '--roles', 'registration', '--purposes', 'registration'])).code).toBe(0);
});

describe('no My Number at rest, whatever the channel or spelling (issue 19 item 6)', () => {
  it(`${CHANNELS.length} channels × ${SPELLINGS.length} spellings: nothing in the store, its exports or the output`, async () => {
    await fc.assert(
      fc.asyncProperty(myNumber, fc.nat(CHANNELS.length - 1), fc.nat(SPELLINGS.length - 1), fc.boolean(), async (n, c, sp, unknownOperator) => {
        used.push(n);
        const args = CHANNELS[c]!(SPELLINGS[sp]!(n));
        const r = await runMain([...args, '--db', db, '--operator', unknownOperator ? n : 'admin.sato']);
        outputs.push(r.stdout, r.stderr);
        // Refused (2) or denied (3), except a filter of the log that names nobody (it shows nothing, keeps nothing).
        if (!(args[0] === 'oplog' && args[1] === '--resident')) expect([2, 3]).toContain(r.code);
        expect(traces([n])).toEqual([]);
      }),
      { numRuns: 150 },
    );
    // Every channel at least once, each in one spelling, then a full export of what the store holds: none of them.
    for (let c = 0; c < CHANNELS.length; c++) {
      const n = `${String(10_000_000_000 + c * 7919).slice(0, 11)}`;
      const number = n + String(myNumberCheckDigit(n));
      used.push(number);
      const args = CHANNELS[c]!(SPELLINGS[c % SPELLINGS.length]!(number));
      const r = await runMain([...args, '--db', db, '--operator', 'admin.sato']);
      outputs.push(r.stdout, r.stderr);
      expect(traces([number]), args.slice(0, 2).join(' ') + ` (channel ${c})`).toEqual([]);
    }
    const exported = await runMain(['copy', 'export', '--full', '--out', join(store, 'full-copy.csv'), '--db', db, '--operator', 'admin.sato']);
    outputs.push(exported.stdout, exported.stderr);
    expect(exported.code).toBe(0);
    const log = await runMain(['oplog', '--json', '--db', db, '--operator', 'admin.sato']);
    outputs.push(log.stdout, log.stderr);
    expect(traces(used)).toEqual([]);
  }, 120_000);
});
