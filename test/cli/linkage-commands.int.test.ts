import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

describe('copy export and certificate on the command line', () => {
  it('writes the 副本 file once per name, incrementally, and issues a certificate', async () => {
    const dir = tempDir();
    const db = join(dir, 'linkage.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    const s = engine.session('admin.sato', 'registration');
    await s.registerResident('000001', aResident(1, { birthDate: '2025-01-10', integratedAddresseeNo: 'K-7731-0042' }));
    await s.recordVaccination({ residentId: '000001', vaccine: 'hib', dose: 1, date: '2025-03-15', source: 'clinic-slip', lot: 'AB123' });
    await engine.close();
    const as = ['--db', db, '--operator', 'admin.sato'];

    const first = await runCli(['copy', 'export', '--out', join(dir, 'copy-1.csv'), ...as, '--json']);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ full: true, residents: 1, records: 1, unlinked: 0 });
    const bytes = readFileSync(join(dir, 'copy-1.csv'));
    expect(bytes.toString('utf8')).toBe('統合宛名番号,接種名称区分,期回数区分,接種日,接種区分\r\nK-7731-0042,hib,1,2025-03-15,routine\r\n');
    expect(summary.fileHash).toBe(createHash('sha256').update(bytes).digest('hex'));

    // an existing file is never overwritten, and a refused export leaves nothing behind
    writeFileSync(join(dir, 'taken.csv'), 'not yours');
    expect((await runCli(['copy', 'export', '--out', join(dir, 'taken.csv'), ...as])).code).toBe(2);
    expect(readFileSync(join(dir, 'taken.csv'), 'utf8')).toBe('not yours');
    expect((await runCli(['copy', 'export', '--out', join(dir, 'copy-x.csv'), '--db', db, '--operator', 'nobody.here'])).code).toBe(3);
    expect(existsSync(join(dir, 'copy-x.csv'))).toBe(false);
    const nowhere = await runCli(['copy', 'export', '--out', join(dir, 'no-such-folder', 'copy.csv'), ...as]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('cannot create');
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);

    // the auditor's check: this file is the one handed over; a changed copy of it is not
    const verified = await runCli(['copy', 'verify', join(dir, 'copy-1.csv'), ...as, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ matches: true, export: { exportId: summary.exportId, operator: 'admin.sato', residents: 1, records: 1 } });
    writeFileSync(join(dir, 'copy-1-changed.csv'), bytes.toString('utf8').replace('2025-03-15', '2025-03-16'));
    const changed = await runCli(['copy', 'verify', join(dir, 'copy-1-changed.csv'), ...as]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('no export of this store has these bytes');

    const second = await runCli(['copy', 'export', '--out', join(dir, 'copy-2.csv'), ...as]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/incremental export .*: 0 persons, 0 records/);

    const cert = await runCli(['certificate', '000001', '--identity-document', '運転免許証', ...as]);
    expect(cert.code).toBe(0);
    expect(cert.stdout).toContain('ヒブ (Hib) 第1回  2025-03-15  定期  Lot AB123');
    expect((await runCli(['certificate', '000001', ...as])).code).toBe(2); // --identity-document is required: a usage error
    const log = await runCli(['oplog', ...as, '--purpose', 'audit', '--json']);
    const actions = (JSON.parse(log.stdout) as Array<{ action: string; outcome: string }>).map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(expect.arrayContaining(['copies.export:allowed', 'certificate.issue:allowed']));
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(11));
});
