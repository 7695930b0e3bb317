// Issue 25: the statutory reports. `report annual` counts exactly the routine doses of the 年度 on the ledger (voided,
// voluntary and out-of-year doses left out), counted here independently from what the engine said when each dose was
// recorded; the published copy suppresses cells under 10 persons and says so; every report read is logged.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated } from '@vaxledger/domain';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { seededRandom, testSeed } from '../support/random.ts';

const VACCINES = [['hib', 1], ['pcv', 1], ['bcg', 1], ['mr', 1], ['varicella', 1], ['hepb', 1]] as const;

describe('report annual and monthly on the command line', () => {
  it('the annual totals equal the routine doses of the 年度, counted independently; published cells under 10 are suppressed', async () => {
    const random = seededRandom(testSeed(2501));
    const db = join(tempDir(), 'reports.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const { secret } = await engine.session('admin.sato', 'administration').registerOperator('stats.mori', ['statistics'], ['statistics']);
    const clerk = engine.session('admin.sato', 'registration');
    // Independent count: routine doses of FY2025 (2025-04-01 … 2026-03-31) still in force, by vaccine|dose and in all.
    const expected = new Map<string, number>();
    let routineInYear = 0;
    let notRoutine = 0;
    for (let i = 0; i < 60; i++) {
      const id = `r${String(i).padStart(3, '0')}`;
      const birth = `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-1${Math.floor(random() * 9)}`;
      await clerk.registerResident(id, aResident(i, { birthDate: birth }));
      for (const [vaccine, dose] of VACCINES) {
        if (random() < 0.3) continue;
        const day = Math.floor(random() * 700); // 2024-10-01 + 0…699 days: before, in and after FY2025
        const date = new Date(Date.UTC(2024, 9, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const recorded = await clerk.recordVaccination({ residentId: id, vaccine, dose, date, source: 'clinic-slip' });
        if (random() < 0.1) {
          await clerk.voidVaccination({ residentId: id, recordId: recorded.recordId, reason: '誤登録' });
          continue;
        }
        if (recorded.category !== 'routine') notRoutine++;
        else if (date >= '2025-04-01' && date <= '2026-03-31') {
          routineInYear++;
          expected.set(`${vaccine}|${dose}`, (expected.get(`${vaccine}|${dose}`) ?? 0) + 1);
        }
      }
    }
    // The test can fail: some doses are left out for being voluntary, and the year has doses to count.
    expect(notRoutine).toBeGreaterThan(0);
    expect(routineInYear).toBeGreaterThan(20);
    const monthlySum = await (async () => {
      const stats = engine.session('stats.mori', 'statistics');
      let sum = 0;
      for (const m of ['04', '05', '06', '07', '08', '09', '10', '11', '12']) sum += (await stats.monthlyReport(`2025-${m}`)).total!;
      for (const m of ['01', '02', '03']) sum += (await stats.monthlyReport(`2026-${m}`)).total!;
      return sum;
    })();
    await engine.close();
    expect(monthlySum).toBe(routineInYear);

    const asStats = { VAXLEDGER_SECRET: secret! };
    const annual = await runCli(['report', 'annual', '--db', db, '--operator', 'stats.mori', '--fiscal-year', '2025', '--json'], asStats);
    expect(annual.code, annual.stderr).toBe(0);
    const report = JSON.parse(annual.stdout) as { audience: string; total: number; cells: { vaccine: string; dose: number; ageGroup: string; persons: number }[] };
    expect(report.audience).toBe('submitted');
    expect(report.total).toBe(routineInYear);
    const byDose = new Map<string, number>();
    for (const c of report.cells) byDose.set(`${c.vaccine}|${c.dose}`, (byDose.get(`${c.vaccine}|${c.dose}`) ?? 0) + c.persons);
    expect(byDose).toEqual(expected);
    expect(new Set(report.cells.map((c) => c.ageGroup)).size).toBeGreaterThan(1);

    const published = await runCli(['report', 'annual', '--db', db, '--operator', 'stats.mori', '--fiscal-year', '2025', '--published', '--csv'], asStats);
    expect(published.code).toBe(0);
    const rows = published.stdout.trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    expect(rows.every((r) => r[2] === 'published')).toBe(true);
    expect(rows.every((r) => r.at(-1) === '<10' || Number(r.at(-1)) >= 10)).toBe(true);
    expect(rows.some((r) => r.at(-1) === '<10')).toBe(true);

    const text = await runCli(['report', 'monthly', '--db', db, '--operator', 'stats.mori', '--month', '2025-06'], asStats);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('提出用: 秘匿なし');
    expect(text.stdout).not.toMatch(/r\d{3}/);
    // Not the registration clerk's affair; each read (and the refusal) on the record.
    expect((await runCli(['report', 'monthly', '--db', db, '--operator', 'admin.sato', '--purpose', 'registration', '--month', '2025-06'])).code).toBe(3);
    const oplog = JSON.parse((await runCli(['oplog', '--db', db, '--operator', 'admin.sato', '--json'])).stdout) as Array<{ action: string; outcome: string; operator: string }>;
    expect(oplog.filter((e) => e.action === 'statistics.view' && e.operator === 'stats.mori' && e.outcome === 'allowed')).toHaveLength(12 + 3);
  }, cliTimeout(7) + 120_000);
});
