import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { formatIsoDate, hostAuthenticated, parseIsoDate } from '@vaxledger/domain';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

/** Today in Japan, as the engine dates a letter (the CLI runs on the real clock). */
const japanToday = (): string => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

const STAY = { address: '福岡県福岡市中央区試験町9-9-9 実家方', postalCode: '810-0099', phone: '092-555-0199' };

/** Every way the stay could sit in a file in clear: its UTF-8 bytes, UTF-16, and JSON's \u escapes of its kanji. */
function clearForms(text: string): Buffer[] {
  const escaped = [...text].map((c) => (c.charCodeAt(0) > 0x7f ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(escaped), Buffer.from(escaped.toUpperCase())];
}

/** The files of the store (the database, its WAL and shared memory, the key file) that hold any of `texts` in clear. */
function filesHolding(dir: string, texts: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, name));
    for (const text of texts) if (clearForms(text).some((form) => bytes.includes(form))) found.push(`${name}: ${text.slice(0, 4)}…`);
  }
  return found;
}

describe('request letters (依頼書) on the command line', () => {
  it('lodge → issue → record → reimburse: the outside dose on the ledger, every step in the operation log, the stay never in clear at rest', async () => {
    const dir = tempDir();
    const db = join(dir, 'letters.db');
    const today = japanToday();
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const { secret: inquirySecret } = await engine.session('admin.sato', 'administration').registerOperator('inquiry.kato', ['inquiry'], ['inquiry', 'registration']);
    // Three months old today: Hib's first dose is due.
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1, { birthDate: formatIsoDate(parseIsoDate(today)! - 90) }));
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato'];

    const lodged = await runCli(['letters', 'lodge', '000001', '--vaccine', 'ヒブ', '--dose', '1', '--stay-address', STAY.address, '--stay-postal-code', STAY.postalCode,
      '--stay-phone', STAY.phone, '--reason', '里帰り出産', '--clinic-name', '試験こどもクリニック', '--return-by', 'clinic', ...as, '--json']);
    expect(lodged.stderr).toBe('');
    expect(lodged.code).toBe(0);
    const step = JSON.parse(lodged.stdout) as { letterId: string };
    expect(JSON.parse(lodged.stdout)).toEqual({ letterId: step.letterId, residentId: '000001', vaccine: 'hib', dose: 1, status: 'lodged' });
    const id = step.letterId;

    // out of order: no dose before the letter is issued, no reimbursement before the dose
    const early = await runCli(['letters', 'record', id, '--date', today, '--lot', 'HB001', ...as]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('not issued yet');
    expect((await runCli(['letters', 'reimburse', id, '--amount', '8800', '--paid', today, ...as])).code).toBe(2);
    // a dose the schedule does not have is refused at lodging
    expect((await runCli(['letters', 'lodge', '000001', '--vaccine', 'hib', '--dose', '9', '--stay-address', STAY.address, '--reason', '里帰り出産', '--clinic-name', '試験', ...as])).code).toBe(2);

    const csv = await runCli(['letters', 'issue', id, '--document-number', '健第123号', '--approval-number', 'K-2026-0042', '--contact', '予防接種係 022-000-0000', ...as, '--csv']);
    expect(csv.code).toBe(0);
    const [header, row, end] = csv.stdout.split('\r\n');
    expect(header).toBe('依頼書番号,送付先名,文書番号,起案番号,発行日,連絡先,氏名,氏名カナ,生年月日,接種名称,期回数,滞在先郵便番号,滞在先住所,滞在先電話番号,依頼書発行理由,予診票写しの宛先,返送区分,発行回数,再発行理由');
    expect(row).toBe([id, '試験こどもクリニック', '健第123号', 'K-2026-0042', today, '予防接種係 022-000-0000', '試験 太郎1', 'シケン タロウ1', formatIsoDate(parseIsoDate(today)! - 90),
      'ヒブ (Hib)', '第1回', STAY.postalCode, STAY.address, STAY.phone, '里帰り出産', '発行元 (予防接種担当課)', '医療機関から返送', '1', ''].join(','));
    expect(end).toBe('');
    // issued once: again only with a reason, and then the text says so
    const twice = await runCli(['letters', 'issue', id, '--document-number', '健第124号', '--approval-number', 'K-2026-0043', ...as]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('--reissue');
    const reissued = await runCli(['letters', 'issue', id, '--document-number', '健第124号', '--approval-number', 'K-2026-0043', '--reissue', '紛失', ...as]);
    expect(reissued.code).toBe(0);
    expect(reissued.stdout).toContain('予防接種実施依頼書 (再発行 2回目: 紛失)');
    expect(reissued.stdout).toContain(`滞在先 〒${STAY.postalCode} ${STAY.address}  電話 ${STAY.phone}`);
    expect(reissued.stdout).toContain('送付先 試験こどもクリニック 御中');

    const recorded = await runCli(['letters', 'record', id, '--date', today, '--lot', 'HB001', '--clinic-no', '4012345678', ...as, '--json']);
    expect(recorded.code).toBe(0);
    const dose = JSON.parse(recorded.stdout) as { recordId: string; routine: boolean; category: string };
    expect(dose).toMatchObject({ letterId: id, residentId: '000001', status: 'recorded', routine: true, category: 'routine' });
    expect((await runCli(['letters', 'record', id, '--date', today, '--lot', 'HB001', ...as])).code).toBe(2); // once
    const ledger = JSON.parse((await runCli(['ledger', '000001', ...as, '--purpose', 'registration', '--json'])).stdout) as { records: Array<{ recordId: string; source: string; fields: { vaccine: string; dose: number; lot: string } }> };
    expect(ledger.records).toEqual([expect.objectContaining({ recordId: dose.recordId, source: 'outside', fields: expect.objectContaining({ vaccine: 'hib', dose: 1, lot: 'HB001', date: today }) })]);
    expect((await runCli(['ledger', '000001', ...as, '--purpose', 'registration'])).stdout).toContain('市外接種 (依頼書)');

    expect((await runCli(['letters', 'reimburse', id, '--amount', '0', '--paid', today, ...as])).code).toBe(2);
    expect((await runCli(['letters', 'reimburse', id, '--amount', '88.5', '--paid', today, ...as])).code).toBe(2);
    const paid = await runCli(['letters', 'reimburse', id, '--amount', '8800', '--paid', today, ...as]);
    expect(paid.code).toBe(0);
    expect(paid.stdout).toContain('償還払い 8,800円');
    expect((await runCli(['letters', 'reimburse', id, '--amount', '8800', '--paid', today, ...as])).code).toBe(2); // once

    expect((await runCli(['letters', 'list', '--open', ...as])).stdout).toBe('(依頼書なし)\n');
    const listed = JSON.parse((await runCli(['letters', 'list', ...as, '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(listed).toEqual([expect.objectContaining({ letterId: id, status: 'reimbursed', stayAddress: STAY.address, recordId: dose.recordId, amount: 8800, paidOn: today })]);
    expect((listed[0]!.issues as unknown[]).length).toBe(2);

    // an operator without the role is denied (exit 3), and the denial is on the record
    const denied = await runCli(['letters', 'list', '--db', db, '--operator', 'inquiry.kato', '--purpose', 'registration'], { VAXLEDGER_SECRET: inquirySecret! });
    expect(denied.code).toBe(3);
    expect(denied.stdout).toBe('');

    const log = JSON.parse((await runCli(['oplog', ...as, '--purpose', 'audit', '--json'])).stdout) as Array<{ action: string; outcome: string; operator: string; resident?: string; items: string[] }>;
    const letterEntries = log.filter((e) => e.action.startsWith('letter.')).map((e) => `${e.action}:${e.outcome}`);
    expect(letterEntries).toEqual([
      'letter.lodge:allowed', 'letter.record:rejected', 'letter.reimburse:rejected', 'letter.lodge:rejected',
      'letter.issue:allowed', 'letter.issue:allowed', 'letter.issue:rejected', 'letter.issue:allowed', 'letter.issue:allowed',
      'letter.record:allowed', 'letter.record:rejected',
      'letter.reimburse:rejected', 'letter.reimburse:rejected', 'letter.reimburse:allowed', 'letter.reimburse:rejected',
      'letter.list:allowed', 'letter.list:allowed', 'letter.list:denied',
    ]);
    expect(log.find((e) => e.action === 'letter.list' && e.outcome === 'denied')).toMatchObject({ operator: 'inquiry.kato' });
    expect(log.find((e) => e.action === 'letter.reimburse' && e.outcome === 'allowed')).toMatchObject({ resident: '000001', items: ['amount', 'paidOn'] });
    expect(log.find((e) => e.action === 'vaccination.record')).toMatchObject({ resident: '000001' });
    // the log names items, never their values
    expect(JSON.stringify(log)).not.toContain(STAY.address);

    // the stay is sealed: not in the database, its WAL or the key file, in any spelling
    expect(filesHolding(dir, [STAY.address, STAY.phone, STAY.postalCode, '試験こどもクリニック'])).toEqual([]);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);

    // erased with the person: the letter leaves the list, and the log keeps its entries
    expect((await runCli(['erase', '000001', '--reason', '消去の申出', ...as])).code).toBe(0);
    expect(JSON.parse((await runCli(['letters', 'list', ...as, '--json'])).stdout)).toEqual([]);
    expect((await runCli(['letters', 'issue', id, '--document-number', '健第125号', '--approval-number', 'K-2026-0044', '--reissue', '再', ...as])).code).toBe(2);
    const after = JSON.parse((await runCli(['oplog', ...as, '--purpose', 'audit', '--json'])).stdout) as Array<{ action: string }>;
    expect(after.filter((e) => e.action === 'letter.reimburse').length).toBe(log.filter((e) => e.action === 'letter.reimburse').length);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(30));
});
