import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import * as openpgp from 'openpgp';
import { parse } from 'csv-parse/sync';
import { openSqliteEngine } from '@vaxledger/adapters';
import { formCheckCharacter, formNumberOf, hostAuthenticated, PRINT_FILE_COLUMNS, PRINT_FILE_ITEMS } from '@vaxledger/domain';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { csvBytes } from '../support/files.ts';

/** A date `days` from today in Japan (YYYY-MM-DD). */
const jstDay = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The print file's decrypted bytes, with the contractor's private key (as the contractor would). */
async function decrypt(armored: string, privateKeyArmored: string): Promise<Uint8Array> {
  const message = await openpgp.readMessage({ armoredMessage: armored });
  const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: privateKeyArmored });
  const { data } = await openpgp.decrypt({ message, decryptionKeys, format: 'binary' });
  return data as Uint8Array;
}

// Issue 24 (contractors and entrustment): a notice run's print file goes to the printing contractor encrypted for its
// key, holding only what printing needs; each handing-over is a provision; the contractor's return marks the forms.
describe('the printing contractor (委託先) on the command line, on a real SQLite file', () => {
  it('exports an encrypted print file, records the entrustment, refuses an ended contract and a second export, imports the return', async () => {
    const dir = tempDir();
    const db = join(dir, 'print.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const clerk = engine.session('admin.sato', 'registration');
    const born = jstDay(-120); // four months old: due for Hib dose 1
    for (const n of [1, 2, 3, 4, 5]) {
      await clerk.registerResident(`00000${n}`, aResident(n, { birthDate: born, becameResidentOn: born, postalCode: '980-0001', addressSupplement: n === 1 ? 'コーポ青葉101' : undefined }));
    }
    await engine.session('admin.sato', 'administration').registerOperator('reg.kato', ['registration'], ['registration', 'notices'], { secret: 'kato-secret-123456' });
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato'];

    // The contractor's key pair, made as the contractor would; the city gets the public half only.
    const pair = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: 'Insatsu KK', email: 'print@example.jp' }], format: 'armored' });
    writeFileSync(join(dir, 'printer.asc'), pair.publicKey);
    writeFileSync(join(dir, 'printer-private.asc'), pair.privateKey);
    const old = await openpgp.generateKey({ userIDs: [{ name: 'Old' }], date: new Date(Date.now() - 10 * 86_400_000), keyExpirationTime: 86_400, format: 'armored' });
    writeFileSync(join(dir, 'expired.asc'), old.publicKey);
    writeFileSync(join(dir, 'garbage.asc'), '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n');

    const add = (id: string, key: string, until = jstDay(60)) => runCli(['contractor', 'add', id, '--name', '印刷株式会社', '--contract-ref', 'R7-契約-12', '--until', until, '--key', join(dir, key), ...as, '--purpose', 'administration', '--json']);
    const privateRefused = await add('printer', 'printer-private.asc');
    expect(privateRefused.code).toBe(2);
    expect(privateRefused.stderr).toContain('private key');
    const expired = await add('printer', 'expired.asc');
    expect(expired.code).toBe(2);
    expect(expired.stderr).toContain('expired');
    expect((await add('printer', 'garbage.asc')).code).toBe(2);
    expect((await add('printer', 'printer.asc', jstDay(-1))).code).toBe(2); // a contract already over
    const added = await add('printer', 'printer.asc');
    expect(added.code).toBe(0);
    const fingerprint = (await openpgp.readKey({ armoredKey: pair.publicKey })).getFingerprint().toUpperCase();
    expect(JSON.parse(added.stdout)).toMatchObject({ contractorId: 'printer', fingerprint, until: jstDay(60), inForce: true });
    expect((await add('printer', 'printer.asc')).code).toBe(2); // registered already
    // A second contractor whose contract ends yesterday.
    expect((await add('oldco', 'printer.asc', jstDay(0))).code).toBe(0);
    expect((await runCli(['contractor', 'end', 'oldco', '--on', jstDay(-1), ...as, '--purpose', 'administration'])).code).toBe(0);

    // The run: five forms; then resident 4 becomes 送付除外, 5 住基閲覧注意, and resident 3's form is reissued.
    const run = await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', jstDay(0), '--issue', 'ticket', ...as, '--json']);
    expect(run.code).toBe(0);
    const { runId, notices } = JSON.parse(run.stdout) as { runId: string; notices: Array<{ residentId: string; formNumber: string }> };
    expect(notices).toHaveLength(5);
    const formOf = (id: string) => notices.find((n) => n.residentId === id)!.formNumber;
    const again = await openSqliteEngine({ file: db, tenant: '041009', authenticator: hostAuthenticated });
    await again.session('admin.sato', 'registration').changeResidentDetails('000004', { mailingExcluded: true });
    await again.session('admin.sato', 'registration').changeResidentDetails('000005', { addressDisclosureRestricted: true });
    await again.close();
    expect((await runCli(['forms', 'reissue', formOf('000003'), '--reason', 'damaged', ...as])).code).toBe(0);

    // The export: encrypted, only the print file's items, the excluded counted by why.
    const out = join(dir, 'print-1.csv.asc');
    const exported = await runCli(['print-export', '--run', runId, '--contractor', 'printer', '--out', out, ...as, '--json']);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const summary = JSON.parse(exported.stdout);
    expect(summary).toMatchObject({ contractorId: 'printer', runId, rows: 2, excluded: { mailingExcluded: 1, addressRestricted: 1, formInvalidated: 1, notTarget: 0 }, fingerprint });
    const fileBytes = readFileSync(out);
    expect(summary.fileHash).toBe(createHash('sha256').update(fileBytes).digest('hex'));
    expect(fileBytes.toString('utf8')).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    // Nothing in clear on disk: not in the file, and no staged file left beside it.
    for (const n of [1, 2, 3, 4, 5]) {
      expect(fileBytes.includes(Buffer.from(`試験 太郎${n}`))).toBe(false);
      expect(fileBytes.includes(iconv.encode(`試験 太郎${n}`, 'cp932'))).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);

    const text = iconv.decode(Buffer.from(await decrypt(fileBytes.toString('utf8'), pair.privateKey)), 'cp932');
    expect(text.split('\r\n')[0]).toBe('予診票番号,チェック文字,郵便番号,住所,氏名,接種名称,期回数,接種期間開始,接種期間終了');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...PRINT_FILE_COLUMNS]);
    expect(rows.map((r) => r['氏名'])).toEqual(['試験 太郎1', '試験 太郎2']);
    expect(rows[0]).toMatchObject({ 予診票番号: formOf('000001').slice(0, 10), チェック文字: formOf('000001')[10], 郵便番号: '980-0001', 住所: '仙台市青葉区試験町1番地　コーポ青葉101' });
    for (const r of rows) {
      expect(r['予診票番号']).toMatch(/^\d{10}$/);
      expect(formCheckCharacter(r['予診票番号']!)).toBe(r['チェック文字']);
      expect(r['接種名称']).not.toBe('');
      expect(r['接種期間開始']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // No item outside the allow-list: no 整理番号, kana, birth date or sex; nobody left out appears.
    for (const n of [1, 2, 3, 4, 5]) {
      expect(text).not.toContain(`シケン タロウ${n}`);
      expect(text).not.toContain(aResident(n).birthDate);
    }
    for (const n of [3, 4, 5]) {
      expect(text).not.toContain(`試験 太郎${n}`);
      expect(text).not.toContain(`試験町${n}番地`);
    }
    expect(text).not.toMatch(/(^|,)00000\d(,|\r)/m);

    // Refused without --again: the same run to the same contractor, and any run to an ended contract (exit 2).
    const second = await runCli(['print-export', '--run', runId, '--contractor', 'printer', '--out', join(dir, 'print-2.asc'), ...as]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already');
    const ended = await runCli(['print-export', '--run', runId, '--contractor', 'oldco', '--out', join(dir, 'print-3.asc'), ...as]);
    expect(ended.code).toBe(2);
    expect(ended.stderr).toContain('ended');
    expect(readdirSync(dir).filter((f) => f.startsWith('print-2') || f.startsWith('print-3'))).toEqual([]);
    const resent = await runCli(['print-export', '--run', runId, '--contractor', 'printer', '--out', join(dir, 'print-4.asc'), '--again', '印刷事故のため再送', ...as]);
    expect(resent.code).toBe(0);
    expect(resent.stdout).toContain('再送: 印刷事故のため再送');
    // Denied to an operator without the notices role (exit 3).
    expect((await runCli(['print-export', '--run', runId, '--contractor', 'printer', '--out', join(dir, 'print-5.asc'), '--db', db, '--operator', 'reg.kato', '--purpose', 'notices'], { VAXLEDGER_SECRET: 'kato-secret-123456' })).code).toBe(3);

    const contractors = JSON.parse((await runCli(['contractor', 'list', ...as, '--purpose', 'administration', '--json'])).stdout);
    expect(contractors).toMatchObject([{ contractorId: 'oldco', inForce: false, endedOn: jstDay(-1), entrustments: 0 }, { contractorId: 'printer', inForce: true, entrustments: 2 }]);

    // The entrustment is in the operation log and in the provisions of each person in the file, and of nobody else.
    const log = JSON.parse((await runCli(['oplog', ...as, '--purpose', 'audit', '--json'])).stdout) as Array<{ action: string; outcome: string; operator: string; items: string[] }>;
    expect(log.filter((e) => e.action === 'print.export' && e.outcome === 'allowed')).toHaveLength(2);
    expect(log.some((e) => e.action === 'print.export' && e.outcome === 'rejected')).toBe(true);
    expect(log.some((e) => e.action === 'print.export' && e.outcome === 'denied' && e.operator === 'reg.kato')).toBe(true);
    expect(log.some((e) => e.action === 'contractor.add')).toBe(true);
    expect(log.some((e) => e.action === 'contractor.view')).toBe(true);
    const provisions = JSON.parse((await runCli(['provisions', '000001', ...as, '--purpose', 'audit', '--json'])).stdout) as { provisions: Array<Record<string, unknown>> };
    const entrusted = provisions.provisions.filter((p) => p.kind === 'entrustment');
    expect(entrusted).toHaveLength(2);
    expect(entrusted[0]).toMatchObject({ recipient: 'contractor', items: [...PRINT_FILE_ITEMS], basis: 'entrustment-66', purpose: 'notices', detail: { contractorId: 'printer', runId } });
    expect(entrusted[1]).toMatchObject({ detail: { again: '印刷事故のため再送' } });
    const shown = await runCli(['provisions', '000001', ...as, '--purpose', 'audit']);
    expect(shown.stdout).toContain('委託先 (印刷・発送)');
    expect(shown.stdout).toContain('個人情報の保護に関する法律第66条');
    for (const id of ['000003', '000004', '000005']) {
      const theirs = JSON.parse((await runCli(['provisions', id, ...as, '--purpose', 'audit', '--json'])).stdout) as { provisions: Array<{ kind: string }> };
      expect(theirs.provisions.filter((p) => p.kind === 'entrustment')).toEqual([]);
    }

    // The contractor's return: mailed, and one come back; twice changes nothing; another file of the same facts neither.
    const f1 = formOf('000001');
    const f2 = formOf('000002');
    const returnFile = join(dir, 'return.csv');
    writeFileSync(returnFile, csvBytes([
      ['予診票番号', '発送日', '不達', '不達理由', '不達日'],
      [f1, jstDay(0), '0', '', ''],
      [f2, jstDay(0), '1', '宛所尋ねあたりません', jstDay(0)],
    ]));
    const imported = await runCli(['print-return', returnFile, ...as, '--json']);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 2, mailed: 2, returned: 1, alreadyImported: false });
    const forms = async () => JSON.parse((await runCli(['forms', 'list', '--run', runId, ...as, '--json'])).stdout) as Array<Record<string, unknown>>;
    const after = await forms();
    expect(after.find((f) => f.formNumber === f1)).toMatchObject({ mailedOn: jstDay(0) });
    expect(after.find((f) => f.formNumber === f1)!.returned).toBeUndefined();
    expect(after.find((f) => f.formNumber === f2)).toMatchObject({ mailedOn: jstDay(0), returned: { reason: '宛所尋ねあたりません', on: jstDay(0) } });
    const twice = await runCli(['print-return', returnFile, ...as, '--json']);
    expect(JSON.parse(twice.stdout)).toMatchObject({ alreadyImported: true, events: 0 });
    const sameFacts = join(dir, 'return-utf8.csv');
    writeFileSync(sameFacts, csvBytes([['予診票番号', 'チェック文字', '発送日', '不達', '不達理由', '不達日'], [f1.slice(0, 10), f1[10]!, jstDay(0), '', '', ''], [f2.slice(0, 10), f2[10]!, jstDay(0), '1', '宛所尋ねあたりません', jstDay(0)]], 'utf-8'));
    expect(JSON.parse((await runCli(['print-return', sameFacts, ...as, '--json'])).stdout)).toMatchObject({ alreadyImported: false, events: 0, skipped: 2 });
    expect(await forms()).toEqual(after);
    expect(JSON.parse((await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', jstDay(0), ...as, '--json'])).stdout).find((r: { residentId: string }) => r.residentId === '000002').mailReturned).toBe(jstDay(0));

    // A return naming a form no run issued is refused whole, naming the file, line and item; nothing of it is kept.
    const bad = join(dir, 'bad-return.csv');
    writeFileSync(bad, csvBytes([['予診票番号', '印刷日', '発送日'], [f1, jstDay(0), jstDay(0)], [formNumberOf(99_999), '', jstDay(0)]]));
    const refused = await runCli(['print-return', bad, ...as]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad-return\.csv:3: 予診票番号: no form of this number/);
    expect((await forms()).find((f) => f.formNumber === f1)!.printedOn).toBeUndefined();
    // A mistyped check character is refused too, naming the line and column, never the number.
    const typo = join(dir, 'typo-return.csv');
    const wrong = f1.slice(0, 10) + (f1[10] === '1' ? '2' : '1');
    writeFileSync(typo, csvBytes([['予診票番号', '発送日'], [wrong, jstDay(0)]]));
    const typoed = await runCli(['print-return', typo, ...as]);
    expect(typoed.code).toBe(2);
    expect(typoed.stderr).toMatch(/typo-return\.csv:2:1: 予診票番号: .*check character/);
    expect(typoed.stderr).not.toContain(wrong);
    expect(log.length).toBeGreaterThan(0);

    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(40));
});
