// Issue 25: antibody tests and special statuses from the command line, on a real SQLite file: an insufficient
// rubella antibody result makes a man of the 第5期 cohort due for rubella-5, a sufficient one does not; a long-term
// illness makes a late Hib dose routine up to 2年 after it ended and never past 10歳.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated } from '@vaxledger/domain';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';

type Row = { residentId: string; status: string; window: { from: string; to: string } | null };

describe('antibody record, condition record/end, and what eligible makes of them', () => {
  it('an insufficient antibody result makes the man due for rubella-5; a sufficient one does not', async () => {
    const db = join(tempDir(), 'antibody.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const { secret } = await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.registerResident('m1', aResident(1, { birthDate: '1970-05-01', sex: 'male' }));
    await clerk.registerResident('m2', aResident(2, { birthDate: '1972-03-03', sex: 'male' }));
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato', '--purpose', 'registration'];
    const test = (id: string, result: string, n: string) => ['antibody', 'record', id, ...as, '--date', '2024-06-01', '--method', 'HI', '--titer', '8', '--unit', '倍', '--result', result, '--test-number', n];

    expect((await runCli(test('m1', 'insufficient', 'T-001'))).code).toBe(0);
    expect((await runCli(test('m2', 'sufficient', 'T-002'))).code).toBe(0);
    // The same test again adds nothing; another result under the same 検査番号 is refused.
    expect((await runCli(test('m1', 'insufficient', 'T-001'))).code).toBe(0);
    const clash = await runCli(test('m1', 'sufficient', 'T-001'));
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('T-001');

    const eligible = await runCli(['eligible', '--db', db, '--operator', 'notice.ito', '--vaccine', 'rubella-5', '--dose', '1', '--date', '2026-01-10', '--json'], { VAXLEDGER_SECRET: secret! });
    expect(eligible.code).toBe(0);
    const rows = JSON.parse(eligible.stdout) as Row[];
    expect(rows.map((r) => [r.residentId, r.status])).toEqual([['m1', 'due']]);

    const ledger = JSON.parse((await runCli(['ledger', 'm1', ...as, '--json'])).stdout);
    expect(ledger.antibodyTests).toMatchObject([{ date: '2024-06-01', method: 'HI', titer: '8', unit: '倍', result: 'insufficient', testNumber: 'T-001' }]);
    const text = await runCli(['ledger', 'm1', ...as]);
    expect(text.stdout).toContain('風しん抗体検査  2024-06-01  HI  8 倍  抗体価不十分  検査番号 T-001');
    // Health data: the result and titer are sealed at rest (the file holds no clear text of them).
    expect(readFileSync(db).includes(Buffer.from('"insufficient"'))).toBe(false);
  }, cliTimeout(9));

  it('import antibody: a file of results lands whole, once; a bad row refuses it naming file, line and item', async () => {
    const dir = tempDir();
    const db = join(dir, 'antibody-import.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const { secret } = await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.registerResident('m1', aResident(1, { birthDate: '1970-05-01', sex: 'male' }));
    await clerk.registerResident('m2', aResident(2, { birthDate: '1972-03-03', sex: 'male' }));
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato', '--purpose', 'registration'];
    const header = '整理番号,検査日,検査方法,抗体価,単位,判定結果,検査番号\n';
    const good = join(dir, 'tests.csv');
    writeFileSync(good, `${header}m1,令和6年6月1日,HI,8,倍,不十分,T-101\nm2,2024-06-02,EIA,12.0,EIA価,十分,T-102\n`);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${header}m1,2024-07-01,HI,8,倍,不十分,T-201\nx9,2024-07-01,HI,8,倍,不十分,T-202\nm2,2024-07-01,HI,8,倍,たぶん,T-203\n`);

    const refused = await runCli(['import', 'antibody', bad, ...as]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('bad.csv');
    expect(refused.stderr).toMatch(/bad\.csv:4[:\d]*: 判定結果/);
    expect(refused.stderr).not.toContain('たぶん');
    // Rows that read well but name nobody registered here are refused too, after the reading.
    writeFileSync(bad, `${header}m1,2024-07-01,HI,8,倍,不十分,T-201\nx9,2024-07-01,HI,8,倍,不十分,T-202\n`);
    const nobody = await runCli(['import', 'antibody', bad, ...as]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/bad\.csv:3[:\d]*: 整理番号/);
    expect(JSON.parse((await runCli(['ledger', 'm1', ...as, '--json'])).stdout).antibodyTests).toEqual([]);

    const first = await runCli(['import', 'antibody', good, ...as, '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 2, events: 2, alreadyImported: false });
    expect(JSON.parse((await runCli(['import', 'antibody', good, ...as, '--json'])).stdout)).toMatchObject({ alreadyImported: true });

    const eligible = await runCli(['eligible', '--db', db, '--operator', 'notice.ito', '--vaccine', 'rubella-5', '--dose', '1', '--date', '2026-01-10', '--json'], { VAXLEDGER_SECRET: secret! });
    expect((JSON.parse(eligible.stdout) as Row[]).map((r) => [r.residentId, r.status])).toEqual([['m1', 'due']]);
    const ledger = JSON.parse((await runCli(['ledger', 'm1', ...as, '--json'])).stdout);
    expect(ledger.antibodyTests).toMatchObject([{ date: '2024-06-01', result: 'insufficient', testNumber: 'T-101' }]);
  }, cliTimeout(7));

  it('a long-term illness makes a late Hib dose routine within 2年 of its end and up to 10歳, not after', async () => {
    const db = join(tempDir(), 'long-term.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const { secret } = await engine.session('admin.sato', 'administration').registerOperator('notice.ito', ['notices'], ['notices']);
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.registerResident('c1', aResident(1, { birthDate: '2016-06-10' }));
    await clerk.registerResident('c2', aResident(2, { birthDate: '2016-06-10' }));
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato', '--purpose', 'registration'];
    const eligible = async (date: string): Promise<Row[]> => {
      const r = await runCli(['eligible', '--db', db, '--operator', 'notice.ito', '--vaccine', 'hib', '--dose', '1', '--date', date, '--status', 'due,closing', '--json'], { VAXLEDGER_SECRET: secret! });
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as Row[];
    };

    // Ill from 2017-01-01; still ill: the 特例 runs to 10歳 (2026-06-09).
    const record = await runCli(['condition', 'record', 'c1', ...as, '--kind', 'long-term-illness', '--from', '2017-01-01', '--document', '診断書 (小児慢性特定疾病)']);
    expect(record.code).toBe(0);
    expect((await eligible('2022-01-10')).map((r) => [r.residentId, r.status, r.window?.to])).toEqual([['c1', 'due', '2026-06-09']]);
    // It ended on 2022-05-10: routine until 2年を経過する日 (2024-05-09), not after; c2, never ill, is past 生後60月.
    expect((await runCli(['condition', 'end', 'c1', ...as, '--kind', 'long-term-illness', '--on', '2022-05-10'])).code).toBe(0);
    expect((await eligible('2024-02-01')).map((r) => [r.residentId, r.window?.to])).toEqual([['c1', '2024-05-09']]);
    expect(await eligible('2024-05-10')).toEqual([]);
    // Ending it twice, or a period overlapping it, is refused.
    expect((await runCli(['condition', 'end', 'c1', ...as, '--kind', 'long-term-illness', '--on', '2022-06-01'])).code).toBe(2);
    expect((await runCli(['condition', 'record', 'c1', ...as, '--kind', 'long-term-illness', '--from', '2021-01-01', '--document', '診断書'])).code).toBe(2);

    // c2: ill until 2025-12-01, so 2年 runs to 2027-11-30, but 10歳に達する日 (2026-06-09) comes first.
    expect((await runCli(['condition', 'record', 'c2', ...as, '--kind', 'long-term-illness', '--from', '2017-01-01', '--to', '2025-12-01', '--document', '診断書'])).code).toBe(0);
    expect((await eligible('2026-06-09')).map((r) => [r.residentId, r.window?.to])).toEqual([['c2', '2026-06-09']]);
    expect(await eligible('2026-06-10')).toEqual([]);

    // The dose itself, recorded on the ledger within the 特例, is routine.
    const dose = await runCli(['record', 'c2', ...as, '--vaccine', 'hib', '--dose', '1', '--date', '2026-05-01', '--identity-document', '母子健康手帳', '--json']);
    expect(dose.code, dose.stderr).toBe(0);
    expect(JSON.parse(dose.stdout)).toMatchObject({ routine: true });
    const ledger = await runCli(['ledger', 'c2', ...as]);
    expect(ledger.stdout).toContain('長期療養者  2017-01-01 〜 2025-12-01  証明書類: 診断書');
  }, cliTimeout(14));

  it('a fee exemption is answered by date, and the question is logged', async () => {
    const db = join(tempDir(), 'fee.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const clerk = engine.session('admin.sato', 'registration');
    await clerk.registerResident('p1', aResident(1, { birthDate: '1950-01-01' }));
    await clerk.recordCondition('p1', 'fee-exemption', { from: '2025-04-01', to: '2026-03-31', document: '生活保護受給証明書' });
    expect(await clerk.feeExemptOn('p1', '2025-03-31')).toBe(false);
    expect(await clerk.feeExemptOn('p1', '2025-04-01')).toBe(true);
    expect(await clerk.feeExemptOn('p1', '2026-03-31')).toBe(true);
    expect(await clerk.feeExemptOn('p1', '2026-04-01')).toBe(false);
    const log = await engine.session('admin.sato', 'audit').operationLog({ resident: 'p1' });
    expect(log.filter((e) => e.action === 'status.view' && e.outcome === 'allowed')).toHaveLength(4);
    // A disclosure (開示) shows the person their special statuses and antibody tests too.
    await clerk.recordAntibodyTest({ residentId: 'p1', date: '2024-06-01', method: 'EIA', titer: '3.0', unit: 'EIA価', result: 'insufficient', testNumber: 'T-9' });
    const officer = engine.session('admin.sato', 'disclosure');
    const request = await officer.lodgeRequest({ residentId: 'p1', kind: 'disclosure', receivedOn: '2026-01-05' });
    await officer.decideRequest(request.requestId, 'granted', '全部開示');
    const disclosure = await officer.disclose(request.requestId);
    expect(disclosure.statuses).toEqual([{ kind: 'fee-exemption', from: '2025-04-01', to: '2026-03-31', document: '生活保護受給証明書' }]);
    expect(disclosure.antibodyTests).toMatchObject([{ testNumber: 'T-9', result: 'insufficient' }]);
    await engine.close();
  }, cliTimeout(1));
});
