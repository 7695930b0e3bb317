import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { formNumberOf, hostAuthenticated } from '@vaxledger/domain';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { csvBytes, SLIP_HEADER, slipRow, storeBytesAtRest } from '../support/files.ts';

/** A date `days` from today in Japan (YYYY-MM-DD). */
const jstDay = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

// Issue 24 (forms, print and mail state): every form of a notice run has a number with a check character; a reissue
// invalidates the old number, and a clinic slip is matched by the number it bears before its 4 information.
describe('forms (予診票) on the command line, on a real SQLite file', () => {
  it('issues numbered forms, reissues one, holds slips bearing invalid or others\' numbers, flags returned mail', async () => {
    const dir = tempDir();
    const db = join(dir, 'forms.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const clerk = engine.session('admin.sato', 'registration');
    const born = jstDay(-120); // four months old: due for Hib dose 1
    for (const n of [1, 2, 3]) await clerk.registerResident(`00000${n}`, aResident(n, { birthDate: born, becameResidentOn: born, postalCode: '980-0001' }));
    await engine.session('admin.sato', 'administration').registerOperator('reg.kato', ['registration'], ['registration', 'notices'], { secret: 'kato-secret-123456' });
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato'];

    // The run: one form per resident, numbered, with a check character.
    const run = await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', jstDay(0), '--issue', 'ticket', ...as, '--json']);
    expect(run.code).toBe(0);
    const notices = JSON.parse(run.stdout) as { runId: string; notices: Array<{ residentId: string; formNumber: string }> };
    expect(notices.notices.map((n) => [n.residentId, n.formNumber])).toEqual([['000001', formNumberOf(1)], ['000002', formNumberOf(2)], ['000003', formNumberOf(3)]]);
    const [f1, f2, f3] = notices.notices.map((n) => n.formNumber) as [string, string, string];

    const listed = await runCli(['forms', 'list', '--run', notices.runId, ...as, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { formNumber: f1, residentId: '000001', vaccine: 'hib', dose: 1, status: 'valid', reissueCount: 0, runId: notices.runId, kind: 'ticket' },
      { formNumber: f2, status: 'valid' }, { formNumber: f3, status: 'valid' },
    ]);

    // A reissue: a new number, the old one invalid, the count and date kept; the old one cannot be reissued again.
    const reissued = await runCli(['forms', 'reissue', f1, '--reason', 'lost', ...as, '--json']);
    expect(reissued.code).toBe(0);
    const n1 = JSON.parse(reissued.stdout).newFormNumber as string;
    expect(n1).toBe(formNumberOf(4));
    expect(JSON.parse(reissued.stdout)).toMatchObject({ formNumber: f1, residentId: '000001', reissueCount: 1, reissuedOn: jstDay(0) });
    const again = await runCli(['forms', 'reissue', f1, '--reason', 'lost', ...as]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`was reissued as ${n1}`);
    const typo = await runCli(['forms', 'reissue', f1.slice(0, 9) + f1[10] + f1[9], '--reason', 'lost', ...as]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/check character|not a 予診票番号/);
    const mine = JSON.parse((await runCli(['forms', 'list', '--resident', '000001', ...as, '--json'])).stdout);
    expect(mine).toMatchObject([
      { formNumber: f1, status: 'invalidated', replacedBy: n1, invalidatedOn: jstDay(0) },
      { formNumber: n1, status: 'valid', reissueCount: 1, reissuedOn: jstDay(0), replaces: f1, reissueReason: 'lost' },
    ]);
    const text = await runCli(['forms', 'list', '--resident', '000001', ...as]);
    expect(text.stdout).toContain('無効 (再発行済)');
    expect(text.stdout).toContain('再発行 1枚目');
    expect(text.stdout).toMatch(/JST/);

    // Slips bearing form numbers: matched by the number first.
    const slips = join(dir, 'slips.csv');
    const kana = (n: number) => aResident(n).kanaName;
    const row = (n: number, form: string) => [...slipRow({ id: `00000${n}`, kana: kana(n), birth: born, sex: n % 2 === 0 ? '2' : '1', vaccine: 'hib', dose: '1', date: jstDay(0) }), form];
    writeFileSync(slips, csvBytes([
      [...SLIP_HEADER, '予診票番号'],
      row(1, f1), // reissued away
      row(2, n1), // resident 1's number on resident 2's slip
      row(3, formNumberOf(999)), // a well-formed number no form has
      row(1, n1), // the current number: registers
      row(3, ''), // no number: matched as before
    ]));
    const imported = await runCli(['import', 'slips', slips, ...as, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 5, held: 3 });
    const queue = JSON.parse((await runCli(['suspense', 'list', ...as, '--json'])).stdout) as Array<{ line: number; reason: string; mismatchedItems?: string[] }>;
    expect(queue.map((q) => [q.line, q.reason, q.mismatchedItems ?? []])).toEqual([[2, 'form-invalidated', []], [3, 'form-mismatch', ['residentId']], [4, 'form-unknown', []]]);
    expect((await runCli(['suspense', 'list', ...as])).stdout).toContain('無効な予診票番号');
    const ledger = JSON.parse((await runCli(['ledger', '000001', ...as, '--json'])).stdout);
    expect(JSON.stringify(ledger)).toContain('"vaccine":"hib"');
    // A mistyped number refuses the file, naming the line and column, not the number.
    const bad = join(dir, 'bad-slips.csv');
    writeFileSync(bad, csvBytes([[...SLIP_HEADER, '予診票番号'], row(2, f2.slice(0, 10) + (f2[10] === '1' ? '2' : '1'))]));
    const refused = await runCli(['import', 'slips', bad, ...as]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad-slips\.csv:2:\d+: 予診票番号: .*check character/);

    // Print and mail state; returned mail flags the resident for the next run.
    expect((await runCli(['forms', 'printed', f2, '--kind', 'batch', '--date', jstDay(0), ...as])).code).toBe(0);
    expect((await runCli(['forms', 'mailed', f2, '--date', jstDay(0), ...as])).code).toBe(0);
    const back = await runCli(['forms', 'returned', f2, '--reason', '宛所尋ねあたりません', '--date', jstDay(0), ...as]);
    expect(back.code).toBe(0);
    const twice = await runCli(['forms', 'returned', f2, '--reason', '宛所尋ねあたりません', '--date', jstDay(0), ...as, '--json']);
    expect(JSON.parse(twice.stdout)).toMatchObject({ recorded: false });
    expect((await runCli(['forms', 'returned', f2, '--reason', 'x', '--date', jstDay(1), ...as])).code).toBe(2); // a future date
    const returned = JSON.parse((await runCli(['forms', 'list', '--returned', ...as, '--json'])).stdout);
    expect(returned).toMatchObject([{ formNumber: f2, residentId: '000002', printKind: 'batch', printedOn: jstDay(0), mailedOn: jstDay(0), returned: { reason: '宛所尋ねあたりません', on: jstDay(0) } }]);
    const due = await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', jstDay(0), ...as, '--json']);
    const rows = JSON.parse(due.stdout) as Array<{ residentId: string; mailReturned?: string }>;
    expect(rows.find((r) => r.residentId === '000002')?.mailReturned).toBe(jstDay(0));
    expect(rows.filter((r) => r.mailReturned !== undefined).map((r) => r.residentId)).toEqual(['000002']);
    expect((await runCli(['eligible', '--vaccine', 'hib', '--dose', '1', '--date', jstDay(0), ...as])).stdout).toContain(`※不達 ${jstDay(0)}`);

    // Voiding, and a clerk without the notices role is denied (exit 3), on the record.
    expect((await runCli(['forms', 'void', f3, '--reason', '誤発行', ...as])).code).toBe(0);
    expect((await runCli(['forms', 'void', f3, '--reason', '誤発行', ...as])).code).toBe(2);
    const kato = { VAXLEDGER_SECRET: 'kato-secret-123456' };
    expect((await runCli(['forms', 'list', '--db', db, '--operator', 'reg.kato', '--purpose', 'notices'], kato)).code).toBe(3);
    expect((await runCli(['forms', 'reissue', n1, '--reason', 'lost', '--db', db, '--operator', 'reg.kato', '--purpose', 'notices'], kato)).code).toBe(3);
    const log = JSON.parse((await runCli(['oplog', ...as, '--purpose', 'audit', '--json'])).stdout) as Array<{ action: string; outcome: string; operator: string; resident?: string }>;
    const seen = log.map((e) => `${e.operator}:${e.action}:${e.outcome}`);
    expect(seen).toEqual(expect.arrayContaining([
      'admin.sato:forms.view:allowed', 'admin.sato:forms.reissue:allowed', 'admin.sato:forms.returned:allowed', 'admin.sato:forms.void:allowed',
      'reg.kato:forms.view:denied', 'reg.kato:forms.reissue:denied',
    ]));
    expect(log.some((e) => e.action === 'forms.view' && e.resident === '000001')).toBe(true);

    // The person's own facts of a form are sealed at rest: the return reason is nowhere in the file in clear.
    expect(storeBytesAtRest(db).includes(Buffer.from('宛所尋ねあたりません'))).toBe(false);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(30));
});
