import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { ADMIN_SECRET, cliTimeout, runCli } from '../support/child.ts';
import { tempDir } from '../support/temp.ts';
import { aResident } from '../support/residents.ts';
import { hostAuthenticated } from '@vaxledger/domain';

describe('request and erase on the command line', () => {
  it('lodges, decides and discloses a request, and erases a person (within retention only with a reason)', async () => {
    const db = join(tempDir(), 'privacy.db');
    const engine = await openSqliteEngine({ file: db, tenant: '041009', create: true, authenticator: hostAuthenticated });
    await engine.initTenant('admin.sato', { secret: ADMIN_SECRET });
    await engine.session('admin.sato', 'registration').registerResident('000001', aResident(1));
    await engine.close();

    const lodged = await runCli(['request', 'lodge', '--resident', '000001', '--kind', 'disclosure', '--received', '2026-04-01', '--db', db, '--operator', 'admin.sato', '--json']);
    expect(lodged.code).toBe(0);
    const { requestId, deadline } = JSON.parse(lodged.stdout);
    expect(deadline).toBe('2026-04-15');
    expect((await runCli(['request', 'decide', requestId, '--decision', 'granted', '--reason', '開示', '--db', db, '--operator', 'admin.sato'])).code).toBe(0);
    const disclosed = await runCli(['request', 'disclose', requestId, '--db', db, '--operator', 'admin.sato']);
    expect(disclosed.code).toBe(0);
    expect(JSON.parse(disclosed.stdout)).toMatchObject({ residentId: '000001', requestId });

    expect((await runCli(['erase', '000001', '--db', db, '--operator', 'admin.sato'])).code).toBe(2); // within retention, no reason
    const erased = await runCli(['erase', '000001', '--reason', '利用停止請求に基づく消去', '--db', db, '--operator', 'admin.sato', '--json']);
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toEqual({ residentId: '000001', erased: true, withinRetention: true, alreadyErased: false, counts: { doses: expect.any(Number), heldSlips: 0, vrsRows: 0, keysDestroyed: 1 } });
    expect((await runCli(['ledger', '000001', '--db', db, '--operator', 'admin.sato'])).code).toBe(2);
    expect((await runCli(['verify', '--db', db])).code).toBe(0);
  }, cliTimeout(7));
});
