import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

describe('check-dose, eligible and stats on the command line', () => {
  it('check-dose prints exactly the documented JSON and exits 1 when the dose is not routine', async () => {
    const ok = await runCli(['check-dose', '--vaccine', 'hib', '--dose', '1', '--birth', '2025-04-02', '--date', '2025-06-01', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ vaccine: 'hib', dose: 1, routine: true, window: { from: '2025-06-01', to: '2030-04-01' }, earliest: '2025-06-01', reasons: [] });
    const early = await runCli(['check-dose', '--vaccine', 'hib', '--dose', '1', '--birth', '2025-04-02', '--date', '2025-05-31', '--json']);
    expect(early.code).toBe(1);
    expect(Object.keys(JSON.parse(early.stdout))).toEqual(['vaccine', 'dose', 'routine', 'window', 'earliest', 'reasons']);
    expect(JSON.parse(early.stdout).reasons).toEqual(['too-early']);
    const interval = await runCli(['check-dose', '--vaccine', 'hib', '--dose', '2', '--birth', '2025-04-02', '--date', '2025-06-20', '--history', 'hib:1:2025-06-01', '--json']);
    expect(JSON.parse(interval.stdout)).toMatchObject({ routine: false, earliest: '2025-06-29', reasons: ['interval-too-short'] });
    const male = await runCli(['check-dose', '--vaccine', 'hpv', '--dose', '1', '--birth', '2012-05-01', '--date', '2025-06-05', '--sex', 'male', '--json']);
    expect(JSON.parse(male.stdout)).toMatchObject({ window: null, earliest: null, reasons: ['wrong-sex'] });
    expect((await runCli(['check-dose', '--vaccine', 'hib', '--dose', '1', '--birth', '2025-02-30', '--date', '2025-06-01'])).code).toBe(2);
    expect((await runCli(['check-dose', '--vaccine', 'flu', '--dose', '1', '--birth', '2025-02-03', '--date', '2025-06-01'])).code).toBe(2);
  }, cliTimeout(6));

  it('eligible lists residents with status and window; stats suppresses small cells; both are logged', async () => {
    const db = join(tempDir(), 'schedule.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const { secret: noticeSecret } = await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
    const asNotice = { VAXLEDGER_SECRET: noticeSecret! };
    const s = engine.session('admin.sato', 'registration');
    for (let i = 0; i < 12; i++) {
      await s.registerResident(`k${i}`, aResident(i, { birthDate: '2025-01-15', wardCode: i < 6 ? '101' : '102' }));
      if (i < 11) await s.recordVaccination({ residentId: `k${i}`, vaccine: 'bcg', dose: 1, date: '2025-06-01', source: 'clinic-slip' });
    }
    await engine.close();

    const eligible = await runCli(['eligible', '--db', db, '--operator', 'notice.ito', '--vaccine', 'bcg', '--dose', '1', '--date', '2025-10-01', '--json'], asNotice);
    expect(eligible.code).toBe(0);
    const rows = JSON.parse(eligible.stdout);
    expect(rows).toEqual([{ residentId: 'k11', status: 'due', window: { from: '2025-01-15', to: '2026-01-14' }, earliest: '2025-01-15', wardCode: '102' }]);
    const csv = await runCli(['eligible', '--db', db, '--operator', 'notice.ito', '--vaccine', 'bcg', '--dose', '1', '--date', '2025-10-01', '--ward', '101', '--csv'], asNotice);
    expect(csv.stdout.trim()).toBe('residentId,status,window_from,window_to,earliest,ward');
    // Statistics are not a notices operator's affair.
    expect((await runCli(['stats', '--db', db, '--operator', 'notice.ito', '--fiscal-year', '2025'], asNotice)).code).toBe(3);
    const stats = await runCli(['stats', '--db', db, '--operator', 'admin.sato', '--fiscal-year', '2025', '--json']);
    expect(stats.code).toBe(0);
    const report = JSON.parse(stats.stdout);
    expect(report.doses).toEqual([
      { vaccine: 'bcg', dose: 1, fiscalYear: 2025, ward: '101', ageGroup: '0', count: null },
      { vaccine: 'bcg', dose: 1, fiscalYear: 2025, ward: '102', ageGroup: '0', count: null },
    ]);
    expect(stats.stdout).not.toContain('k1');
    const oplog = JSON.parse((await runCli(['oplog', '--db', db, '--operator', 'admin.sato', '--json'])).stdout) as Array<{ action: string; outcome: string }>;
    expect(oplog.filter((e) => ['eligibility.view', 'statistics.view'].includes(e.action)).map((e) => [e.action, e.outcome])).toEqual([
      ['eligibility.view', 'allowed'], ['eligibility.view', 'allowed'], ['statistics.view', 'denied'], ['statistics.view', 'allowed'],
    ]);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(6));
});
