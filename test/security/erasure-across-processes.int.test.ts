import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteEngine } from '@vaxledger/adapters';
import { TENANT } from '../support/events.ts';
import { aResident } from '../support/residents.ts';
import { tempDir } from '../support/temp.ts';
import { hostAuthenticated } from '@vaxledger/domain';

describe('an erasure made by another process', () => {
  it('takes effect in an engine that had already opened the person’s data', async () => {
    const file = join(tempDir(), 'city.db');
    const host = await openSqliteEngine({ file, tenant: TENANT, create: true, authenticator: hostAuthenticated });
    const other = await openSqliteEngine({ file, tenant: TENANT, authenticator: hostAuthenticated });
    try {
      await host.initTenant('admin.sato');
      const clerk = host.session('admin.sato', 'registration');
      await clerk.registerResident('000101', aResident(1, { kanjiName: '消去 花子', birthDate: '2020-06-01' }));
      await clerk.recordVaccination({ residentId: '000101', vaccine: 'mr', dose: 1, date: '2021-06-10', source: 'clinic-slip' });
      const inquiry = host.session('admin.sato', 'inquiry');
      const before = new Date().toISOString();
      expect(JSON.stringify(await inquiry.viewLedger('000101'))).toContain('2021-06-10');
      expect(JSON.stringify(await inquiry.ledgerAsOf('000101', { instant: before }))).toContain('2021-06-10');

      await other.session('admin.sato', 'administration').erase('000101', { reason: '本人からの削除請求 (決定済み)' });

      // The host opened this person's data before: it must not be able to any more.
      await expect(inquiry.viewLedger('000101')).rejects.toThrow(/not registered/);
      const past = await inquiry.ledgerAsOf('000101', { instant: before });
      expect(JSON.stringify(past ?? null)).not.toContain('2021-06-10');
      expect(JSON.stringify(past ?? null)).not.toContain('消去');
    } finally {
      await other.close();
      await host.close();
    }
  });
});
