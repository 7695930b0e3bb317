import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { formatIsoDate, hostAuthenticated, parseIsoDate } from '@vaxledger/domain';
import { ADMIN_SECRET, cliTimeout, REPO_ROOT, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { csvBytes, SLIP_HEADER, slipRow } from '../support/files.ts';
import { aResident } from '../support/residents.ts';

/** Today in Japan, as the CLI's engine dates things (it runs on the real clock). */
const japanToday = (): string => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
const daysBefore = (date: string, n: number) => formatIsoDate(parseIsoDate(date)! - n);

describe('clinics, fees and claims on the command line (a real SQLite file)', () => {
  it('clinic add/list, fees load, claims build (text, CSV, JSON), approve once, paid once', async () => {
    const dir = tempDir();
    const db = join(dir, 'claims.db');
    const today = japanToday();
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    // Three months old: Hib's first dose is routine; given five days ago.
    const birth = daysBefore(today, 90);
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1, { birthDate: birth }));
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato'];

    const added = await runCli(['clinic', 'add', '0410001', '--name', '試験こどもクリニック', '--inside-city', ...as, '--json']);
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toEqual({ clinicNo: '0410001', name: '試験こどもクリニック', location: 'inside-city', registeredOn: today });
    expect((await runCli(['clinic', 'add', '0410001', '--name', 'again', ...as])).code).toBe(2);
    const listed = await runCli(['clinic', 'list', ...as]);
    expect(listed.stdout).toContain('0410001  試験こどもクリニック  市内');

    // No fee table yet: a claim cannot be priced.
    const noFees = await runCli(['claims', 'build', '--month', today.slice(0, 7), ...as]);
    expect(noFees.code).toBe(2);
    expect(noFees.stderr).toContain('fees load');
    const badTable = join(dir, 'bad.json');
    writeFileSync(badTable, JSON.stringify({ name: 'x', claimLimitMonths: 12, fees: [{ vaccine: 'hib', amount: -5, from: '2026-04-01' }] }));
    const refused = await runCli(['fees', 'load', badTable, ...as]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('fees.0.amount');
    const loaded = await runCli(['fees', 'load', join(REPO_ROOT, 'examples/fees/sendai-2026.json'), ...as]);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain('単価表');

    const slips = join(dir, 'slips.csv');
    writeFileSync(slips, csvBytes([
      SLIP_HEADER,
      slipRow({ id: '000001', kana: 'シケン タロウ1', birth, sex: '1', vaccine: 'hib', dose: '1', date: daysBefore(today, 5) }),
      // a name that differs: held (疑義)
      slipRow({ id: '000001', kana: 'ベツジン', birth, sex: '1', vaccine: 'pcv', dose: '1', date: daysBefore(today, 5) }),
    ]));
    expect((await runCli(['import', 'slips', slips, ...as])).code).toBe(0);
    const month = today.slice(0, 7);

    const json = await runCli(['claims', 'build', '--month', month, ...as, '--json']);
    expect(json.stderr).toBe('');
    const view = JSON.parse(json.stdout) as { clinics: { clinicNo: string; status: string; totals: { doses: number; amount: number }; lines: { residentId: string; vaccine: string; amount: number }[]; excluded: { reason: string }[] }[] };
    expect(view.clinics).toHaveLength(1);
    expect(view.clinics[0]).toMatchObject({ clinicNo: '0410001', status: 'open', totals: { doses: 1, amount: 9350 } });
    expect(view.clinics[0]!.lines.map((l) => [l.residentId, l.vaccine, l.amount])).toEqual([['000001', 'hib', 9350]]);
    expect(view.clinics[0]!.excluded.map((e) => e.reason)).toEqual(['held']);

    const csv = await runCli(['claims', 'build', '--month', month, '--clinic', '0410001', ...as, '--csv']);
    const [header, paid, notPaid, end] = csv.stdout.split('\r\n');
    expect(header).toBe('請求年月,医療機関番号,医療機関名,区分,記録番号,整理番号,接種日,接種名称,期回数,委託料,自己負担,請求額,支払対象外理由');
    expect(paid).toMatch(new RegExp(`^${month},0410001,試験こどもクリニック,支払対象,[0-9a-f-]{36},000001,${daysBefore(today, 5)},ヒブ \\(Hib\\),第1回,9350,0,9350,$`));
    expect(notPaid).toContain(',支払対象外,');
    expect(notPaid!.endsWith(',疑義保留中')).toBe(true);
    expect(end).toBe('');
    const text = await runCli(['claims', 'build', '--month', month, ...as]);
    expect(text.stdout).toContain('支払対象 1件  委託料 9,350円  自己負担 0円  請求額 9,350円');
    expect(text.stdout).toContain('疑義保留中');

    // The clinic's own claim: its one line at another amount, and a line the city has no slip for.
    const theirs = join(dir, 'clinic-claim.csv');
    writeFileSync(theirs, csvBytes([
      ['整理番号', '接種日', '接種名称', '期回数', '請求額'],
      ['000001', daysBefore(today, 5), 'ヒブ', '1', '9,500'],
      ['000002', daysBefore(today, 6), 'hib', '1', '9350'],
    ]));
    const reconciled = await runCli(['claims', 'reconcile', theirs, '--month', month, '--clinic', '0410001', ...as, '--json']);
    expect(reconciled.code).toBe(1);
    expect((JSON.parse(reconciled.stdout) as { counts: unknown }).counts).toEqual({ matched: 0, 'amount-differs': 1, 'only-theirs': 1, 'only-ours': 0 });
    const reconciledText = await runCli(['claims', 'reconcile', theirs, '--month', month, '--clinic', '0410001', ...as]);
    expect(reconciledText.stdout).toContain('金額相違: 2行目 000001');
    expect(reconciledText.stdout).toContain('医療機関 9,500円 / 市 9,350円');
    expect(reconciledText.stdout).toContain('医療機関の請求のみ: 3行目 000002');
    const same = join(dir, 'clinic-claim-same.csv');
    writeFileSync(same, csvBytes([['整理番号', '接種日', '接種名称', '期回数', '請求額'], ['000001', daysBefore(today, 5), 'ヒブ', '1', '9350']]));
    expect((await runCli(['claims', 'reconcile', same, '--month', month, '--clinic', '0410001', ...as])).code).toBe(0);
    const broken = join(dir, 'clinic-claim-broken.csv');
    writeFileSync(broken, csvBytes([['整理番号', '接種日', '接種名称', '期回数', '請求額'], ['000001', daysBefore(today, 5), 'ヒブ', '1', 'たくさん']]));
    const brokenRun = await runCli(['claims', 'reconcile', broken, '--month', month, '--clinic', '0410001', ...as]);
    expect(brokenRun.code).toBe(2);
    expect(brokenRun.stderr).toContain('clinic-claim-broken.csv');
    expect(brokenRun.stderr).toContain('請求額');

    const report = await runCli(['claims', 'report', '--month', month, ...as, '--csv']);
    expect(report.code).toBe(0);
    expect(report.stdout.split('\r\n')).toEqual([
      '請求年月,医療機関番号,医療機関名,接種名称,期回数,件数,委託料,自己負担,請求額',
      `${month},0410001,試験こどもクリニック,ヒブ (Hib),第1回,1,9350,0,9350`,
      '',
    ]);

    const approved = await runCli(['claims', 'approve', '--month', month, '--clinic', '0410001', ...as]);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('請求額 9,350円');
    const twice = await runCli(['claims', 'approve', '--month', month, '--clinic', '0410001', ...as]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('approved already');
    expect((await runCli(['claims', 'approve', '--month', month, '--clinic', '9999', ...as])).code).toBe(2);

    const payment = await runCli(['claims', 'paid', '--month', month, '--clinic', '0410001', '--date', today, ...as, '--json']);
    expect(JSON.parse(payment.stdout)).toEqual({ clinicNo: '0410001', month, paidOn: today, amount: 9350 });
    expect((await runCli(['claims', 'paid', '--month', month, '--clinic', '0410001', '--date', today, ...as])).code).toBe(2);
    expect((await runCli(['claims', 'build', '--month', '2026-13', ...as])).code).toBe(2);

    // 負担金区分 and 免除区分 through record: kept on the record.
    const recorded = await runCli(['record', '000001', '--vaccine', 'pcv', '--dose', '1', '--date', daysBefore(today, 4), '--identity-document', '母子健康手帳',
      '--co-payment-class', '0', '--exemption-class', 'public-assistance', ...as, '--json']);
    expect(recorded.stderr).toBe('');
    const ledger = JSON.parse((await runCli(['ledger', '000001', ...as, '--purpose', 'registration', '--json'])).stdout) as { records: { fields: Record<string, unknown> }[] };
    expect(ledger.records.find((r) => r.fields.vaccine === 'pcv')!.fields).toMatchObject({ coPaymentClass: '0', exemptionClass: 'public-assistance' });

    // The report's printing, the approval and the payment are in the operation log.
    const log = await runCli(['oplog', '--json', ...as, '--purpose', 'audit']);
    const actions = (JSON.parse(log.stdout) as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['clinic.add', 'fees.load', 'claims.report', 'claims.approve', 'claims.pay', 'claims.view']));

    // A clerk of another affair is denied (exit 3), and the denial is on the record.
    const denied = await runCli(['claims', 'build', '--month', month, ...as.slice(0, 2), '--operator', 'nobody.here']);
    expect(denied.code).toBe(3);
  }, cliTimeout(26));
});
